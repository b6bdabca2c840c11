/**
 * hid-recorder text format writer, byte-for-byte in the layout the Python hid-recorder writes
 * (hid-tools; see app/test/fixtures/msmouse.hid.txt): the device name and the decoded descriptor as
 * `#` comments, `R:` in lower-case hex, `N:`, `I: 3 045e 00d1`, then events as
 * `E: 000000.000000 4 01 00 00 00`, each preceded by a `#` line with its decoded values.
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

/** One `E:`/`B:` line (Python format: no trailing space). */
export function formatEvent(kind: 'E' | 'B', sec: number, usec: number, data: Uint8Array): string {
	let s = kind + ': ' + pad6(sec) + '.' + pad6(usec) + ' ' + data.length;
	for (let i = 0; i < data.length; i++) s += SP_HEX2[data[i]!];
	return s;
}

/** The header block of one device: `# name`, decoded descriptor, `#`, `R:`, `N:`, [`P:`], `I:`. */
export function formatDeviceHeader(d: RecordedDevice): string[] {
	const lines: string[] = [];
	const desc = d.descriptor ?? new Uint8Array(0);
	if (d.name !== undefined) lines.push(`# ${d.name}`);
	const parsed = desc.length ? parseDescriptor(desc) : undefined;
	if (parsed?.ok) {
		for (const l of printItems(parsed.value)) lines.push(`# ${l}`);
	} else if (parsed) {
		lines.push(`# (descriptor does not parse: ${parsed.error.message})`);
	}
	lines.push('#');
	lines.push(`R: ${desc.length}${desc.length ? ' ' : ''}${hexBytes(desc)}`);
	if (d.name !== undefined) lines.push(`N: ${d.name}`);
	if (d.phys !== undefined) lines.push(`P: ${d.phys}`);
	const h = (n: number | undefined, w: number) => (n ?? 0).toString(16).padStart(w, '0');
	lines.push(`I: ${h(d.bus, 1)} ${h(d.vendor, 4)} ${h(d.product, 4)}`);
	return lines;
}

/** The `#` comment hid-recorder puts before an event, e.g. `# ReportID: 17 / X:  -1 | Y:   2`. */
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
	const decoders = new Map<number, ReportDecoder>();
	for (const d of devices) {
		if (multi) yield `D: ${d.index}`;
		yield* formatDeviceHeader(d);
		const p = d.descriptor?.length ? parseDescriptor(d.descriptor) : undefined;
		if (p?.ok) decoders.set(d.index, compileDecoder(p.value));
	}
	let current = multi ? -1 : (devices[0]?.index ?? 0);
	for (const e of events) {
		if (multi && e.device !== current) {
			yield `D: ${e.device}`;
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
