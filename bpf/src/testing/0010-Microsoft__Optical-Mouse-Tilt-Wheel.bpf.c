// SPDX-License-Identifier: GPL-2.0-only
/*
 * Microsoft Optical Mouse with Tilt Wheel (USB 045E:00D1): declare bit 3 of
 * the button byte as Button 4 instead of constant padding.
 *
 * Kind: report-descriptor fix (same length, 2 bytes changed). Attaching and
 * detaching reconnect the device (hid-core re-probes it with the new
 * descriptor), so evdev and hidraw nodes are recreated.
 *
 * Original report descriptor: 196 bytes, app/test/fixtures/msmouse.hid.txt.
 * Mouse input report 17, byte 1 (offsets are rdesc byte offsets):
 *   103  19 01        Usage Minimum (Button 1)
 *   105  29 03        Usage Maximum (Button 3)
 *   107  95 03 75 01 25 01
 *   113  81 02        Input (Data,Var,Abs)      bits 0-2: buttons 1-3
 *   115  95 01        Report Count (1)
 *   117  81 01        Input (Cnst)               bit 3: padding   <-- hidden
 *   119  09 05        Usage (Button 5)
 *   121  81 02        Input (Data,Var,Abs)      bit 4: button 5
 *   123  95 03 81 01                             bits 5-7: padding
 * Fixed bytes 115-122:
 *   115  95 02        Report Count (2)
 *   117  09 04        Usage (Button 4)
 *   119  09 05        Usage (Button 5)
 *   121  81 02        Input (Data,Var,Abs)      bits 3-4: buttons 4-5
 * hid-input maps Button 4 of a mouse application to BTN_SIDE.
 *
 * Why: a constant (padding) field is ignored by hid-core even when the
 * device sets it, so a physically present button produces no event at all.
 * "Missing buttons" is the most common one-byte rdesc fix class (see
 * libratbag/piper #985). This file is hidfix's example of that class; on
 * this mouse the change is demonstrative: bit 3 reaches userspace only if
 * the device sets it.
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

#define VID_MICROSOFT 0x045E
#define PID_OPTICAL_MOUSE_TILT_WHEEL 0x00D1

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_MICROSOFT, PID_OPTICAL_MOUSE_TILT_WHEEL),
);

#define RDESC_SIZE 196
#define PATCH_OFFSET 115
#define PATCH_LEN 8

static const __u8 original_items[PATCH_LEN] = {
	0x95, 0x01,	/* Report Count (1) */
	0x81, 0x01,	/* Input (Cnst) */
	0x09, 0x05,	/* Usage (Button 5) */
	0x81, 0x02,	/* Input (Data,Var,Abs) */
};

static const __u8 fixed_items[PATCH_LEN] = {
	0x95, 0x02,	/* Report Count (2) */
	0x09, 0x04,	/* Usage (Button 4) */
	0x09, 0x05,	/* Usage (Button 5) */
	0x81, 0x02,	/* Input (Data,Var,Abs) */
};

static __always_inline bool has_original_items(const __u8 *r)
{
	int i;

	for (i = 0; i < PATCH_LEN; i++)
		if (r[PATCH_OFFSET + i] != original_items[i])
			return false;
	return true;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(msmouse_button4_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	/* Re-check at fixup time: probe() may have seen another descriptor
	 * (e.g. after a firmware update) than the one we now rewrite. */
	if (hctx->size != RDESC_SIZE || !has_original_items(data))
		return 0;

	__builtin_memcpy(data + PATCH_OFFSET, fixed_items, PATCH_LEN);
	return 0; /* same size */
}

HID_BPF_OPS(msmouse_button4) = {
	.hid_rdesc_fixup = (void *)msmouse_button4_rdesc,
};

SEC("syscall")
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = -22; /* -EINVAL */
	if (ctx->rdesc_size == RDESC_SIZE && has_original_items(ctx->rdesc))
		ctx->retval = 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
