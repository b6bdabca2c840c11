import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDecoder } from './decoder.js';
import { diffItems, itemChangeLine } from './descriptor-diff.js';
import type { ParsedDescriptor } from './descriptor.js';
import { diffEvents, EventStats } from './event-diff.js';
import { diffLayouts } from './layout-diff.js';
import { parseDescriptor } from './parser.js';
import { bytesFromPrinted } from './printer.js';
import { parseRecording } from './recording.js';
import { compare } from './verdict.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);
const bin = (name: string) => new Uint8Array(readFileSync(new URL(name, FIX)));
const parse = (bytes: Uint8Array | number[]): ParsedDescriptor => {
	const r = parseDescriptor(Uint8Array.from(bytes));
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
};
const bpfArray = (path: string, name: string): number[] => {
	const src = readFileSync(new URL(`../../../bpf/src/${path}`, import.meta.url), 'utf8');
	const m = new RegExp(`${name}\\[[^\\]]*\\]\\s*=\\s*\\{([^}]*)\\}`).exec(src);
	return Array.from(bytesFromPrinted(m![1]!));
};
function msmouse(): Uint8Array {
	const r = parseRecording(readFileSync(new URL('msmouse.hid.txt', FIX), 'utf8'));
	if (!r.ok) throw new Error('fixture');
	return r.value.devices[0]!.descriptor!;
}
function msmouseFixed(): Uint8Array {
	const fixed = Uint8Array.from(msmouse());
	fixed.set(bpfArray('testing/0010-Microsoft__Optical-Mouse-Tilt-Wheel.bpf.c', 'fixed_items'), 115);
	return fixed;
}

// Usage Page (Button), Report ID (1), Usage Min 1, Usage Max N, 0..1, 1 bit × N, padding to 8 bits.
const buttons = (n: number) => [
	0x05,
	0x09,
	0x85,
	0x01,
	0x19,
	0x01,
	0x29,
	n,
	0x15,
	0x00,
	0x25,
	0x01,
	0x75,
	0x01,
	0x95,
	n,
	0x81,
	0x02,
	0x95,
	8 - n,
	0x81,
	0x01,
];

