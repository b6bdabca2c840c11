import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findReport, parseDescriptor } from './parser.js';
import { describeField } from './printer.js';
import { absResolution } from './resolution.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);
const X = 0x00010030;
const Y = 0x00010031;
const TILT_X = 0x000d003d;
const field = (
	logicalMax: number,
	physicalMax: number,
	unit: number,
	unitExponent: number,
	logicalMin = 0,
	physicalMin = 0,
) => ({
	logicalMin,
	logicalMax,
	physicalMin,
	physicalMax,
	unit,
	unitExponent,
});

describe('absResolution (hid-input hidinput_calc_abs_res)', () => {
	it('converts inches, centimetres and degrees, rounding to closest', () => {
		expect([
			absResolution(field(32767, 6299, 0x13, -3), X), // Inspiroy 2 S after its fix
			absResolution(field(32767, 3937, 0x13, -3), Y),
			absResolution(field(32767, 3093, 0x11, -2), X), // Kamvas Pro 19 touch
			absResolution(field(90, 90, 0x14, 0, -90, -90), TILT_X), // 180 degrees → 1 rad = 57.3
			absResolution(field(1000, 1, 0x12, 0), TILT_X), // radians as they are
		]).toEqual([205, 328, 106, 57, 1000]);
	});

	it('is 0 for what the kernel cannot use', () => {
		expect([
			absResolution(field(32767, 2048, 0x33, -3), X), // in³: the Inspiroy's original unit
			absResolution(field(32767, 0, 0x13, -3), X), // no physical extent
			absResolution(field(100, 100, 0x13, 0), 0x000d0030), // pressure is not an axis with a resolution
			absResolution(field(0x7fffffff, 1, 0x11, -7), X), // s32 overflow
			absResolution(field(90, 90, 0x13, 0), TILT_X), // tilt in inches
		]).toEqual([0, 0, 0, 0, 0]);
	});

	it('shows in the field summary', () => {
		const d = parseDescriptor(
			new Uint8Array(readFileSync(new URL('huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin', FIX))),
		);
		if (!d.ok) throw new Error(d.error.message);
		const x = findReport(d.value, 'input', 4)!.fields.find((f) => f.usages[0]?.min === X)!;
		expect(describeField(x)).toBe(
			'bits 8..23 (16×1) Generic Desktop / X  Data,Var,Abs,Null  logical 0..32767, physical 0..3093 SI Linear: cm ×10^-2, 106 units/mm',
		);
	});
});
