// SPDX-License-Identifier: GPL-2.0-only
/*
 * Microsoft Optical Mouse with Tilt Wheel (USB 045E:00D1): invert the
 * vertical wheel ("natural scrolling" done in the device, so it applies on a
 * console, in X11 and Wayland alike, whatever the desktop offers).
 *
 * Kind: event-only fix. Nothing in the report descriptor changes, so
 * attaching and detaching do not reconnect the device.
 *
 * Original report descriptor (196 bytes, app/test/fixtures/msmouse.hid.txt),
 * the part this fix relies on:
 *   85 11        Report ID (17)           <- mouse input report
 *   05 09 19 01 29 03 95 03 75 01 ...     buttons, padding   byte 1
 *   05 01 09 30 09 31 95 02 75 08 15 81 25 7f 81 06
 *                X, Y, -127..127, relative bytes 2, 3
 *   ... 85 11 09 38 15 81 25 7f 75 08 81 06   @171
 *                Wheel, -127..127, relative byte 4
 *   05 0c 75 08 0a 38 02 81 06
 *                AC Pan (tilt), relative   byte 5
 * so input report 17 is 6 bytes: id, buttons, X, Y, wheel, AC Pan.
 *
 * Why a BPF fix and not a libinput setting: this is the example of the
 * "event-only" class in hidfix's test bench (swap, invert, drop); it changes
 * one byte of one report and nothing else.
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

#define VID_MICROSOFT 0x045E
#define PID_OPTICAL_MOUSE_TILT_WHEEL 0x00D1

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_MICROSOFT, PID_OPTICAL_MOUSE_TILT_WHEEL),
);

#define RDESC_SIZE 196
#define MOUSE_REPORT_ID 0x11
#define MOUSE_REPORT_SIZE 6
#define WHEEL_BYTE 4
/* offset of "85 11 09 38" (Report ID 17, Usage Wheel) in the original rdesc */
#define WHEEL_ITEMS_OFFSET 171

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(msmouse_invert_wheel, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, MOUSE_REPORT_SIZE);
	__s8 wheel;

	if (!data)
		return 0; /* report shorter than ours: not the mouse report */

	if (data[0] != MOUSE_REPORT_ID)
		return 0;

	wheel = (__s8)data[WHEEL_BYTE];
	/* -128 is outside the declared logical range; leave it alone */
	if (wheel != -128)
		data[WHEEL_BYTE] = (__u8)(-wheel);

	return 0; /* keep the report size */
}

HID_BPF_OPS(msmouse_natural_scroll) = {
	.hid_device_event = (void *)msmouse_invert_wheel,
};

/*
 * Accept only the descriptor described above: the wheel must be byte 4 of
 * report 17, or inverting byte 4 would corrupt another field.
 */
SEC("syscall")
int probe(struct hid_bpf_probe_args *ctx)
{
	const __u8 *r = ctx->rdesc;

	ctx->retval = -22; /* -EINVAL */
	if (ctx->rdesc_size != RDESC_SIZE)
		return 0;
	if (r[WHEEL_ITEMS_OFFSET] == 0x85 && r[WHEEL_ITEMS_OFFSET + 1] == MOUSE_REPORT_ID &&
	    r[WHEEL_ITEMS_OFFSET + 2] == 0x09 && r[WHEEL_ITEMS_OFFSET + 3] == 0x38)
		ctx->retval = 0;

	return 0;
}

char _license[] SEC("license") = "GPL";
