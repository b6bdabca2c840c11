// SPDX-License-Identifier: GPL-2.0-only
/*
 * Deliberately bad for the test bench: a harmless event program that
 * declares only the Huion Kamvas Pro 19 (256C:006B). Attaching it to any
 * other device must be refused before anything is loaded, with
 * "object targets 256C:006B, device is VVVV:PPPP".
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_ANY, 0x256C, 0x006B),
);

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(wrong_device_event, struct hid_bpf_ctx *hctx)
{
	return 0;
}

HID_BPF_OPS(wrong_device) = {
	.hid_device_event = (void *)wrong_device_event,
};

char _license[] SEC("license") = "GPL";
