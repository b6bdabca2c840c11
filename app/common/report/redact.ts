/**
 * One pass over a hid-recorder capture (as hidfix's Recorder or hid-recorder wrote it): validate it,
 * count what it holds, split out the evdev log, and blank keyboard data unless the user opted in.
 *
 * The output is still a hid-recorder file (hid-decode and hid-replay read it): untouched lines are
 * copied byte for byte; a redacted report keeps its line, timing, length and non-keyboard bits,
 * preceded by a `# hidfix: redacted …` marker. The `#` comment lines a recorder writes just before
 * an event decode it (`selected: Keyboard a`), so they are dropped with a redacted event.
 */
import { err, ok, type Result } from '../result.js';
import { parseDescriptor } from '../hid/parser.js';
import { RecordingReader, type RecordedDevice } from '../hid/recording.js';
import { formatEvent } from '../hid/recording-writer.js';
import { reportError, type ReportError } from './errors.js';
import { isKeyboardKeyCode, keyboardLayout, redactReport, type KeyboardLayout } from './keyboard.js';

export interface ProcessOptions {
	/** Keep keyboard data (the user opted in). */
	readonly includeKeyboardEvents: boolean;
	/** Layouts of other descriptors that also apply (the original one, for `B:` lines of an after capture). */
	readonly extraLayouts?: readonly KeyboardLayout[];
	/** For error messages: `before.hid.txt`. */
	readonly name: string;
}

export interface ProcessedCapture {
	readonly text: string;
	/** evdev log lines: `<sec>.<usec> <node> <type> <code> <value>`, plus the recorder's node notes. */
	readonly evdev: readonly string[];
	readonly device: RecordedDevice | undefined;
	readonly hidrawReports: number;
	readonly bpfReports: number;
	readonly evdevEvents: number;
	readonly durationUs: number;
	readonly redactedReports: number;
	readonly redactedEvdevEvents: number;
	/** Some descriptor in the capture declares keyboard usages. */
	readonly keyboardUsages: boolean;
}

// `#   evdev 000001.250000 event3 EV_KEY KEY_A 1` (app/node/capture/records.ts recordLine).
const EVDEV = /^#\s+evdev (\d+\.\d+) (\S+) (\S+) (\S+) (-?\d+)$/;
/** evdev key names and scan codes in any other comment after the header. */
const KEY_WORDS = /\b(KEY_[A-Z0-9_]+|MSC_SCAN)\b/;

/** Whether an evdev event would reveal typed text. */
export function isKeyboardEvdev(type: string, code: string, value: number): boolean {
	if (type === 'EV_KEY') {
		if (code.startsWith('BTN_')) return false;
		if (code.startsWith('KEY_')) return true;
		const n = Number.parseInt(code, 16);
		return Number.isNaN(n) || isKeyboardKeyCode(n);
	}
	// hid-input sends the HID usage (page << 16 | id) as MSC_SCAN before each key.
	return type === 'EV_MSC' && code === 'MSC_SCAN' && value >>> 16 === 0x07;
}

