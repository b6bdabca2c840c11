import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../node/bundle/hash.js';
import { ev, huionKeyboard, mouseInputs, recording } from '../../node/report/report-kit.test-helper.js';
import { decodeUtf8 } from '../bundle/utf8.js';
import { parseRecording } from '../hid/recording.js';
import { buildReport } from './build.js';
import { isKeyboardKeyCode } from './keyboard.js';
import { isKeyboardEvdev } from './redact.js';

// Huion Inspiroy 2 S keyboard interface: report 3 = modifiers byte + 6 key slots, report 4 = consumer.
// The user types Shift+A, releases, presses Volume Up (consumer 0xe9) and clicks the pen button.
const typed = () =>
	recording(
		huionKeyboard(),
		[
			ev(0, 'E', 0x03, 0x02, 0x04, 0, 0, 0, 0, 0),
			ev(50, 'E', 0x03, 0x00, 0x00, 0, 0, 0, 0, 0),
			ev(90, 'E', 0x04, 0xe9, 0x00),
		],
		{
			0: [
				'000000.000000 event9 EV_MSC MSC_SCAN 458756',
				'000000.000000 event9 EV_KEY KEY_A 1',
				'000000.000000 event9 EV_KEY KEY_LEFTSHIFT 1',
			],
			1: ['000000.050000 event9 EV_KEY KEY_A 0'],
			2: ['000000.090000 event9 EV_KEY KEY_VOLUMEUP 1', '000000.090000 event9 EV_KEY BTN_STYLUS 1'],
		},
	);

function build(includeKeyboardEvents: boolean) {
	const dev = huionKeyboard();
	const r = buildReport(
		mouseInputs({
			device: {
				sysname: '0003:256C:0066.0018',
				name: dev.name!,
				bus: 3,
				vendor: 0x256c,
				product: 0x66,
				modalias: null,
			},
			before: { recording: typed() },
			after: undefined,
			fix: undefined,
			descriptors: { before: { sysfs: dev.descriptor! } },
			includeKeyboardEvents,
		}),
		{ sha256Hex },
	);
	if (!r.ok) throw new Error(r.error.message);
	const files = new Map(r.value.entries.map((e) => [e.name, decodeUtf8(e.bytes)]));
	return { report: r.value.report, files };
}

describe('keyboard redaction', () => {
	it('blanks the keyboard bits of hidraw reports, keeps consumer reports, and counts it', () => {
		const { report, files } = build(false);
		const rec = parseRecording(files.get('before.hid.txt')!);
		if (!rec.ok) throw new Error(rec.error.message);
		expect(rec.value.events.map((e) => Array.from(e.data))).toEqual([
			[0x03, 0, 0, 0, 0, 0, 0, 0],
			[0x03, 0, 0, 0, 0, 0, 0, 0],
			[0x04, 0xe9, 0x00],
		]);
		expect(report.privacy).toEqual({
			includeKeyboardEvents: false,
			keyboardUsages: true,
			redactedReports: 2,
			redactedEvdevEvents: 5,
		});
		expect(files.get('before.hid.txt')).toContain('# hidfix: redacted keyboard data in the next report');
	});

	it('leaves no typed key anywhere in the archive: recordings, evdev log, diffs, summaries', () => {
		const { files } = build(false);
		for (const [name, t] of files) {
			expect([name, /Keyboard A\b|Keyboard LeftShift \||KEY_A|KEY_LEFTSHIFT|458756/.test(t!)]).toEqual([
				name,
				false,
			]);
		}
		expect(files.get('evdev-before.txt')!.split('\n').slice(2)).toEqual([
			'000000.000000 event9 EV_MSC (redacted keyboard event)',
			'000000.000000 event9 EV_KEY (redacted keyboard event)',
			'000000.000000 event9 EV_KEY (redacted keyboard event)',
			'000000.050000 event9 EV_KEY (redacted keyboard event)',
			'000000.090000 event9 EV_KEY (redacted keyboard event)',
			'000000.090000 event9 EV_KEY BTN_STYLUS 1',
			'',
		]);
	});

	it('keeps everything when the user opts in', () => {
		const { report, files } = build(true);
		const rec = parseRecording(files.get('before.hid.txt')!);
		expect(rec.ok && Array.from(rec.value.events[0]!.data)).toEqual([0x03, 0x02, 0x04, 0, 0, 0, 0, 0]);
		expect(files.get('evdev-before.txt')).toContain('EV_KEY KEY_A 1');
		expect(files.get('before.hid.txt')).toContain('selected: Keyboard A');
		expect(report.privacy).toEqual({
			includeKeyboardEvents: true,
			keyboardUsages: true,
			redactedReports: 0,
			redactedEvdevEvents: 0,
		});
	});

	it('never touches mouse reports or mouse buttons', () => {
		const r = buildReport(mouseInputs(), { sha256Hex });
		expect(r.ok && [r.value.report.privacy, r.value.report.captures.before?.redactedReports]).toEqual([
			{ includeKeyboardEvents: false, keyboardUsages: false, redactedReports: 0, redactedEvdevEvents: 0 },
			0,
		]);
	});

	it('classifies evdev codes: KEY_* and keyboard scan codes are keys, BTN_* are not', () => {
		expect([
			isKeyboardEvdev('EV_KEY', 'KEY_ENTER', 1),
			isKeyboardEvdev('EV_KEY', 'BTN_LEFT', 1),
			isKeyboardEvdev('EV_KEY', 'BTN_TOOL_PEN', 1),
			isKeyboardEvdev('EV_KEY', '0x2f0', 1),
			isKeyboardEvdev('EV_KEY', '0x1f0', 1),
			isKeyboardEvdev('EV_MSC', 'MSC_SCAN', 0x70028),
			isKeyboardEvdev('EV_MSC', 'MSC_SCAN', 0x90001),
			isKeyboardEvdev('EV_REL', 'REL_X', 5),
			isKeyboardKeyCode(0x110),
			isKeyboardKeyCode(0x1e),
		]).toEqual([true, false, false, false, true, true, false, false, false, true]);
	});

	it('blanks a report whose ID the keyboard descriptor does not declare (meaning unknown)', () => {
		const r = buildReport(
			mouseInputs({
				before: {
					recording: recording(huionKeyboard(), [ev(0, 'E', 0x03, 0x02, 0x04, 0, 0, 0, 0, 0)]).replace(
						/^E: (\S+) 8 03/m,
						'E: $1 8 07',
					),
				},
				after: undefined,
				descriptors: {},
			}),
			{ sha256Hex },
		);
		const rec = r.ok
			? parseRecording(decodeUtf8(r.value.entries.find((e) => e.name === 'before.hid.txt')!.bytes)!)
			: undefined;
		expect(rec?.ok && Array.from(rec.value.events[0]!.data)).toEqual([0x07, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('fails safe on evdev lines in a format it does not parse: key names never pass', () => {
		const text = typed().replace(
			'#   evdev 000000.050000 event9 EV_KEY KEY_A 0',
			'# evdev: event9 KEY_A released',
		);
		const r = buildReport(mouseInputs({ before: { recording: text }, after: undefined, descriptors: {} }), {
			sha256Hex,
		});
		const out = r.ok ? decodeUtf8(r.value.entries.find((e) => e.name === 'before.hid.txt')!.bytes)! : '';
		expect([
			out.includes('KEY_A'),
			out.includes('# hidfix: redacted a comment naming keyboard keys'),
		]).toEqual([false, true]);
	});
});
