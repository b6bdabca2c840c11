import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HidField, ParsedDescriptor } from './descriptor.js';
import { encodeItems } from './items.js';
import { collectionPath, findReport, parseDescriptor } from './parser.js';
import { bytesFromPrinted, printItems } from './printer.js';
import { parseRecording } from './recording.js';
import { usageLabel } from './usages.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);
const bin = (name: string) => new Uint8Array(readFileSync(new URL(name, FIX)));
const b = (...x: number[]) => Uint8Array.from(x);

function msmouseDescriptor(): Uint8Array {
	const r = parseRecording(readFileSync(new URL('msmouse.hid.txt', FIX), 'utf8'));
	if (!r.ok || !r.value.devices[0]?.descriptor) throw new Error('msmouse.hid.txt does not parse');
	return r.value.devices[0].descriptor;
}

function parse(bytes: Uint8Array): ParsedDescriptor {
	const r = parseDescriptor(bytes);
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

/** The layout facts of a field as a compact object, for whole-object comparisons. */
const layout = (f: HidField) => ({
	bits: `${f.bitOffset}+${f.bitSize}x${f.count}`,
	usages: f.usages.map((u) =>
		u.min === u.max ? usageLabel(u.min) : `${usageLabel(u.min)}..${usageLabel(u.max)}`,
	),
	flags: f.rawFlags,
	logical: [f.logicalMin, f.logicalMax],
	physical: [f.physicalMin, f.physicalMax],
	unit: [f.unit, f.unitExponent],
});

const sizes = (d: ParsedDescriptor) => d.reports.map((r) => `${r.type} ${r.id}: ${r.byteSize}`);

describe('parseDescriptor on real descriptors', () => {
	it('msmouse (R: line of msmouse.hid.txt): reports, sizes, mouse report layout', () => {
		const d = parse(msmouseDescriptor());
		expect(d.usesReportIds).toBe(true);
		expect(sizes(d)).toEqual([
			'input 19: 2',
			'feature 23: 2',
			'feature 24: 2',
			'input 17: 6',
			'feature 18: 2',
		]);
		expect(findReport(d, 'input', 17)?.fields.map(layout)).toEqual([
			{
				bits: '0+1x3',
				usages: ['Button / Button 1..Button / Button 3'],
				flags: 2,
				logical: [0, 1],
				physical: [0, 0],
				unit: [0, 0],
			},
			{ bits: '3+1x1', usages: [], flags: 1, logical: [0, 1], physical: [0, 0], unit: [0, 0] },
			{
				bits: '4+1x1',
				usages: ['Button / Button 5'],
				flags: 2,
				logical: [0, 1],
				physical: [0, 0],
				unit: [0, 0],
			},
			{ bits: '5+1x3', usages: [], flags: 1, logical: [0, 1], physical: [0, 0], unit: [0, 0] },
			{
				bits: '8+8x2',
				usages: ['Generic Desktop / X', 'Generic Desktop / Y'],
				flags: 6,
				logical: [-127, 127],
				physical: [0, 0],
				unit: [0, 0],
			},
			{
				bits: '24+8x1',
				usages: ['Generic Desktop / Wheel'],
				flags: 6,
				logical: [-127, 127],
				physical: [0, 0],
				unit: [0, 0],
			},
			{
				bits: '32+8x1',
				usages: ['Consumer / AC Pan'],
				flags: 6,
				logical: [-127, 127],
				physical: [0, 0],
				unit: [0, 0],
			},
		]);
		expect(d.collections.map((c) => [c.kind, usageLabel(c.usage), c.parent, c.depth])).toEqual([
			[1, 'Consumer / Consumer Control', -1, 0],
			[2, 'Generic Desktop / Mouse', 0, 1],
			[1, 'Generic Desktop / Mouse', -1, 0],
			[2, 'Generic Desktop / Mouse', 2, 1],
			[0, 'Generic Desktop / Pointer', 3, 2],
			[2, '0x0000 / 0x0000', 4, 3],
		]);
	});

	it('Huion Inspiroy 2 S pen (interface 1): report 0x0A exact layout', () => {
		const d = parse(bin('huion-inspiroy-2s-0003-256C-0066.0017.hid.bin'));
		expect(sizes(d)).toEqual(['input 10: 10']);
		const r = findReport(d, 'input', 0x0a)!;
		const inch3 = [0x33, -3];
		expect(r.fields.map(layout)).toEqual([
			{
				bits: '0+1x6',
				usages: [
					'Digitizers / Tip Switch',
					'Digitizers / Barrel Switch',
					'Digitizers / Eraser',
					'Digitizers / Invert',
				],
				flags: 2,
				logical: [0, 1],
				physical: [0, 0],
				unit: [0, 0],
			},
			{
				bits: '6+1x1',
				usages: ['Digitizers / In Range'],
				flags: 2,
				logical: [0, 1],
				physical: [0, 0],
				unit: [0, 0],
			},
			{ bits: '7+1x1', usages: [], flags: 3, logical: [0, 1], physical: [0, 0], unit: [0, 0] },
			{
				bits: '8+16x2',
				usages: ['Generic Desktop / X', 'Generic Desktop / Y'],
				flags: 2,
				logical: [0, 32767],
				physical: [0, 2048],
				unit: inch3,
			},
			{
				bits: '40+16x1',
				usages: ['Digitizers / Tip Pressure'],
				flags: 2,
				logical: [0, 0x1fff],
				physical: [0, 2048],
				unit: inch3,
			},
			{
				bits: '56+8x2',
				usages: ['Digitizers / X Tilt', 'Digitizers / Y Tilt'],
				flags: 2,
				logical: [-127, 127],
				physical: [0, 2048],
				unit: inch3,
			},
		]);
		const x = r.fields[3]!;
		expect(collectionPath(d, x.collection).map((c) => usageLabel(c.usage))).toEqual([
			'Digitizers / Pen',
			'Digitizers / Stylus',
		]);
	});

	it('Huion Inspiroy 2 S vendor and pad interfaces', () => {
		const vendor = parse(bin('huion-inspiroy-2s-0003-256C-0066.0016.hid.bin'));
		expect(sizes(vendor)).toEqual(['input 8: 12']);
		expect(vendor.reports[0]!.fields.map(layout)).toEqual([
			{
				bits: '0+88x1',
				usages: ['Vendor Defined Page 0xff00 / Vendor Usage 0x0001'],
				flags: 2,
				logical: [0, 0],
				physical: [0, 0],
				unit: [0, 0],
			},
		]);
		const pad = parse(bin('huion-inspiroy-2s-0003-256C-0066.0018.hid.bin'));
		expect(sizes(pad)).toEqual(['input 3: 8', 'input 4: 3']);
		expect(pad.reports.flatMap((r) => r.fields.map(layout))).toEqual([
			{
				bits: '0+1x8',
				usages: ['Keyboard/Keypad / Keyboard LeftControl..Keyboard/Keypad / Keyboard Right GUI'],
				flags: 2,
				logical: [0, 1],
				physical: [0, 0],
				unit: [0, 0],
			},
			{
				bits: '8+8x6',
				usages: ['Keyboard/Keypad / 0x0000..Keyboard/Keypad / 0x00ff'],
				flags: 0,
				logical: [0, 255],
				physical: [0, 0],
				unit: [0, 0],
			},
			{
				bits: '0+16x1',
				usages: ['Consumer / 0x0000..Consumer / AC Format'],
				flags: 0,
				logical: [0, 572],
				physical: [0, 0],
				unit: [0, 0],
			},
		]);
	});

	it('Huion Kamvas Pro 19: vendor, pen + touch, touchscreen report sizes', () => {
		expect(sizes(parse(bin('huion-kamvas-pro-19-0003-256C-006B.0001.hid.bin')))).toEqual([
			'input 8: 14',
			'feature 22: 8',
		]);
		// Touch report 4: 2 fingers × (6+1+1+16+16+16) + scan time 32 + contact count 8 + 64 padding = 216 bits.
		const pen = parse(bin('huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin'));
		expect(sizes(pen)).toEqual(['input 10: 10', 'input 4: 28', 'feature 5: 2', 'feature 6: 257']);
		expect(findReport(pen, 'input', 10)!.fields[0]!.usages.map((u) => usageLabel(u.min))).toEqual([
			'Digitizers / Tip Switch',
			'Digitizers / Barrel Switch',
			'Digitizers / Secondary Tip Switch',
			'Digitizers / Invert',
			'Digitizers / Eraser',
		]);
		// Touchscreen report 4: 10 fingers × (6+1+1+16+16, no pressure) + 32 + 8 + 64 = 504 bits.
		const touch = parse(bin('huion-kamvas-pro-19-0003-256C-006B.0003.hid.bin'));
		expect(sizes(touch)).toEqual(['input 4: 64', 'feature 5: 2', 'feature 6: 257']);
		const fingers = touch.collections.filter((c) => usageLabel(c.usage) === 'Digitizers / Finger');
		expect(fingers.length).toBe(10);
		const scan = findReport(touch, 'input', 4)!.fields.find(
			(f) => usageLabel(f.usages[0]?.min ?? 0) === 'Digitizers / Scan Time',
		)!;
		expect(layout(scan)).toEqual({
			bits: '400+32x1',
			usages: ['Digitizers / Scan Time'],
			flags: 2,
			logical: [0, 0x7fffffff],
			physical: [0, 2678], // left over from the last finger's Y, as the kernel keeps it
			unit: [0x1001, -4],
		});
	});

	it('parses every descriptor fixture and round-trips items and printed text', () => {
		const names = readdirSync(FIX).filter((n) => n.endsWith('.hid.bin'));
		expect(names.length).toBeGreaterThanOrEqual(6);
		for (const bytes of [...names.map(bin), msmouseDescriptor()]) {
			const d = parse(bytes);
			expect(encodeItems(d.items)).toEqual(bytes);
			const printed = bytesFromPrinted(printItems(d).join('\n'));
			expect(printed).toEqual(bytes);
			expect(parse(printed)).toEqual(d);
		}
	});
});

/** A `static const __u8 name[...] = { … };` array from a BPF source, comments skipped. */
function cArray(source: string, name: string): number[] {
	const m = new RegExp(`${name}\\[[^\\]]*\\]\\s*=\\s*\\{([^}]*)\\}`).exec(source);
	if (!m) throw new Error(`no array ${name}`);
	return Array.from(bytesFromPrinted(m[1]!));
}

const BPF = new URL('../../../bpf/src/', import.meta.url);
const bpfSource = (path: string) => readFileSync(new URL(path, BPF), 'utf8');

describe('descriptors of the example fixes (bpf/src), rebuilt from the sources arrays', () => {
	it('Inspiroy 2 S: X/Y in inches with their own physical maximum', () => {
		const src = bpfSource('stable/0010-Huion__Inspiroy-2-S.bpf.c');
		const orig = bin('huion-inspiroy-2s-0003-256C-0066.0017.hid.bin');
		expect(Array.from(orig.subarray(40, 64))).toEqual(cArray(src, 'original_xy'));
		const fixed = Uint8Array.from([
			...orig.subarray(0, 40),
			...cArray(src, 'fixed_xy'),
			...orig.subarray(64),
		]);
		const d = parse(fixed);
		expect(fixed.length).toBe(98);
		expect(sizes(d)).toEqual(['input 10: 10']);
		const f = findReport(d, 'input', 10)!.fields;
		expect(f.slice(3, 5).map(layout)).toEqual([
			{
				bits: '8+16x1',
				usages: ['Generic Desktop / X'],
				flags: 2,
				logical: [0, 32767],
				physical: [0, 6299],
				unit: [0x13, -3],
			},
			{
				bits: '24+16x1',
				usages: ['Generic Desktop / Y'],
				flags: 2,
				logical: [0, 32767],
				physical: [0, 3937],
				unit: [0x13, -3],
			},
		]);
	});

	it('Kamvas Pro 19: Secondary Barrel Switch and a third button at bit 5', () => {
		const src = bpfSource('stable/0010-Huion__Kamvas-Pro-19.bpf.c');
		const orig = bin('huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin');
		expect(Array.from(orig.subarray(12, 32))).toEqual(cArray(src, 'original_buttons'));
		const fixed = Uint8Array.from(orig);
		fixed[17] = 0x5a;
		fixed[29] = 0x05;
		const rebuilt = Uint8Array.from([
			...fixed.subarray(0, 32),
			...cArray(src, 'inserted_items'),
			...fixed.subarray(32),
		]);
		expect(rebuilt.length).toBe(338);
		const d = parse(rebuilt);
		expect(sizes(d)).toEqual(['input 10: 10', 'input 4: 28', 'feature 5: 2', 'feature 6: 257']);
		expect(
			findReport(d, 'input', 10)!
				.fields.slice(0, 3)
				.map((f) => [f.bitOffset, f.count, f.usages.map((u) => usageLabel(u.min))]),
		).toEqual([
			[
				0,
				5,
				[
					'Digitizers / Tip Switch',
					'Digitizers / Barrel Switch',
					'Digitizers / Secondary Barrel Switch',
					'Digitizers / Invert',
					'Digitizers / Eraser',
				],
			],
			[5, 1, ['Button / Button 74']],
			[6, 1, ['Digitizers / In Range']],
		]);
	});

	it('Optical Mouse Tilt Wheel: padding bit 3 becomes Button 4', () => {
		const src = bpfSource('testing/0010-Microsoft__Optical-Mouse-Tilt-Wheel.bpf.c');
		const orig = msmouseDescriptor();
		expect(Array.from(orig.subarray(115, 123))).toEqual(cArray(src, 'original_items'));
		const fixed = Uint8Array.from(orig);
		fixed.set(cArray(src, 'fixed_items'), 115);
		const d = parse(fixed);
		expect(sizes(d)).toEqual(sizes(parse(orig)));
		expect(
			findReport(d, 'input', 17)!
				.fields.slice(0, 3)
				.map(layout)
				.map((l) => [l.bits, l.usages]),
		).toEqual([
			['0+1x3', ['Button / Button 1..Button / Button 3']],
			['3+1x2', ['Button / Button 4', 'Button / Button 5']],
			['5+1x3', []],
		]);
	});
});

describe('parser semantics', () => {
	it('Push/Pop restore the global state', () => {
		// Usage Page GD, Push, Usage Page Button, Report Size 4, Pop, Usage X, Report Count 1, Input
		const d = parse(
			b(0x05, 0x01, 0x75, 0x08, 0xa4, 0x05, 0x09, 0x75, 0x04, 0xb4, 0x09, 0x30, 0x95, 0x01, 0x81, 0x02),
		);
		expect(d.reports[0]!.fields.map(layout).map((l) => [l.bits, l.usages])).toEqual([
			['0+8x1', ['Generic Desktop / X']],
		]);
	});

	it('a Usage Page after short Usages re-pages them (kernel hid_concatenate_last_usage_page)', () => {
		const d = parse(b(0x09, 0x30, 0x09, 0x31, 0x05, 0x01, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02));
		expect(d.reports[0]!.fields[0]!.usages).toEqual([
			{ min: 0x00010030, max: 0x00010030 },
			{ min: 0x00010031, max: 0x00010031 },
		]);
	});

	it('extended 4-byte usages keep their own page', () => {
		const d = parse(
			b(0x05, 0x0d, 0x0b, 0x30, 0x00, 0x01, 0x00, 0x09, 0x42, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02),
		);
		expect(d.reports[0]!.fields[0]!.usages.map((u) => usageLabel(u.min))).toEqual([
			'Generic Desktop / X',
			'Digitizers / Tip Switch',
		]);
	});

	it('local state resets after each main item', () => {
		const d = parse(b(0x05, 0x01, 0x09, 0x30, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x81, 0x02));
		expect(d.reports[0]!.fields.map((f) => f.usages.length)).toEqual([1, 0]);
	});

	it('only the first usage set of a Delimiter block is used, and it is noted', () => {
		const d = parse(
			b(
				0x05,
				0x01,
				0xa9,
				0x01,
				0x09,
				0x30,
				0xa9,
				0x00,
				0xa9,
				0x01,
				0x09,
				0x31,
				0xa9,
				0x00,
				0x75,
				0x08,
				0x95,
				0x01,
				0x81,
				0x02,
			),
		);
		expect(d.reports[0]!.fields[0]!.usages.map((u) => usageLabel(u.min))).toEqual(['Generic Desktop / X']);
		expect(d.notes.map((n) => n.message)).toContain('alternative usage in a Delimiter set ignored');
	});

	it('Logical Maximum is unsigned when the minimum is not negative (kernel rule)', () => {
		const d = parse(
			b(
				0x15,
				0x00,
				0x25,
				0xff,
				0x75,
				0x08,
				0x95,
				0x01,
				0x09,
				0x01,
				0x81,
				0x02,
				0x15,
				0xff,
				0x25,
				0xff,
				0x09,
				0x01,
				0x81,
				0x02,
			),
		);
		expect(d.reports[0]!.fields.map((f) => [f.logicalMin, f.logicalMax])).toEqual([
			[0, 255],
			[-1, -1],
		]);
	});

	it('reports without report IDs have no ID byte', () => {
		const d = parse(b(0x05, 0x01, 0x09, 0x30, 0x75, 0x0c, 0x95, 0x01, 0x81, 0x02));
		expect([d.usesReportIds, sizes(d)]).toEqual([false, ['input 0: 2']]);
	});
});

describe('hostile descriptors are typed errors', () => {
	const cases: [string, number[], string, number][] = [
		['empty', [], 'empty', 0],
		['truncated', [0x05, 0x01, 0x26, 0xff], 'truncated-item', 2],
		['long item', [0x05, 0x01, 0xfe, 0x00, 0x01], 'long-item', 2],
		['unbalanced collection', [0x05, 0x01, 0xa1, 0x01, 0xa1, 0x00, 0xc0], 'unbalanced-collection', 7],
		['End Collection underflow', [0xc0], 'end-collection-underflow', 0],
		['Pop without Push', [0x05, 0x01, 0xb4], 'pop-without-push', 2],
		['Push overflow', [0xa4, 0xa4, 0xa4, 0xa4, 0xa4], 'push-overflow', 4],
		['report size 0', [0x09, 0x01, 0x75, 0x00, 0x95, 0x04, 0x81, 0x02], 'invalid-report-size', 6],
		['report size 257', [0x76, 0x01, 0x01], 'invalid-report-size', 0],
		['huge report count', [0x96, 0x01, 0x30], 'invalid-report-count', 0],
		['report ID 0', [0x85, 0x00], 'invalid-report-id', 0],
		['report too long', [0x75, 0xff, 0x96, 0x58, 0x02, 0x81, 0x01], 'report-too-long', 5],
		['unknown global tag', [0xc5, 0x01], 'unknown-global-item', 0],
		[
			'logical max below min',
			[0x15, 0x05, 0x25, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x01],
			'invalid-logical-range',
			8,
		],
		[
			'signed logical max below min',
			[0x15, 0xf0, 0x25, 0xe0, 0x75, 0x08, 0x95, 0x01, 0x09, 0x30, 0x81, 0x02],
			'invalid-logical-range',
			10,
		],
		['nested delimiter', [0xa9, 0x01, 0xa9, 0x01], 'unbalanced-delimiter', 2],
		['open delimiter at end', [0xa9, 0x01], 'unbalanced-delimiter', 2],
		// The kernel's local state, delimiter depth included, is reset by every main item.
		[
			'delimiter closed after a main item',
			[0xa9, 0x01, 0x09, 0x30, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xa9, 0x00],
			'unbalanced-delimiter',
			10,
		],
	];
	it.each(cases)('%s', (_name, bytes, code, offset) => {
		const r = parseDescriptor(Uint8Array.from(bytes));
		expect(r).toEqual({ ok: false, error: { code, offset, message: expect.any(String) } });
	});
});
