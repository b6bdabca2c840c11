import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, compareCaptures } from './capture.js';
import { parseRecording, type RecordedEvent } from './recording.js';
import { writeRecording } from './recording-writer.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);

function msmouse() {
	const r = parseRecording(readFileSync(new URL('msmouse.hid.txt', FIX), 'utf8'));
	if (!r.ok) throw new Error('fixture');
	return r.value.devices[0]!;
}

const ev = (i: number, kind: 'E' | 'B', ...data: number[]): RecordedEvent => ({
	kind,
	device: 0,
	sec: Math.floor(i / 1000),
	usec: (i % 1000) * 1000,
	data: Uint8Array.from(data),
});

// The user presses the side button (bit 3 of input report 17) twice, between two motions.
const session = (kind: 'E' | 'B') => [
	ev(0, kind, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00),
	ev(8, kind, 0x11, 0x08, 0x00, 0x00, 0x00, 0x00),
	ev(16, kind, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00),
	ev(24, kind, 0x11, 0x08, 0x00, 0x00, 0x00, 0x00),
	ev(32, kind, 0x11, 0x00, 0xff, 0x00, 0x00, 0x00),
];

describe('analyzeCapture / compareCaptures', () => {
	it('turns a before and an after capture into a verdict', () => {
		const dev = msmouse();
		const fixed = Uint8Array.from(dev.descriptor!);
		fixed.set([0x95, 0x02, 0x09, 0x04, 0x09, 0x05, 0x81, 0x02], 115);
		const beforeText = writeRecording([dev], session('E'));
		const afterText = writeRecording([{ ...dev, descriptor: fixed }], session('E'));
		const before = analyzeCapture(beforeText);
		// Chunked input gives the same analysis.
		const after = analyzeCapture(afterText.match(/[\s\S]{1,333}/g)!);
		if (!before.ok || !after.ok) throw new Error('analysis failed');
		expect([before.value.events, after.value.events, before.value.device.name]).toEqual([5, 5, dev.name]);
		const c = compareCaptures(before.value, after.value);
		expect(c.verdict).toBe(
			'The report descriptor stays 196 bytes with 3 item changes. Every report keeps its size. New fields: Button 4 (input report 17). ' +
				'In the captures, Button 4 now reports data (pressed 2 times).',
		);
		expect(c.lines.slice(-1)).toEqual(['report 17: Button 4 appears (pressed 2 times) — new field']);
	});

	it('selects B: (before HID-BPF) or E: reports', () => {
		const text = writeRecording([msmouse()], [...session('B').slice(0, 2), ...session('E')]);
		const b = analyzeCapture(text, { kind: 'B' });
		const e = analyzeCapture(text);
		expect([b.ok && b.value.events, e.ok && e.value.events]).toEqual([2, 5]);
	});

	it('decodes B: reports with the original descriptor and compares them with E:, rates included', () => {
		const dev = msmouse();
		const fixed = Uint8Array.from(dev.descriptor!);
		fixed.set([0x95, 0x02, 0x09, 0x04, 0x09, 0x05, 0x81, 0x02], 115);
		// While the fix is attached, hid-recorder writes the fixed descriptor; B: is the raw report.
		// The fix here changes the descriptor only, so each E: carries the bytes of its B:; one E:
		// is dropped to show rates.
		const events = session('E').flatMap((e, i) => [{ ...e, kind: 'B' as const }, ...(i === 4 ? [] : [e])]);
		const text = writeRecording([{ ...dev, descriptor: fixed }], events);
		const raw = analyzeCapture(text, { kind: 'B', descriptor: dev.descriptor! });
		const hid = analyzeCapture(text);
		if (!raw.ok || !hid.ok) throw new Error('analysis failed');
		expect([
			raw.value.events,
			hid.value.events,
			raw.value.summary.durationUs,
			hid.value.summary.durationUs,
		]).toEqual([5, 4, 32000, 24000]);
		expect(compareCaptures(raw.value, hid.value).events?.lines).toEqual([
			'report 17: Button 4 appears (pressed 2 times) — new field',
			'report 17: X: range -1..1 → 0..1',
		]);
	});

	it('analyses a capture without events', () => {
		const r = analyzeCapture(readFileSync(new URL('msmouse.hid.txt', FIX), 'utf8'));
		expect(r.ok && [r.value.events, [...r.value.summary.reports.values()]]).toEqual([0, [0, 0]]);
	});

	it('reports typed errors from the recording, the descriptor or a missing device', () => {
		expect(analyzeCapture('R: 2 05\n')).toEqual({
			ok: false,
			error: { source: 'recording', code: 'bad-length', line: 1, message: expect.any(String) },
		});
		expect(analyzeCapture('R: 2 a1 01\nE: 000000.000000 1 00\n')).toEqual({
			ok: false,
			error: { source: 'descriptor', code: 'unbalanced-collection', offset: 2, message: expect.any(String) },
		});
		expect(analyzeCapture('# nothing\nN: x\n')).toEqual({
			ok: false,
			error: { source: 'capture', code: 'no-device', message: expect.any(String) },
		});
	});
});
