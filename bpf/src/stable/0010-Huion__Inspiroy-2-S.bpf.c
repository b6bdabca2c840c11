// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Inspiroy 2 S (USB 256C:0066, "HUION Huion Tablet_H641P"), pen
 * interface: declare the pen's X/Y physical size correctly so that userspace
 * gets a real resolution (units per mm) and the tablet keeps its aspect ratio.
 *
 * Kind: report-descriptor fix on ONE interface of a multi-interface device;
 * probe() picks the interface. The tablet exposes three HID devices with the
 * same VID:PID, told apart only by their descriptors
 * (fixtures huion-inspiroy-2s-0003-256C-0066.00{16,17,18}.hid.bin):
 *   18 bytes  vendor page 0xFF00, report 8 (vendor mode)   -> rejected
 *   93 bytes  digitizer pen, report 10                      -> accepted
 *   65 bytes  keyboard + consumer control (pad buttons)     -> rejected
 *
 * Original pen descriptor, offsets 40-63 (of 93):
 *   40  05 01        Usage Page (Generic Desktop)
 *   42  09 30 09 31  Usage (X), Usage (Y)
 *   46  55 0d        Unit Exponent (-3)
 *   48  65 33        Unit (English Linear, length^3: "in^3")   <-- wrong
 *   50  26 ff 7f     Logical Maximum (32767)
 *   53  35 00        Physical Minimum (0)
 *   55  46 00 08     Physical Maximum (2048) for both X and Y  <-- wrong
 *   58  75 10 95 02 81 02   2 x 16 bit, Input
 *
 * Why: hid-input only computes a resolution for length units cm or inch
 * (drivers/hid/hid-input.c hidinput_calc_abs_res()); "in^3" gives
 * resolution 0, and one physical maximum for both axes would make the
 * 160 x 100 mm active area (6.3 x 3.9 in, vendor specification) square.
 *
 * Fixed items (29 bytes replace the 24 at 40-63; descriptor 93 -> 98 bytes):
 *   05 01  55 0d  65 13 (inch)  26 ff 7f  35 00  75 10  95 01
 *   09 30  46 9b 18 (6299 = 6.299 in)  81 02
 *   09 31  46 61 0f (3937 = 3.937 in)  81 02
 * hid-input then reports ABS_X resolution 205 and ABS_Y 328 units/mm
 * (hidinput_calc_abs_res(): 32767 / 160.0 mm, 32767 / 100.0 mm, rounded).
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

#define VID_HUION 0x256C
#define PID_INSPIROY_2_S 0x0066

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HUION, PID_INSPIROY_2_S),
);

#define PEN_RDESC_SIZE 93
#define PATCH_AT 40
#define OLD_LEN 24
#define NEW_LEN 29
#define TAIL_AT (PATCH_AT + OLD_LEN)
#define TAIL_LEN (PEN_RDESC_SIZE - TAIL_AT)
#define FIXED_RDESC_SIZE (PEN_RDESC_SIZE - OLD_LEN + NEW_LEN)

static const __u8 original_xy[OLD_LEN] = {
	0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x55, 0x0d, 0x65, 0x33, 0x26, 0xff,
	0x7f, 0x35, 0x00, 0x46, 0x00, 0x08, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02,
};

static const __u8 fixed_xy[NEW_LEN] = {
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x55, 0x0d,		/* Unit Exponent (-3) */
	0x65, 0x13,		/* Unit (English Linear: inch) */
	0x26, 0xff, 0x7f,	/* Logical Maximum (32767) */
	0x35, 0x00,		/* Physical Minimum (0) */
	0x75, 0x10,		/* Report Size (16) */
	0x95, 0x01,		/* Report Count (1) */
	0x09, 0x30,		/* Usage (X) */
	0x46, 0x9b, 0x18,	/* Physical Maximum (6299) */
	0x81, 0x02,		/* Input (Data,Var,Abs) */
	0x09, 0x31,		/* Usage (Y) */
	0x46, 0x61, 0x0f,	/* Physical Maximum (3937) */
	0x81, 0x02,		/* Input (Data,Var,Abs) */
};

static __always_inline bool is_original_pen_rdesc(const __u8 *r, __u32 size)
{
	int i;

	if (size != PEN_RDESC_SIZE || r[6] != 0x85 || r[7] != 0x0a)
		return false;
	for (i = 0; i < OLD_LEN; i++)
		if (r[PATCH_AT + i] != original_xy[i])
			return false;
	return true;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(inspiroy_2s_pen_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);
	int i;

	if (!data || !is_original_pen_rdesc(data, hctx->size))
		return 0;

	/*
	 * Move the 29-byte tail up by 5, last byte first (no memmove in BPF).
	 * The empty asm keeps clang from turning the index into a pointer walk
	 * below data[0], which the verifier refuses; the check bounds src.
	 */
	for (i = 0; i < TAIL_LEN; i++) {
		int src = TAIL_AT + TAIL_LEN - 1 - i;

		asm volatile("" : "+r"(src));
		if (src < TAIL_AT || src >= PEN_RDESC_SIZE)
			return 0;
		data[src + NEW_LEN - OLD_LEN] = data[src];
	}

	__builtin_memcpy(data + PATCH_AT, fixed_xy, NEW_LEN);
	return FIXED_RDESC_SIZE;
}

HID_BPF_OPS(huion_inspiroy_2s) = {
	.hid_rdesc_fixup = (void *)inspiroy_2s_pen_rdesc,
};

/* The whole point of this example: same VID:PID, pick the pen interface. */
SEC("syscall")
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = -22; /* -EINVAL: vendor (18 bytes) or pad (65 bytes) */
	if (is_original_pen_rdesc(ctx->rdesc, ctx->rdesc_size))
		ctx->retval = 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
