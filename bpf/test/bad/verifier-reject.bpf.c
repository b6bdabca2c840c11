// SPDX-License-Identifier: GPL-2.0-only
/*
 * Deliberately bad: compiles, matches the Microsoft mouse (045E:00D1), and
 * must be REJECTED by the kernel verifier. It asks hid_bpf_get_data() for 6
 * bytes and then reads byte 8, i.e. past the end of the memory region the
 * verifier granted ("invalid access to memory, mem_size=6 off=8 size=1").
 * The loader test asserts that the verifier log reaches the JSON error.
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x045E, 0x00D1),
);

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(bad_out_of_bounds, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, 6 /* size */);

	if (!data)
		return 0;

	data[1] = data[8];	/* out of bounds on purpose */
	return 0;
}

HID_BPF_OPS(bad_verifier) = {
	.hid_device_event = (void *)bad_out_of_bounds,
};

char _license[] SEC("license") = "GPL";
