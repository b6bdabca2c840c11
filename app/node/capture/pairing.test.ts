import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';
import type { CaptureRecord } from './records.js';
import { bestMatchingB } from './recorder.js';

const B = (t: number, ...data: number[]): CaptureRecord => ({
	kind: 'B',
	t: BigInt(t),
	data: Uint8Array.from(data),
});
const E = (t: number, ...data: number[]): CaptureRecord => ({
	kind: 'E',
	t: BigInt(t),
	data: Uint8Array.from(data),
});

describe('bestMatchingB', () => {
	it('pairs an E: with its own B: after hidraw lost the reports before it', () => {
		// Reports 7, 8, 9 (counter in byte 1); the fix inverts byte 2 (wheel 01 -> ff). E: of 7 and 8 lost.
		const pending = new Fifo<CaptureRecord>();
		for (const [t, seq] of [
			[10, 7],
			[20, 8],
			[30, 9],
		] as const)
			pending.push(B(t, 0x11, seq, 0x01));
		expect(bestMatchingB(pending, E(40, 0x11, 9, 0xff))).toEqual({ index: 2, distance: 1 });
		// Nothing lost: the head is the match.
		expect(bestMatchingB(pending, E(15, 0x11, 7, 0xff)).index).toBe(0);
		// With the fix's footprint learned (1 byte), the head is taken without scanning further.
		expect(bestMatchingB(pending, E(40, 0x11, 7, 0xff), 1)).toEqual({ index: 0, distance: 1 });
	});

	it('never pairs with a B: taken after the E: arrived, and prefers the earliest of equals', () => {
		const pending = new Fifo<CaptureRecord>();
		pending.push(B(10, 1, 2, 3));
		pending.push(B(20, 1, 2, 3));
		pending.push(B(50, 9, 9, 9));
		expect(bestMatchingB(pending, E(30, 9, 9, 9)).index).toBe(0);
		expect(bestMatchingB(pending, E(25, 1, 2, 3))).toEqual({ index: 0, distance: 0 });
	});

	it("finds its B: behind a run of lost reports longer than hidraw's queue", () => {
		const pending = new Fifo<CaptureRecord>();
		for (let n = 0; n < 2000; n++) pending.push(B(n, 0x11, n & 0xff, n >> 8, 0x01));
		expect(bestMatchingB(pending, E(5000, 0x11, 1999 & 0xff, 1999 >> 8, 0xff), 1)).toEqual({
			index: 1999,
			distance: 1,
		});
	});

	it('counts a size change as a difference (a fix may shorten a report)', () => {
		const pending = new Fifo<CaptureRecord>();
		pending.push(B(10, 1, 2, 3, 4));
		pending.push(B(20, 5, 6, 7));
		expect(bestMatchingB(pending, E(30, 1, 2, 3))).toEqual({ index: 0, distance: 1 });
	});
});
