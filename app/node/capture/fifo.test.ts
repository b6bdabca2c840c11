import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
	it('keeps order across compactions and reports its live length', () => {
		const q = new Fifo<number>();
		const out: number[] = [];
		for (let i = 0; i < 5000; i++) {
			q.push(i);
			if (i % 3 === 0) out.push(q.shift() as number);
		}
		expect(q.length).toBe(5000 - out.length);
		while (q.length > 0) out.push(q.shift() as number);
		expect([out.length, out.every((x, i) => x === i), q.shift(), q.peek()]).toEqual([
			5000,
			true,
			undefined,
			undefined,
		]);
	});
});
