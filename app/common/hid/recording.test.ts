import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecording, RecordingReader, type RecordedDevice, type RecordedEvent } from './recording.js';
import {
	deviceNumbers,
	formatDeviceHeader,
	formatEvent,
	recordedName,
	recordingLines,
	writeRecording,
} from './recording-writer.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);
const msmouse = () => readFileSync(new URL('msmouse.hid.txt', FIX), 'utf8');

function parsed(text: string | string[]) {
	const r = parseRecording(text);
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

const ev = (sec: number, usec: number, ...data: number[]): RecordedEvent => ({
	kind: 'E',
	device: 0,
	sec,
	usec,
	data: Uint8Array.from(data),
});

describe('hid-recorder reader', () => {
	it('reads msmouse.hid.txt: name, ids, descriptor, comments', () => {
		const r = parsed(msmouse());
		expect(r.devices.map((d) => ({ ...d, descriptor: d.descriptor?.length }))).toEqual([
			{
				index: 0,
				name: 'Microsoft Microsoft Optical Mouse with Tilt Wheel',
				bus: 3,
				vendor: 0x045e,
				product: 0x00d1,
				descriptor: 196,
			},
		]);
		expect(r.events).toEqual([]);
		expect(r.comments[0]).toBe('Microsoft Microsoft Optical Mouse with Tilt Wheel');
		expect(r.comments[1]).toBe('0x05, 0x0c,                    // Usage Page (Consumer Devices)       0');
		expect(r.devices[0]!.descriptor!.subarray(0, 4)).toEqual(Uint8Array.of(0x05, 0x0c, 0x09, 0x01));
	});

	it('accepts the Rust recorder flavour: unpadded I:, trailing spaces, B: lines, CRLF', () => {
		const text = [
			'# Report descriptor length: 4 bytes',
			'R: 4 05 01 c0 c0 ',
			'N: some device',
			'I: 5 256c 8251',
			'B: 000001.000250 3 0a 01 02 ',
			'E: 000001.000250 3 0a 01 03 ',
			'E: 000002.5 1 ff',
		].join('\r\n');
		// `.5` is 5 µs: hid-tools replay.py parses `{sec:d}.{usec:d}`, two integers.
		const r = parsed(text);
		expect([r.devices[0]!.bus, r.devices[0]!.vendor, r.devices[0]!.product]).toEqual([5, 0x256c, 0x8251]);
		expect(r.events.map((e) => [e.kind, e.sec, e.usec, Array.from(e.data)])).toEqual([
			['B', 1, 250, [0x0a, 1, 2]],
			['E', 1, 250, [0x0a, 1, 3]],
			['E', 2, 5, [0xff]],
		]);
	});

	it('skips a byte order mark at the start of the file', () => {
		expect(parsed('\ufeffR: 1 c0\nN: x\n').devices[0]!.name).toBe('x');
	});

	it('reads several devices (D:) and P:', () => {
		const r = parsed(
			'D: 0\nR: 1 c0\nN: a\nP: usb-1/input0\nI: 3 1 2\nD: 1\nR: 1 c0\nN: b\nI: 3 1 3\nD: 1\nE: 000000.000000 1 01\nD: 0\nE: 000000.000001 1 02\n',
		);
		expect(r.devices.map((d) => [d.index, d.name, d.phys, d.product])).toEqual([
			[0, 'a', 'usb-1/input0', 2],
			[1, 'b', undefined, 3],
		]);
		expect(r.events.map((e) => [e.device, e.data[0]])).toEqual([
			[1, 1],
			[0, 2],
		]);
	});

	it('gives the same result whatever the chunking', () => {
		const text = msmouse() + 'E: 000000.000000 6 11 01 ff 02 00 00\nE: 000000.001000 6 11 00 01 02 00 00';
		const whole = parsed(text);
		expect(parsed(Array.from(text))).toEqual(whole);
		expect(parsed([text.slice(0, 1000), text.slice(1000, 8200), text.slice(8200)])).toEqual(whole);
		expect(whole.events.length).toBe(2);
	});

	const bad: [string, string, string, number][] = [
		['R: length mismatch', 'R: 3 05 01\n', 'bad-length', 1],
		['R: extra bytes', 'R: 1 05 01\n', 'bad-length', 1],
		['R: bad hex', '# x\nR: 2 05 0g\n', 'bad-hex', 2],
		['R: no length', 'R: 05 01 02\n', 'bad-length', 1],
		['E: before R:', 'N: x\nE: 000000.000000 1 01\n', 'event-before-descriptor', 2],
		['E: bad timestamp', 'R: 1 c0\nE: 12 1 01\n', 'bad-timestamp', 2],
		['E: length mismatch', 'R: 1 c0\n\nE: 000000.000000 2 01\n', 'bad-length', 3],
		['I: missing field', 'I: 3 045e\n', 'bad-device-info', 1],
		['I: not hex', 'I: 3 045e zz\n', 'bad-device-info', 1],
		['D: not a number', 'D: x\n', 'bad-device-index', 1],
		['junk line', 'R: 1 c0\nhello\n', 'bad-line', 2],
	];
	it.each(bad)('%s is a typed error with its line number', (_n, text, code, line) => {
		expect(parseRecording(text)).toEqual({
			ok: false,
			error: { code, line, message: expect.stringMatching(`^line ${line}: `) },
		});
	});

	it('streams events through one reused view', () => {
		const views = new Set<object>();
		let bytes = 0;
		const reader = new RecordingReader((e) => {
			views.add(e);
			bytes += e.data.length;
		});
		reader.feed('R: 1 c0\n');
		for (let i = 0; i < 1000; i++) reader.feed(`E: 000000.${String(i).padStart(6, '0')} 4 01 02 03 04\n`);
		expect([reader.end(), views.size, bytes]).toEqual([undefined, 1, 4000]);
	});
});

describe('hid-recorder writer', () => {
	it('writes lines exactly as hid-recorder does', () => {
		expect(formatEvent('E', 0, 0, Uint8Array.of(1, 0, 0, 0))).toBe('E: 000000.000000 4 01 00 00 00');
		expect(formatEvent('B', 12, 34, Uint8Array.of(0xab))).toBe('B: 000012.000034 1 ab');
		expect(
			formatDeviceHeader({
				index: 0,
				name: 'x',
				bus: 3,
				vendor: 0x45e,
				product: 0xd1,
				descriptor: Uint8Array.of(0xc0),
			}).slice(-4),
		).toEqual(['#', 'R: 1 c0', 'N: x', 'I: 3 045e 00d1']);
	});

	it('rewrites msmouse.hid.txt with the same R:/N:/I: lines and item comment layout', () => {
		const original = msmouse().trimEnd().split('\n');
		const ours = writeRecording(parsed(msmouse()).devices, []).trimEnd().split('\n');
		expect(ours.length).toBe(original.length);
		expect(ours.slice(-4)).toEqual(original.slice(-4));
		// Same bytes column and offsets on every comment line (names may differ from hid-tools').
		const shape = (l: string) => l.replace(/\/\/.*?(\d+)$/, '// $1');
		expect(ours.map(shape)).toEqual(original.map(shape));
	});

	it('round-trips read → write → read, events and decoded comments included', () => {
		const first = parsed(msmouse());
		const events = [
			ev(0, 0, 0x11, 0x01, 0xff, 0x02, 0x00, 0x00),
			ev(0, 8000, 0x11, 0x00, 0x00, 0x00, 0x01, 0x00),
			ev(1, 999999, 0x13, 0x7f),
		];
		const text = writeRecording(first.devices, events);
		expect(text).toContain(
			'# ReportID: 17 | pressed: Button 1 | X:    -1 | Y:     2 | Wheel:     0 | AC Pan:     0\nE: 000000.000000 6 11 01 ff 02 00 00\n',
		);
		const second = parsed(text);
		expect(second.devices).toEqual(first.devices);
		expect(second.events).toEqual(events);
		expect(writeRecording(second.devices, second.events)).toBe(text);
	});

	it('writes only lines of the grammar hid-replay and hid-decode parse (hid-tools cli/replay.py, decode.py)', () => {
		const dev = parsed(msmouse()).devices[0]!;
		const text = writeRecording(
			[dev, { ...dev, index: 1 }],
			[ev(0, 1, 0x11, 0, 0, 0, 0, 0), { ...ev(12, 345, 0x13, 0x80), device: 1 }],
		);
		const grammar = [
			/^# /,
			/^#$/,
			/^D: \d+$/,
			/^N: \S(?:.*\S)?$/,
			/^I: [0-9a-f]+ [0-9a-f]{4} [0-9a-f]{4}$/,
			/^R: (\d+)((?: [0-9a-f]{2})+)$/,
			/^E: \d{6,}\.\d{6} (\d+)((?: [0-9a-f]{2})*)$/,
		];
		const lines = text.split('\n').slice(0, -1);
		for (const line of lines) {
			const m = grammar.map((g) => g.exec(line)).find((x) => x);
			expect(m, line).toBeTruthy();
			if (m?.[2] !== undefined) expect(m[2].length / 3, line).toBe(Number(m[1]));
		}
		expect(text.endsWith('\n')).toBe(true);
	});

	it('writes D: lines for several devices and switches between them', () => {
		const dev = (index: number) => ({
			index,
			name: `d${index}`,
			bus: 3,
			vendor: 1,
			product: 2,
			descriptor: Uint8Array.of(0xc0),
		});
		const lines = [...recordingLines([dev(0), dev(1)], [{ ...ev(0, 0, 1), device: 1 }, ev(0, 1, 2)])];
		expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
			'D: 0',
			'R: 1 c0',
			'N: d0',
			'I: 3 0001 0002',
			'D: 1',
			'R: 1 c0',
			'N: d1',
			'I: 3 0001 0002',
			'D: 1',
			'E: 000000.000000 1 01',
			'D: 0',
			'E: 000000.000001 1 02',
		]);
		const back = parsed(lines.join('\n'));
		expect(back.events.map((e) => e.device)).toEqual([1, 0]);
	});
});