describe('descriptor diff', () => {
	it('says what a Usage Maximum change means, per report', () => {
		const before = parse(buttons(3));
		const after = parse(buttons(5));
		expect(diffItems(before, after).map(itemChangeLine)).toEqual([
			'input report 1: Usage Maximum 3 → 5 — two more buttons',
			'input report 1: Report Count 3 → 5 — two more elements',
			'input report 1: Report Count 5 → 3 — two fewer elements',
		]);
		expect(diffLayouts(before, after).flatMap((r) => r.lines)).toEqual([
			'input report 1: Button 4 appears at bit 3 (was padding)',
			'input report 1: Button 5 appears at bit 4 (was padding)',
		]);
	});

	it('finds nothing between identical descriptors', () => {
		const d = parse(bin('huion-kamvas-pro-19-0003-256C-006B.0003.hid.bin'));
		const c = compare(d, d);
		expect([c.items, c.lines, c.verdict]).toEqual([
			[],
			[],
			'The report descriptor is unchanged (744 bytes).',
		]);
	});

	it('explains the Optical Mouse fix: padding bit becomes Button 4', () => {
		const c = compare(parse(msmouse()), parse(msmouseFixed()));
		expect(c.lines).toEqual([
			'input report 17: Report Count 1 → 2 — one more element',
			'input report 17: removed Input (Cnst,Arr,Abs)',
			'input report 17: added Usage (Button 4)',
			'input report 17: Button 4 appears at bit 3 (was padding)',
		]);
		expect(c.verdict).toBe(
			'The report descriptor stays 196 bytes with 3 item changes. Every report keeps its size. New fields: Button 4 (input report 17).',
		);
	});

	it('explains the Kamvas Pro 19 fix: relabelled bits and a new button', () => {
		const orig = bin('huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin');
		const fixed = Uint8Array.from(orig);
		fixed[17] = 0x5a;
		fixed[29] = 0x05;
		const after = [
			...fixed.subarray(0, 32),
			...bpfArray('stable/0010-Huion__Kamvas-Pro-19.bpf.c', 'inserted_items'),
			...fixed.subarray(32),
		];
		const c = compare(parse(orig), parse(after));
		expect(c.lines).toEqual([
			'input report 10: Usage Secondary Tip Switch → Secondary Barrel Switch',
			'input report 10: Report Count 6 → 5 — one fewer element',
			'input report 10: added Usage Page (Button)',
			'input report 10: added Usage (Button 74)',
			'input report 10: added Report Count (1)',
			'input report 10: added Input (Data,Var,Abs)',
			'input report 10: added Usage Page (Digitizers)',
			'input report 10: Secondary Barrel Switch: was Secondary Tip Switch',
			'input report 10: Button 74: was Eraser #2',
		]);
		expect(c.verdict).toBe(
			'The report descriptor goes from 328 to 338 bytes with 7 item changes. Every report keeps its size. ' +
				'Changed fields: Secondary Barrel Switch (was Secondary Tip Switch) and Button 74 (was Eraser #2).',
		);
	});

	it('explains the Inspiroy 2 S fix: physical sizes and unit, and what leaks into later fields', () => {
		const orig = bin('huion-inspiroy-2s-0003-256C-0066.0017.hid.bin');
		const after = [
			...orig.subarray(0, 40),
			...bpfArray('stable/0010-Huion__Inspiroy-2-S.bpf.c', 'fixed_xy'),
			...orig.subarray(64),
		];
		const layout = diffLayouts(parse(orig), parse(after)).flatMap((r) => r.lines);
		expect(layout).toEqual([
			'input report 10: X: physical range 0..2048 → 0..6299, unit English Linear: in³ → English Linear: in, resolution 0 → 205 units/mm (Linux)',
			'input report 10: Y: physical range 0..2048 → 0..3937, unit English Linear: in³ → English Linear: in, resolution 0 → 328 units/mm (Linux)',
			'input report 10: Tip Pressure: physical range 0..2048 → 0..3937, unit English Linear: in³ → English Linear: in',
			'input report 10: X Tilt: physical range 0..2048 → 0..3937, unit English Linear: in³ → English Linear: in',
			'input report 10: Y Tilt: physical range 0..2048 → 0..3937, unit English Linear: in³ → English Linear: in',
		]);
	});

	it('reports new and removed reports', () => {
		const a = parse([
			0x09, 0x01, 0xa1, 0x01, 0x85, 0x01, 0x09, 0x30, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xc0,
		]);
		const b = parse([
			0x09, 0x01, 0xa1, 0x01, 0x85, 0x02, 0x09, 0x30, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xc0,
		]);
		expect(compare(a, b).lines).toEqual([
			'input report 2: Report ID 1 → 2',
			'input report 1 is gone (was 2 bytes)',
			'input report 2 is new (2 bytes)',
		]);
	});
});

