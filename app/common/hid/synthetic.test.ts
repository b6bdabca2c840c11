import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from './capture.js';
import { compileDecoder, extractBits } from './decoder.js';
import { usageAt, usageCount, type ParsedDescriptor } from './descriptor.js';
import { parseDescriptor } from './parser.js';
import { parseRecording } from './recording.js';
import { encodeReport, insertBits, syntheticRecording } from './synthetic.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);

function descriptors(): [string, ParsedDescriptor][] {
	const rec = parseRecording(readFileSync(new URL('msmouse.hid.txt', FIX), 'utf8'));
	if (!rec.ok) throw new Error('fixture');
	const all: [string, Uint8Array][] = [
		['msmouse', rec.value.devices[0]!.descriptor!],
		...readdirSync(FIX)
			.filter((n) => n.endsWith('.hid.bin'))
			.map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(new URL(n, FIX)))]),
	];
	return all.map(([n, b]) => {
		const d = parseDescriptor(b);
		if (!d.ok) throw new Error(d.error.message);
		return [n, d.value];
	});
}

function rng(seed: number) {
	let x = seed;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 2 ** 32;
	};
}

describe('encodeReport ↔ decode', () => {
	it('insertBits is the inverse of extractBits', () => {
		const random = rng(7);
		const data = new Uint8Array(16);
		for (let k = 0; k < 2000; k++) {
			const bits = 1 + Math.floor(random() * 48);
			const bit = Math.floor(random() * (128 - bits));
			const v = Math.floor(random() * 2 ** bits);
			insertBits(data, bit, bits, v);
			expect(extractBits(data, bit, bits)).toBe(v);
		}
	});

	it.each(descriptors())('round-trips random values through every input report of %s', (_name, d) => {
		const random = rng(99);
		const dec = compileDecoder(d);
		for (const c of dec.reports.values()) {
			for (let k = 0; k < 100; k++) {
				const values = c.variables.map((s) => {
					const { logicalMin: lo, logicalMax: hi } = s.field;
					return s.kind === 'bytes'
						? NaN
						: lo + Math.floor(random() * (Math.min(hi, lo + 2 ** s.bits - 1) - lo + 1));
				});
				const selected = c.arrays.flatMap((a) => {
					const u = usageAt(a.field.usages, Math.floor(random() * usageCount(a.field.usages)));
					return (u & 0xffff) === 0 ? [] : [u];
				});
				const data = encodeReport(c, values, selected);
				const out = dec.decode(data)!;
				expect(out.compiled).toBe(c);
				expect(Array.from(out.values)).toEqual(values);
				expect(out.selected).toEqual(selected);
			}
		}
	});
});

describe('syntheticRecording', () => {
	it('streams a reproducible 10 s @ 1 kHz pen capture that analyses back', () => {
		const bytes = new Uint8Array(readFileSync(new URL('huion-inspiroy-2s-0003-256C-0066.0017.hid.bin', FIX)));
		const d = parseDescriptor(bytes);
		if (!d.ok) throw new Error(d.error.message);
		const device = {
			index: 0,
			name: 'synthetic pen',
			bus: 3,
			vendor: 0x256c,
			product: 0x66,
			descriptor: bytes,
		};
		const chunks = [...syntheticRecording(device, d.value, { seconds: 10, hz: 1000, seed: 5 })];
		expect(chunks.join('')).toBe(
			[...syntheticRecording(device, d.value, { seconds: 10, hz: 1000, seed: 5 })].join(''),
		);
		const a = analyzeCapture(chunks);
		if (!a.ok) throw new Error(a.error.message);
		expect([a.value.events, a.value.summary.durationUs, a.value.summary.truncated]).toEqual([
			10000, 9_999_000, 0,
		]);
		const x = a.value.summary.fields.find((f) => f.name === 'X')!;
		expect(x.min >= 0 && x.max <= 32767 && x.changes > 1000).toBe(true);
		const tip = a.value.summary.fields.find((f) => f.name === 'Tip Switch')!;
		expect(tip.presses).toBeGreaterThan(10);
	});
});