/**
 * Rules learnt by running hid-tools 0.12's hid-decode and hid-replay on files of this writer (see
 * docs/debug-report.md, "Opening the recordings with hid-tools"). hid-decode reads only `R:` lines;
 * hid-replay reads `D:`, `N:`, `I:`, `P:`, `R:` and `E:`, and skips `#`, `B:` and anything else.
 */
describe('hid-recorder writer: what hid-tools needs', () => {
	const dev = (over: Partial<RecordedDevice> = {}): RecordedDevice => ({
		index: 0,
		name: 'x',
		bus: 3,
		vendor: 0x45e,
		product: 0xd1,
		descriptor: Uint8Array.of(0xa1, 0x01, 0xc0),
		...over,
	});
	const header = (d: RecordedDevice) => formatDeviceHeader(d).filter((l) => !l.startsWith('# 0x'));

	it('always six digits after the dot; seconds grow past six digits', () => {
		// hid-tools replay.py: `{sec:d}.{usec:d}`, usec an integer count of microseconds.
		expect(formatEvent('E', 1_000_000, 0, Uint8Array.of(1))).toBe('E: 1000000.000000 1 01');
		expect(formatEvent('E', 12_345_678, 999_999, Uint8Array.of(1))).toBe('E: 12345678.999999 1 01');
		expect(formatEvent('B', 1, 2_500_000, Uint8Array.of(1))).toBe('B: 000003.500000 1 01');
	});

	it('writes a zero-length report as `E: <time> 0`, and every line ends with a newline', () => {
		// hid-tools replay.py matches `{len:2d}{data}` on the line with its newline: an `E: … 0`
		// without one (the last line of a file) does not parse there.
		const text = writeRecording([dev()], [ev(0, 1000)]);
		expect(text.endsWith('\nE: 000000.001000 0\n')).toBe(true);
	});

	it('gives N: one line: control characters replaced, surrounding spaces dropped', () => {
		// hid-tools replay.py reads the file line by line and strips each line; str.splitlines()
		// (decode.py) also breaks at \v, \f, \x1c-\x1e, \x85, U+2028 and U+2029.
		const name = ' Tab\there\nN: injected\u2028\u0085\u0000end ';
		expect(header(dev({ name, phys: 'usb-1/input0\r\n' }))).toEqual([
			'# Tab\ufffdhere\ufffdN: injected\ufffd\ufffd\ufffdend',
			'#',
			'R: 3 a1 01 c0',
			'N: Tab\ufffdhere\ufffdN: injected\ufffd\ufffd\ufffdend',
			'P: usb-1/input0',
			'I: 3 045e 00d1',
		]);
	});

	it('names a nameless device as the kernel does (`HID vvvv:pppp`): hid-replay needs a non-blank N:', () => {
		// hid-tools replay.py asserts `N: {name}` parses (fails on a blank name); without N: it
		// names the device `uhid gamepad test BaseDevice` (device/base_device.py).
		const { name: _none, ...nameless } = dev();
		for (const d of [nameless, dev({ name: '' }), dev({ name: ' \t ' })])
			expect(header(d)).toEqual([
				'# HID 045e:00d1',
				'#',
				'R: 3 a1 01 c0',
				'N: HID 045e:00d1',
				'I: 3 045e 00d1',
			]);
		expect(recordedName({})).toBe('HID 0000:0000');
		expect(header(dev({ phys: '' }))).not.toContain('P: ');
	});

	it('numbers several devices D: 0, 1, … whatever their indices', () => {
		// hid-tools record.py numbers devices from 0; replay.py starts on device 0.
		const lines = [
			...recordingLines(
				[dev({ index: 3 }), dev({ index: 7 })],
				[
					{ ...ev(0, 0, 1), device: 7 },
					{ ...ev(0, 1, 2), device: 3 },
				],
			),
		];
		expect(lines.filter((l) => /^[DE]:/.test(l))).toEqual([
			'D: 0',
			'D: 1',
			'D: 1',
			'E: 000000.000000 1 01',
			'D: 0',
			'E: 000000.000001 1 02',
		]);
		expect(deviceNumbers([{ index: 3 }, { index: 7 }, { index: 3 }])).toEqual(
			new Map([
				[3, 0],
				[7, 1],
			]),
		);
	});
});
