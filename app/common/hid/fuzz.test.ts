import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDecoder, namedValues } from './decoder.js';
import type { ParsedDescriptor } from './descriptor.js';
import { encodeItems } from './items.js';
import { parseDescriptor } from './parser.js';
import { bytesFromPrinted, printItems, summarizeReports } from './printer.js';
import { parseRecording } from './recording.js';
import { compare } from './verdict.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);

/** xorshift32: deterministic, so a failure names its seed. */
function rng(seed: number) {
	let x = seed || 1;
	return (n: number) => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) % n;
	};
}

// Prefixes of real items, so random descriptors get past the tokenizer often.
const PREFIXES = [
	0x05, 0x09, 0x0a, 0x0b, 0x15, 0x16, 0x25, 0x26, 0x27, 0x35, 0x45, 0x55, 0x65, 0x75, 0x85, 0x95, 0x96, 0x19,
	0x29, 0x81, 0x91, 0xb1, 0xa1, 0xc0, 0xa4, 0xb4, 0xa9,
];

/** Everything downstream of a successful parse must hold and never throw. */
function exercise(d: ParsedDescriptor, next: (n: number) => number): void {
	expect(encodeItems(d.items)).toEqual(d.bytes);
	expect(bytesFromPrinted(printItems(d).join('\n'))).toEqual(d.bytes);
	summarizeReports(d);
	const dec = compileDecoder(d);
	for (const r of d.reports.filter((x) => x.type === 'input').slice(0, 4)) {
		const data = Uint8Array.from({ length: next(r.byteSize + 2) }, () => next(256));
		if (r.id) data[0] = r.id;
		const out = dec.decode(data);
		if (out) namedValues(out, data);
	}
	expect(compare(d, d).items).toEqual([]);
}

describe('robustness', () => {
	it('random descriptors: typed result, never a throw', () => {
		const next = rng(0x5eed);
		let parsed = 0;
		for (let k = 0; k < 1500; k++) {
			const bytes: number[] = [];
			const items = next(24);
			for (let i = 0; i < items; i++) {
				const p = next(8) ? PREFIXES[next(PREFIXES.length)]! : next(256);
				bytes.push(p);
				const size = [0, 1, 2, 4][p & 3]!;
				for (let s = 0; s < size; s++) bytes.push(next(4) ? next(8) : next(256));
			}
			const r = parseDescriptor(Uint8Array.from(bytes));
			if (r.ok) {
				parsed++;
				exercise(r.value, next);
			} else {
				expect(r.error.offset).toBeGreaterThanOrEqual(0);
				expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
			}
		}
		expect(parsed).toBeGreaterThan(50);
	});

	it('mutated real descriptors: typed result, and the diff against the original never throws', () => {
		const next = rng(0xc0ffee);
		const originals = readdirSync(FIX)
			.filter((n) => n.endsWith('.hid.bin'))
			.map((n) => new Uint8Array(readFileSync(new URL(n, FIX))));
		for (let k = 0; k < 250; k++) {
			const orig = originals[next(originals.length)]!;
			const bytes = Uint8Array.from(orig);
			for (let f = 1 + next(3); f > 0; f--) bytes[next(bytes.length)] = next(256);
			const r = parseDescriptor(bytes);
			const o = parseDescriptor(orig);
			if (r.ok && o.ok) {
				exercise(r.value, next);
				compare(o.value, r.value);
			}
		}
		expect(originals.length).toBeGreaterThan(0);
	});

	it('garbage recordings: typed result, never a throw', () => {
		const next = rng(42);
		const pieces = [
			'R: ',
			'E: ',
			'B: ',
			'I: ',
			'N: ',
			'D: ',
			'# ',
			'000000.000001 ',
			'3 ',
			'05 01 c0',
			'ff',
			' ',
			'\n',
			'\r\n',
			'x',
			'.',
			'12',
		];
		let errors = 0;
		for (let k = 0; k < 2000; k++) {
			let text = '';
			for (let i = next(30); i > 0; i--) text += pieces[next(pieces.length)];
			const r = parseRecording(text);
			if (!r.ok) {
				errors++;
				expect(r.error.line).toBeGreaterThan(0);
			}
		}
		expect(errors).toBeGreaterThan(0);
	});
});
