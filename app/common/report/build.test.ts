import { describe, expect, it } from 'vitest';
import { parseRecording } from '../hid/recording.js';
import { sha256Hex } from '../../node/bundle/hash.js';
import { mouseInputs, tiltWheelFixed } from '../../node/report/report-kit.test-helper.js';
import { packReport, readReportArchive } from './archive.js';
import { buildReport, type BuiltReport } from './build.js';
import { decodeUtf8 } from '../bundle/utf8.js';

function build(over: Parameters<typeof mouseInputs>[0] = {}): BuiltReport {
	const r = buildReport(mouseInputs(over), { sha256Hex });
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}
const text = (b: BuiltReport, name: string) => decodeUtf8(b.entries.find((e) => e.name === name)!.bytes)!;

describe('buildReport (msmouse, Tilt-Wheel fix)', () => {
	it('lists every entry in order with its description and size: what the user reviews before saving', () => {
		const b = build();
		expect(b.entries.map((e) => e.name)).toEqual([
			'report.json',
			'summary.md',
			'summary.html',
			'note.txt',
			'before.hid.txt',
			'after.hid.txt',
			'evdev-before.txt',
			'evdev-after.txt',
			'rdesc-before.bin',
			'rdesc-before-hidraw.bin',
			'rdesc-before.txt',
			'rdesc-after.bin',
			'rdesc-after-hidraw.bin',
			'rdesc-after.txt',
			'manifest.json',
			'helper.log',
			'dmesg.txt',
			'udevadm.txt',
		]);
		expect(b.entries.every((e) => e.size === e.bytes.length && e.description.length > 10)).toBe(true);
		// report.json binds every data entry by size and hash.
		expect(b.report.entries.map((e) => [e.name, e.size, e.sha256])).toEqual(
			b.entries.slice(3).map((e) => [e.name, e.size, sha256Hex(e.bytes)]),
		);
	});

	it('compares before and after, and B: against E: inside the after recording', () => {
		const r = build().report;
		expect(r.comparison).toEqual({
			verdict:
				'The report descriptor stays 196 bytes with 3 item changes. Every report keeps its size. New fields: Button 4 (input report 17). ' +
				'In the captures, Button 4 now reports data (pressed 2 times).',
			descriptor: [
				'input report 17: Report Count 1 → 2 — one more element',
				'input report 17: removed Input (Cnst,Arr,Abs)',
				'input report 17: added Usage (Button 4)',
			],
			layout: ['input report 17: Button 4 appears at bit 3 (was padding)'],
			events: ['report 17: Button 4 appears (pressed 2 times) — new field'],
		});
		expect(r.fixEffect?.events).toEqual(['report 17: Button 4 appears (pressed 2 times) — new field']);
		expect([r.captures.before, r.captures.after]).toEqual([
			{
				file: 'before.hid.txt',
				hidrawReports: 5,
				bpfReports: 0,
				evdevEvents: 2,
				durationUs: 32000,
				redactedReports: 0,
				redactedEvdevEvents: 0,
			},
			{
				file: 'after.hid.txt',
				hidrawReports: 5,
				bpfReports: 5,
				evdevEvents: 1,
				durationUs: 32000,
				redactedReports: 0,
				redactedEvdevEvents: 0,
			},
		]);
		expect(r.createdAt).toBe('2026-11-24T15:00:00Z');
	});

	it('writes recordings the hid-recorder reader reads back: descriptor, B: and E: lines', () => {
		const b = build();
		const after = parseRecording(text(b, 'after.hid.txt'));
		const rdesc = parseRecording(text(b, 'rdesc-after.txt'));
		if (!after.ok || !rdesc.ok) throw new Error('does not parse');
		expect([
			after.value.devices[0]!.descriptor,
			after.value.events.map((e) => e.kind).join(''),
			rdesc.value.devices[0]!.descriptor,
			rdesc.value.events.length,
		]).toEqual([tiltWheelFixed(), 'BEBEBEBEBE', tiltWheelFixed(), 0]);
		expect(text(b, 'evdev-before.txt').split('\n').slice(1, 4)).toEqual([
			'# hidfix: recording /dev/hidraw3 and /dev/input/event7',
			'000000.008000 event7 EV_KEY BTN_SIDE 1',
			'000000.008000 event7 EV_SYN SYN_REPORT 0',
		]);
	});

	it('round-trips through the archive: pack, read back, same report and bytes', () => {
		const b = build();
		const opened = readReportArchive(packReport(b.entries), { sha256Hex });
		if (!opened.ok) throw new Error(opened.error.message);
		expect(opened.value.report).toEqual(b.report);
		expect([...opened.value.files.keys()]).toEqual(b.entries.map((e) => e.name));
		expect(opened.value.files.get('rdesc-after.bin')).toEqual(tiltWheelFixed());
	});

	it('leaves out what was not collected and says why', () => {
		const b = build({
			after: undefined,
			fix: undefined,
			dmesg: { reason: 'dmesg: Operation not permitted (run as root to include it)' },
			note: '',
		});
		expect({
			names: b.entries.map((e) => e.name).filter((n) => /after|dmesg|manifest|note/.test(n)),
			dmesg: b.report.dmesg,
			comparison: b.report.comparison,
			fix: b.report.fix,
		}).toEqual({
			names: ['rdesc-after.bin', 'rdesc-after-hidraw.bin', 'rdesc-after.txt'],
			dmesg: {
				readable: false,
				reason: 'dmesg: Operation not permitted (run as root to include it)',
				lines: 0,
				file: null,
			},
			comparison: null,
			fix: null,
		});
		expect(text(b, 'summary.md')).toContain(
			'Kernel log (dmesg): not included (dmesg: Operation not permitted',
		);
	});

	it('refuses a note over the limit and an unreadable recording, with typed errors', () => {
		const long = buildReport(mouseInputs({ note: 'x'.repeat(20_001) }), { sha256Hex });
		const bad = buildReport(mouseInputs({ before: { recording: 'R: 3 05 01\n' } }), { sha256Hex });
		expect([long, bad]).toEqual([
			{
				ok: false,
				error: { code: 'field-invalid', message: expect.stringContaining('20000'), detail: { path: 'note' } },
			},
			{
				ok: false,
				error: {
					code: 'recording-invalid',
					message: expect.stringContaining('before.hid.txt'),
					detail: { entry: 'before.hid.txt', line: 1 },
				},
			},
		]);
	});

	it('writes only what its own reader accepts: firmware names are cut, a bad sysname is refused', () => {
		const long = build({ device: { ...mouseInputs().device, name: 'M'.repeat(300) } });
		const bad = buildReport(mouseInputs({ device: { ...mouseInputs().device, sysname: 'hidraw0' } }), {
			sha256Hex,
		});
		expect([long.report.device.name.length, bad.ok || [bad.error.code, bad.error.detail]]).toEqual([
			256,
			['field-invalid', { path: 'device.sysname' }],
		]);
	});
});
