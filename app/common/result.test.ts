import { describe, expect, it } from 'vitest';
import { assertNever, err, ok } from './result.js';

describe('result', () => {
	it('builds tagged values', () => {
		expect(ok(3)).toEqual({ ok: true, value: 3 });
		expect(err('x')).toEqual({ ok: false, error: 'x' });
	});
	it('assertNever throws with the offending value', () => {
		expect(() => assertNever('z' as never, 'verb')).toThrow('unexpected verb: "z"');
	});
});
