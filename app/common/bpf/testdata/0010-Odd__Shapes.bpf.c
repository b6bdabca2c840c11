// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inspector fixture (never loaded): shapes real fixes rarely use. Two struct_ops maps in one
 * non-link `.struct_ops` section (the first inserted at the head with BPF_F_BEFORE), a struct_ops
 * program no map uses, a user ring buffer, trace_printk, a kprobe program, a .text subprogram
 * that reads kernel memory and injects input on behalf of its caller, an initialised UDEV_PROP_
 * in .data, a non-GPL license and no device metadata at all.
 */
#include "hid_bpf.h"
#include "hid_bpf_helpers.h"
#include "map-types.h"

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} commands SEC(".maps");

char UDEV_PROP_MODE[16] = "default";

static __attribute__((noinline)) int odd_peek(struct hid_bpf_ctx *hctx, const void *where)
{
	__u8 buf[4] = {};

	bpf_probe_read_kernel(buf, sizeof(buf), where);
	return hid_bpf_try_input_report(hctx, HID_INPUT_REPORT, buf, sizeof(buf));
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(odd_event, struct hid_bpf_ctx *hctx)
{
	bpf_printk("event %d", UDEV_PROP_MODE[0]);
	return odd_peek(hctx, hctx->hid);
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(odd_rdesc, struct hid_bpf_ctx *hctx)
{
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(odd_unused, struct hid_bpf_ctx *hctx)
{
	return 1;
}

SEC("kprobe/do_sys_open")
int odd_kprobe(void *ctx)
{
	return 0;
}

SEC(".struct_ops")
struct hid_bpf_ops odd_first = {
	.flags = BPF_F_BEFORE,
	.hid_device_event = (void *)odd_event,
};

SEC(".struct_ops")
struct hid_bpf_ops odd_second = {
	.hid_rdesc_fixup = (void *)odd_rdesc,
};

char _license[] SEC("license") = "Proprietary";