describe('event diff', () => {
	function stats(desc: Uint8Array, reports: number[][]) {
		const s = new EventStats(compileDecoder(parse(desc)));
		for (const r of reports) s.add(Uint8Array.from(r));
		return s.summary();
	}
	// Button 1 click, Button 4 (bit 3) twice, some motion, an undeclared report ID.
	const capture = [
		[0x11, 0x01, 0x00, 0x00, 0x00, 0x00],
		[0x11, 0x00, 0x05, 0xfe, 0x00, 0x00],
		[0x11, 0x08, 0x00, 0x00, 0x00, 0x00],
		[0x11, 0x00, 0x00, 0x00, 0x01, 0x00],
		[0x11, 0x08, 0x00, 0x00, 0x00, 0x00],
		[0x11, 0x00, 0x00, 0x00, 0x00, 0x00],
		[0x42, 0x00],
	];

	it('summarises fields per report', () => {
		const s = stats(msmouseFixed(), capture);
		expect([...s.reports], 'reports').toEqual([
			[19, 0],
			[17, 6],
		]);
		expect([s.unknown, s.truncated]).toEqual([1, 0]);
		const f = Object.fromEntries(
			s.fields.map((x) => [`${x.report}/${x.name}`, [x.min, x.max, x.changes, x.presses]]),
		);
		expect(f).toEqual({
			'19/AC Pan': [0, 0, 0, 0],
			'17/Button 1': [0, 1, 1, 1],
			'17/Button 2': [0, 0, 0, 0],
			'17/Button 3': [0, 0, 0, 0],
			'17/Button 4': [0, 1, 4, 2],
			'17/Button 5': [0, 0, 0, 0],
			'17/X': [0, 5, 2, 1],
			'17/Y': [-2, 0, 2, 1],
			'17/Wheel': [0, 1, 2, 1],
			'17/AC Pan': [0, 0, 0, 0],
		});
	});

	it('compares two captures and writes the verdict', () => {
		const before = stats(msmouse(), capture);
		const after = stats(
			msmouseFixed(),
			capture.map((r) => (r[0] === 0x11 ? r.map((x, i) => (i === 3 ? 0 : x)) : r)),
		);
		const ev = diffEvents(before, after);
		expect(ev.lines).toEqual([
			'report 17: Button 4 appears (pressed 2 times) — new field',
			'report 17: Y disappears (was -2..0, 2 changes)',
		]);
		const c = compare(parse(msmouse()), parse(msmouseFixed()), ev);
		expect(c.verdict).toBe(
			'The report descriptor stays 196 bytes with 3 item changes. Every report keeps its size. New fields: Button 4 (input report 17). ' +
				'In the captures, Button 4 now reports data (pressed 2 times). Y (was -2..0, 2 changes) no longer reports data.',
		);
	});

	it('compares a relabelled bit as one field (Kamvas Pro 19: third button moved from Invert to bit 5)', () => {
		const orig = bin('huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin');
		const fixed = Uint8Array.from(orig);
		fixed[17] = 0x5a;
		fixed[29] = 0x05;
		const inserted = bpfArray('stable/0010-Huion__Kamvas-Pro-19.bpf.c', 'inserted_items');
		const after = Uint8Array.from([...fixed.subarray(0, 32), ...inserted, ...fixed.subarray(32)]);
		// The third button pressed twice: the tablet sets Invert (bit 3); the fix's event program moves it to bit 5.
		const pen = (bits: number) => [0x0a, 0x40 | bits, 0x10, 0x00, 0x20, 0x00, 0, 0, 0, 0];
		const clicks = (bit: number) => [pen(0), pen(bit), pen(0), pen(bit), pen(0)];
		const c = compare(parse(orig), parse(after), {
			before: stats(orig, clicks(0x08)),
			after: stats(after, clicks(0x20)),
		});
		expect(c.events?.lines).toEqual([
			'report 10: Invert disappears (was pressed 2 times)',
			'report 10: Button 74 (was Eraser #2) appears (pressed 2 times)',
		]);
		expect(c.verdict).toContain(
			'In the captures, Button 74 now reports data (pressed 2 times). Invert (was pressed 2 times) no longer reports data.',
		);
	});

	it('compares report rates when the captures carry timestamps', () => {
		const dec = () => new EventStats(compileDecoder(parse(msmouse())));
		const before = dec();
		const after = dec();
		for (let i = 0; i < 10; i++) before.add(Uint8Array.of(0x11, 0, 1, 0, 0, 0), i * 1000);
		for (let i = 0; i < 10; i += 2) after.add(Uint8Array.of(0x11, 0, 1, 0, 0, 0), i * 1000 + 1000);
		expect([before.summary().durationUs, after.summary().durationUs]).toEqual([9000, 8000]);
		expect(diffEvents(before.summary(), after.summary()).lines).toEqual(['report 17: 1111 → 625 reports/s']);
	});

	it('tracks array selections', () => {
		const pad = bin('huion-inspiroy-2s-0003-256C-0066.0018.hid.bin');
		const before = stats(pad, [
			[4, 0xe9, 0],
			[4, 0, 0],
		]);
		const after = stats(pad, [
			[4, 0xea, 0],
			[3, 0, 0x04, 0, 0, 0, 0, 0],
		]);
		expect(diffEvents(before, after).lines).toEqual([
			'report 3: 0 → 1 reports',
			'report 3: Keyboard/Keypad array appears (Keyboard A)',
			'report 4: Consumer array: new: Volume Decrement, no longer: Volume Increment',
		]);
	});
});
