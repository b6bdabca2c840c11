/**
 * Report encoding (the inverse of the decoder) and synthetic captures: plausible input reports for
 * any descriptor (axes random-walking inside their logical range, buttons pressed now and then,
 * array usages selected), streamed as hid-recorder text without ever holding the whole capture.
 * Used for decoder round-trip tests and for the 1 h @ 1 kHz benchmark.
 */
import type { CompiledReport } from './decoder.js';
import { compileDecoder } from './decoder.js';
import { usageAt, usageCount, type ParsedDescriptor } from './descriptor.js';
import type { RecordedDevice, RecordedEvent } from './recording.js';
import { recordingLines } from './recording-writer.js';

/** Writes the low `bits` bits of `value` (two's complement if negative) at bit `bit`. */
export function insertBits(data: Uint8Array, bit: number, bits: number, value: number): void {
	let v = value < 0 ? 2 ** bits + value : value;
	for (let i = 0; i < bits; i++) {
		const pos = bit + i;
		const byte = pos >>> 3;
		if (byte >= data.length) return;
		const mask = 1 << (pos & 7);
		if (v % 2) data[byte]! |= mask;
		else data[byte]! &= ~mask;
		v = Math.floor(v / 2);
	}
}

/**
 * Encodes one report: `values[i]` for `compiled.variables[i]`, and the usages to select in array
 * fields (each goes to the first array field that declares it, while it has free slots).
 */
export function encodeReport(
	compiled: CompiledReport,
	values: ArrayLike<number>,
	selected: readonly number[] = [],
): Uint8Array {
	const r = compiled.report;
	const data = new Uint8Array(r.byteSize);
	if (r.id) data[0] = r.id;
	compiled.variables.forEach((s, i) => {
		if (s.kind !== 'bytes') insertBits(data, s.bit, s.bits, values[i] ?? 0);
	});
	const used = compiled.arrays.map(() => 0);
	for (const u of selected) {
		compiled.arrays.some((a, k) => {
			if (used[k]! >= a.count) return false;
			const n = usageCount(a.field.usages);
			for (let idx = 0; idx < n; idx++) {
				if (usageAt(a.field.usages, idx) !== u) continue;
				insertBits(data, a.bit + used[k]!++ * a.bits, a.bits, a.logicalMin + idx);
				return true;
			}
			return false;
		});
	}
	return data;
}

/** xorshift32, so synthetic captures are reproducible. */
function rng(seed: number): () => number {
	let x = seed >>> 0 || 0x9e3779b9;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 2 ** 32;
	};
}

export interface SyntheticOptions {
	readonly seconds: number;
	readonly hz: number;
	readonly seed?: number;
}

/**
 * Input reports at `hz` for `seconds`, cycling through the descriptor's input reports. The yielded
 * event and its data are reused: consume each before asking for the next.
 */
export function* syntheticEvents(d: ParsedDescriptor, opts: SyntheticOptions): Generator<RecordedEvent> {
	const dec = compileDecoder(d);
	const reports = [...dec.reports.values()].filter((c) => c.report.byteSize > 0);
	if (!reports.length) return;
	const random = rng(opts.seed ?? 1);
	const state = reports.map((c) =>
		c.variables.map((s) => (s.field.logicalMin <= 0 && s.field.logicalMax >= 0 ? 0 : s.field.logicalMin)),
	);
	const total = Math.round(opts.seconds * opts.hz);
	const ev = { kind: 'E' as const, device: 0, sec: 0, usec: 0, data: new Uint8Array(0) as Uint8Array };
	for (let n = 0; n < total; n++) {
		const k = n % reports.length;
		const c = reports[k]!;
		const values = state[k]!;
		c.variables.forEach((s, i) => {
			const { logicalMin: lo, logicalMax: hi } = s.field;
			if (s.kind === 'button') {
				if (random() < 0.01) values[i] = values[i] ? 0 : 1;
			} else if (hi > lo) {
				const step = Math.round((random() - 0.5) * Math.max(2, (hi - lo) / 100));
				values[i] = Math.min(hi, Math.max(lo, values[i]! + step));
			}
		});
		const selected: number[] = [];
		for (const a of c.arrays)
			if (random() < 0.05)
				selected.push(usageAt(a.field.usages, Math.floor(random() * usageCount(a.field.usages))));
		const t = Math.round((n * 1e6) / opts.hz);
		ev.sec = Math.floor(t / 1e6);
		ev.usec = t % 1e6;
		ev.data = encodeReport(c, values, selected);
		yield ev;
	}
}

/** A synthetic capture as hid-recorder text, in chunks of about `chunkSize` characters. */
export function* syntheticRecording(
	device: RecordedDevice,
	d: ParsedDescriptor,
	opts: SyntheticOptions & { readonly chunkSize?: number; readonly describeEvents?: boolean },
): Generator<string> {
	const size = opts.chunkSize ?? 1 << 16;
	let chunk = '';
	for (const line of recordingLines([device], syntheticEvents(d, opts), {
		describeEvents: opts.describeEvents ?? false,
	})) {
		chunk += line + '\n';
		if (chunk.length >= size) {
			yield chunk;
			chunk = '';
		}
	}
	if (chunk) yield chunk;
}
