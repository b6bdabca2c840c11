// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inspector fixture (never loaded): the 6.3–6.10 tracing API, fmod_ret/hid_bpf_* sections attached
 * through a syscall program calling hid_bpf_attach_prog (udev-hid-bpf's attach.bpf.c pattern),
 * with a perf event array that sends data out of the kernel.
 */
#include "hid_bpf.h"
#include "hid_bpf_helpers.h"
#include "map-types.h"

extern int hid_bpf_attach_prog(unsigned int hid_id, int prog_fd, __u32 flags) __ksym;

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x045E, 0x00D1),
);

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} reports SEC(".maps");

struct attach_prog_args {
	int prog_fd;
	unsigned int hid;
	int retval;
};

SEC("fmod_ret/hid_bpf_device_event")
int BPF_PROG(legacy_event, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0, 4);

	if (!data)
		return 0;
	bpf_perf_event_output(ctx, &reports, 0xffffffffULL, data, 4);
	return 0;
}

SEC("fmod_ret/hid_bpf_rdesc_fixup")
int BPF_PROG(legacy_rdesc, struct hid_bpf_ctx *hctx)
{
	return 0;
}

SEC("syscall")
int attach_prog(struct attach_prog_args *ctx)
{
	ctx->retval = hid_bpf_attach_prog(ctx->hid, ctx->prog_fd, 0);
	return 0;
}

char _license[] SEC("license") = "GPL";