export function processCapture(text: string, opts: ProcessOptions): Result<ProcessedCapture, ReportError> {
	const out: string[] = [];
	const evdev: string[] = [];
	let pending: { line: string; decoded: boolean }[] = [];
	// Set by the reader's callback while it parses an event line (a holder: TS cannot see callbacks).
	const got: { event?: { kind: 'E' | 'B'; device: number; sec: number; usec: number; data: Uint8Array } } =
		{};
	const reader = new RecordingReader((e) => {
		got.event = { kind: e.kind, device: e.device, sec: e.sec, usec: e.usec, data: e.data.slice() };
	});
	const take = () => {
		const e = got.event;
		delete got.event;
		return e;
	};
	const layouts = new Map<Uint8Array, KeyboardLayout | undefined>();
	const layoutOf = (d: Uint8Array | undefined): KeyboardLayout | undefined => {
		if (!d) return undefined;
		if (!layouts.has(d)) {
			const p = parseDescriptor(d);
			layouts.set(d, p.ok ? keyboardLayout(p.value) : undefined);
		}
		return layouts.get(d);
	};
	const n = { E: 0, B: 0, evdev: 0, redacted: 0, redactedEvdev: 0, first: -1, last: -1 };
	// Comment lines wait here until the next data line decides their fate. `decoded` ones (anything
	// but hidfix's own node notes and evdev lines) are dropped if that line is a redacted report.
	const flush = (dropDecoded = false) => {
		for (const p of pending) if (!(dropDecoded && p.decoded)) out.push(p.line);
		pending = [];
	};
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i]!;
		const line = raw.replace(/\r$/, '');
		if (line.startsWith('#')) {
			const m = EVDEV.exec(line.trimEnd());
			if (m) {
				n.evdev++;
				const [, at, node, type, code, value] = m as unknown as string[];
				if (!opts.includeKeyboardEvents && isKeyboardEvdev(type!, code!, Number(value))) {
					n.redactedEvdev++;
					pending.push({ line: `#   evdev ${at} ${node} ${type} (redacted keyboard event)`, decoded: false });
					evdev.push(`${at} ${node} ${type} (redacted keyboard event)`);
				} else {
					pending.push({ line: raw, decoded: false });
					evdev.push(`${at} ${node} ${type} ${code} ${value}`);
				}
			} else if (line.startsWith('# hidfix:')) {
				pending.push({ line: raw, decoded: false });
				evdev.push(line);
			} else if (!opts.includeKeyboardEvents && n.E + n.B > 0 && KEY_WORDS.test(line)) {
				// Fail safe: an evdev line in a format EVDEV does not know (another recorder, a changed
				// Recorder) must not carry key names through just because its report was not redacted.
				pending.push({ line: '# hidfix: redacted a comment naming keyboard keys', decoded: false });
			} else pending.push({ line: raw, decoded: true });
			continue;
		}
		const e = reader.line(line);
		if (e) {
			return err(
				reportError('recording-invalid', `${opts.name} is not a valid hid-recorder file: ${e.message}`, {
					entry: opts.name,
					line: i + 1,
				}),
			);
		}
		const ev = take();
		if (!ev) {
			flush();
			out.push(raw);
			continue;
		}
		n[ev.kind]++;
		const t = ev.sec * 1e6 + ev.usec;
		if (n.first < 0) n.first = t;
		n.last = Math.max(n.last, t);
		const dev = reader.devices.find((d) => d.index === ev.device);
		const own = layoutOf(dev?.descriptor);
		const all = [...(own ? [own] : []), ...(opts.extraLayouts ?? [])];
		if (!opts.includeKeyboardEvents && redactReport(ev.data, all)) {
			n.redacted++;
			flush(true);
			out.push(`# hidfix: redacted keyboard data in the next report (privacy; not included by the user)`);
			out.push(formatEvent(ev.kind, ev.sec, ev.usec, ev.data));
		} else {
			flush();
			out.push(raw);
		}
	}
	flush();
	const e = reader.end();
	if (e) return err(reportError('recording-invalid', `${opts.name}: ${e.message}`, { entry: opts.name }));
	for (const d of reader.devices) layoutOf(d.descriptor);
	const keyboardUsages = [...layouts.values(), ...(opts.extraLayouts ?? [])].some(
		(l) => l && l.runs.size > 0,
	);
	return ok({
		text: out.length ? `${out.join('\n')}\n` : '',
		evdev,
		device: reader.devices.find((d) => d.descriptor) ?? reader.devices[0],
		hidrawReports: n.E,
		bpfReports: n.B,
		evdevEvents: n.evdev,
		durationUs: n.first < 0 ? 0 : n.last - n.first,
		redactedReports: n.redacted,
		redactedEvdevEvents: n.redactedEvdev,
		keyboardUsages,
	});
}
