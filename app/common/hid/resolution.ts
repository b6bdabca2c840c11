/**
 * The resolution Linux gives an absolute axis (units per mm, or per radian for angles), as
 * drivers/hid/hid-input.c hidinput_calc_abs_res() computes it from the field's logical and
 * physical extents, Unit and Unit Exponent. 0 means "unknown" to user space (libinput then guesses),
 * which is what most tablet descriptor fixes are about.
 */
import type { HidField } from './descriptor.js';

export type AxisKind = 'length' | 'angle';

/** Which usages hid-input maps to axes whose resolution it computes. */
export function axisKind(usage: number): AxisKind | undefined {
	const page = usage >>> 16;
	const id = usage & 0xffff;
	if (page === 0x01) {
		if (id >= 0x30 && id <= 0x32) return 'length'; // X, Y, Z → ABS_X/Y/Z
		if ((id >= 0x33 && id <= 0x35) || id === 0x38) return 'angle'; // Rx, Ry, Rz, Wheel
	}
	if (page === 0x0d) {
		if (id === 0x48 || id === 0x49) return 'length'; // Width, Height → ABS_MT_TOUCH_MAJOR/MINOR
		if (id === 0x3d || id === 0x3e) return 'angle'; // X Tilt, Y Tilt
	}
	return undefined;
}

const S32_MAX = 0x7fffffff;

/** hidinput_calc_abs_res(): 0 when the kernel cannot compute one (including on s32 overflow). */
export function absResolution(
	field: Pick<
		HidField,
		'logicalMin' | 'logicalMax' | 'physicalMin' | 'physicalMax' | 'unit' | 'unitExponent'
	>,
	usage: number,
): number {
	const kind = axisKind(usage);
	if (!kind) return 0;
	let exp = field.unitExponent;
	let logical = field.logicalMax - field.logicalMin;
	let physical = field.physicalMax - field.physicalMin;
	if (logical <= 0 || physical <= 0 || logical > S32_MAX || physical > S32_MAX) return 0;
	if (kind === 'length') {
		if (field.unit === 0x11) {
			exp += 1; // centimetres → millimetres
		} else if (field.unit === 0x13) {
			physical *= 254; // inches → millimetres (×25.4)
			if (physical > S32_MAX) return 0;
			exp -= 1;
		} else {
			return 0;
		}
	} else if (field.unit === 0x14) {
		logical *= 573; // degrees → radians (×57.3)
		if (logical > S32_MAX) return 0;
		exp += 1;
	} else if (field.unit !== 0x12) {
		return 0;
	}
	for (; exp < 0; exp++) {
		logical *= 10;
		if (logical > S32_MAX) return 0;
	}
	for (; exp > 0; exp--) {
		physical *= 10;
		if (physical > S32_MAX) return 0;
	}
	// DIV_ROUND_CLOSEST for positive operands.
	return Math.floor((logical + Math.floor(physical / 2)) / physical);
}
