/**
 * hid-recorder text format writer, byte-for-byte in the layout the Python hid-recorder writes
 * (hid-tools; see app/test/fixtures/msmouse.hid.txt): the device name and the decoded descriptor as
 * `#` comments, `R:` in lower-case hex, `N:`, `I: 3 045e 00d1`, then events as
 * `E: 000000.000000 4 01 00 00 00`, each preceded by a `#` line with its decoded values.
 *
 * What hid-tools 0.12 requires of these lines (checked against hid-decode and hid-replay, see
 * docs/debug-report.md) is enforced here: one non-empty `N:` line per device, `D:` numbered from 0,
 * `<usec>` always six digits.
 */
import type { ReportDecoder } from './decoder.js';
import { compileDecoder, namedValues } from './decoder.js';
import { parseDescriptor } from './parser.js';
import { printItems } from './printer.js';
import type { RecordedDevice, RecordedEvent } from './recording.js';

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const SP_HEX2 = HEX2.map((h) => ` ${h}`);

/** `01 00 ff` */
export function hexBytes(data: Uint8Array): string {
	if (data.length === 0) return '';
	let s = HEX2[data[0]!]!;
	for (let i = 1; i < data.length; i++) s += SP_HEX2[data[i]!];
	return s;
}

const pad6 = (n: number): string => (n < 1e6 ? ('00000' + n).slice(-6) : String(n));

/**
 * One `E:`/`B:` line (Python format: no trailing space). hid-tools replay.py reads the part after
 * the dot as a count of microseconds (`{sec:d}.{usec:d}`), so it is always six digits.
 */
export function formatEvent(kind: 'E' | 'B', sec: number, usec: number, data: Uint8Array): string {
	if (usec >= 1e6) {
		sec += Math.floor(usec / 1e6);
		usec %= 1e6;
	}
	let s = kind + ': ' + pad6(sec) + '.' + pad6(usec) + ' ' + data.length;
	for (let i = 0; i < data.length; i++) s += SP_HEX2[data[i]!];
	return s;
}

// Line breaks of any reader (Python's str.splitlines() too), terminal escapes, NUL: the same set
// as report/text.ts safeLine.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * The `N:` name: one line, not blank. hid-tools replay.py strips each line and asserts that
 * `N: {name}` parses, so `N: ` fails; without `N:` its device is called `uhid gamepad test
 * BaseDevice`. A nameless device gets the name the kernel's usbhid gives one, `HID 045e:00d1`.
 */
export function recordedName(d: Pick<RecordedDevice, 'name' | 'vendor' | 'product'>): string {
	const name = (d.name ?? '').trim().replace(CONTROL, '\ufffd');
	if (name) return name;
	const h4 = (n: number | undefined) => (n ?? 0).toString(16).padStart(4, '0');
	return `HID ${h4(d.vendor)}:${h4(d.product)}`;
}

/** The header block of one device: `# name`, decoded descriptor, `#`, `R:`, `N:`, [`P:`], `I:`. */
export function formatDeviceHeader(d: RecordedDevice): string[] {
	const lines: string[] = [];
	const desc = d.descriptor ?? new Uint8Array(0);
	const name = recordedName(d);
	lines.push(`# ${name}`);
	const parsed = desc.length ? parseDescriptor(desc) : undefined;
	if (parsed?.ok) {
		for (const l of printItems(parsed.value)) lines.push(`# ${l}`);
	} else if (parsed) {
		lines.push(`# (descriptor does not parse: ${parsed.error.message})`);
	}
	lines.push('#');
	lines.push(`R: ${desc.length}${desc.length ? ' ' : ''}${hexBytes(desc)}`);
	lines.push(`N: ${name}`);
	const phys = d.phys?.trim().replace(CONTROL, '\ufffd');
	if (phys) lines.push(`P: ${phys}`);
	const h = (n: number | undefined, w: number) => (n ?? 0).toString(16).padStart(w, '0');
	lines.push(`I: ${h(d.bus, 1)} ${h(d.vendor, 4)} ${h(d.product, 4)}`);
	return lines;
}

/**
 * `D:` numbers for several devices: 0, 1, … in order, whatever their indices. hid-tools record.py
 * numbers them so, and replay.py starts on device 0 (a file without a `D: 0` fails there).
 */
export function deviceNumbers(devices: readonly Pick<RecordedDevice, 'index'>[]): Map<number, number> {
	const numbers = new Map<number, number>();
	for (const d of devices) if (!numbers.has(d.index)) numbers.set(d.index, numbers.size);
	return numbers;
}

/**
 * The `#` comment before an event, in our own compact form, e.g.
 * `# ReportID: 17 | pressed: Button 1 | X:    -1 | Y:     2`. hid-recorder's differs (`# ReportID: 17 /
 * Button: 1  0  0 | X:   -1 …`, wrapped); hid-decode and hid-replay skip every `#` line.
 */
export function describeEvent(decoder: ReportDecoder, data: Uint8Array): string | undefined {
	const dec = decoder.decode(data);
	if (!dec) return undefined;
	const n = namedValues(dec, data);
	const parts: string[] = [];
	if (decoder.numbered) parts.push(`ReportID: ${n.reportId}`);
	if (n.pressed.length) parts.push(`pressed: ${n.pressed.join(', ')}`);
	if (n.selected.length) parts.push(`selected: ${n.selected.join(', ')}`);
	for (const [k, v] of Object.entries(n.values))
		parts.push(`${k}: ${typeof v === 'number' ? String(v).padStart(5) : v}`);
	return parts.join(' | ');
}

export interface WriteOptions {
	/** Add a decoded `#` line before each event, as hid-recorder does (default true). */
	readonly describeEvents?: boolean;
}

/** Yields the lines of a recording (no newlines), for streaming out large captures. */
export function* recordingLines(
	devices: readonly RecordedDevice[],
	events: Iterable<RecordedEvent>,
	opts: WriteOptions = {},
): Generator<string> {
	const multi = devices.length > 1;
	const numbers = deviceNumbers(devices);
	const decoders = new Map<number, ReportDecoder>();
	for (const d of devices) {
		if (multi) yield `D: ${numbers.get(d.index)}`;
		yield* formatDeviceHeader(d);
		const p = d.descriptor?.length ? parseDescriptor(d.descriptor) : undefined;
		if (p?.ok) decoders.set(d.index, compileDecoder(p.value));
	}
	let current = multi ? -1 : (devices[0]?.index ?? 0);
	for (const e of events) {
		if (multi && e.device !== current) {
			yield `D: ${numbers.get(e.device) ?? e.device}`;
			current = e.device;
		}
		if (opts.describeEvents !== false && e.kind === 'E') {
			const dec = decoders.get(e.device);
			const text = dec && describeEvent(dec, e.data);
			if (text) yield `# ${text}`;
		}
		yield formatEvent(e.kind, e.sec, e.usec, e.data);
	}
}

/** The whole recording as text, newline-terminated. */
export function writeRecording(
	devices: readonly RecordedDevice[],
	events: Iterable<RecordedEvent>,
	opts?: WriteOptions,
): string {
	let s = '';
	for (const l of recordingLines(devices, events, opts)) s += l + '\n';
	return s;
}
