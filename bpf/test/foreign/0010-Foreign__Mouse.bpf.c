// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fix as another loader leaves it: hid_id compiled in (FOREIGN_HID_ID), so
 * `bpftool struct_ops register <obj> /sys/fs/bpf/hid/<dev>/<obj>/` can
 * attach and pin it in udev-hid-bpf's layout without hidfix-loader. The
 * loader test uses it to prove that `list` sees fixes hidfix did not load and
 * that the rdesc conflict check names them. Built by that test, not by the
 * Makefile (the id is only known once the uhid device exists).
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

#ifndef FOREIGN_HID_ID
#error "build with -DFOREIGN_HID_ID=<hid_id of the target device>"
#endif

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x045E, 0x00D1),
);

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(foreign_rdesc_fixup, struct hid_bpf_ctx *hctx)
{
	return 0;	/* keep the descriptor: only the slot matters */
}

HID_BPF_OPS(foreign_mouse) = {
	.hid_id = FOREIGN_HID_ID,
	.hid_rdesc_fixup = (void *)foreign_rdesc_fixup,
};

char _license[] SEC("license") = "GPL";
