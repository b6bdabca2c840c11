// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inspector fixture (never loaded): a struct_ops fix exercising everything the inspector reports
 * that the example fixes in bpf/src do not: several HID_DEVICE entries with wildcards, all four
 * hooks (hw_request sleepable), kfuncs that talk to the device and inject input, a ring buffer, a
 * hash map, a UDEV_PROP_ global, probe(), a second syscall program, and writes to the device's name
 * and quirks (CO-RE relocated).
 */
#include "hid_bpf.h"
#include "hid_bpf_helpers.h"
#include "map-types.h"

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x256C, 0x006B),
	HID_DEVICE(BUS_BLUETOOTH, HID_GROUP_ANY, 0x256C, HID_PID_ANY),
	HID_DEVICE(BUS_I2C, HID_GROUP_MULTITOUCH_WIN_8, HID_VID_ANY, HID_PID_ANY),
	HID_DEVICE(BUS_ANY, HID_GROUP_ANY, 0x12345678, 0xFFFF),
);

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 64);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} state SEC(".maps");

char UDEV_PROP_HUION_FIRMWARE_ID[64];
const volatile int debug_level = 1;
int counter = 3;

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(multi_event, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0, 8);

	if (!data)
		return 0;
	bpf_ringbuf_output(&events, data, 8, 0);
	if (UDEV_PROP_HUION_FIRMWARE_ID[0] == 'H')
		data[1] = 0;
	hid_bpf_try_input_report(hctx, HID_INPUT_REPORT, data, 8);
	return counter + debug_level;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(multi_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;
	data[0] = 0x05;
	if (hctx->hid->product == 0x006B) {
		__builtin_memcpy(hctx->hid->name, "Fixed tablet", 13);
		hctx->hid->quirks |= 1;
	}
	return 0;
}

SEC("struct_ops.s/hid_hw_request")
int BPF_PROG(multi_request, struct hid_bpf_ctx *hctx, unsigned char reportnum,
	     enum hid_report_type rtype, enum hid_class_request reqtype, __u64 source)
{
	__u8 buf[4] = { 2, 0, 0, 0 };
	__u32 key = 0;

	bpf_map_lookup_elem(&state, &key);
	hid_bpf_hw_request(hctx, buf, sizeof(buf), HID_FEATURE_REPORT, HID_REQ_SET_REPORT);
	hid_bpf_input_report(hctx, HID_INPUT_REPORT, buf, sizeof(buf));
	return 0;
}

SEC(HID_BPF_HW_OUTPUT_REPORT)
int BPF_PROG(multi_output, struct hid_bpf_ctx *hctx, __u64 source)
{
	return 0;
}

HID_BPF_OPS(multi_everything) = {
	.hid_device_event = (void *)multi_event,
	.hid_rdesc_fixup = (void *)multi_rdesc,
	.hid_hw_request = (void *)multi_request,
	.hid_hw_output_report = (void *)multi_output,
};

SEC("syscall")
int probe(struct hid_bpf_probe_args *ctx)
{
	if (ctx->rdesc_size == 93)
		HID_BPF_PROBE_ACCEPT(ctx);
	else
		HID_BPF_PROBE_REJECT(ctx);
	return 0;
}

SEC("syscall")
int switch_mode(struct hid_bpf_probe_args *ctx)
{
	struct hid_bpf_ctx *hctx = hid_bpf_allocate_context(ctx->hid);
	__u8 buf[2] = { 3, 1 };

	if (!hctx)
		return -1;
	hid_bpf_hw_output_report(hctx, buf, sizeof(buf));
	hid_bpf_release_context(hctx);
	return 0;
}

char _license[] SEC("license") = "GPL";
