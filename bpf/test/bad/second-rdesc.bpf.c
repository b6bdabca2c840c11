// SPDX-License-Identifier: GPL-2.0-only
/*
 * Deliberately bad for the test bench: a second report-descriptor fixup for
 * the Microsoft mouse (045E:00D1). The kernel allows one hid_rdesc_fixup per
 * device (drivers/hid/bpf/hid_bpf_struct_ops.c returns -EINVAL for a second
 * one); the loader must refuse it up front and name the fix that is already
 * attached: "device already has a descriptor fix (<name>)".
 * The fixup itself changes nothing and has no probe(), so only the conflict
 * can stop it.
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x045E, 0x00D1),
);

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(second_rdesc_fixup, struct hid_bpf_ctx *hctx)
{
	return 0;
}

HID_BPF_OPS(second_rdesc) = {
	.hid_rdesc_fixup = (void *)second_rdesc_fixup,
};

char _license[] SEC("license") = "GPL";
