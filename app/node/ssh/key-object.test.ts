import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519KeyFromRaw } from '../../common/ssh/public-key.js';
import { fromKeyObject, toKeyObject } from './key-object.js';

describe('toKeyObject', () => {
	it('reuses the parsed key for an equal blob and still rejects an invalid one', () => {
		const pub = fromKeyObject(generateKeyPairSync('ed25519').publicKey);
		if (!pub.ok) throw new Error(pub.error.message);
		const a = toKeyObject(pub.value);
		const b = toKeyObject({ ...pub.value, blob: pub.value.blob.slice() });
		expect(a.ok && b.ok && a.value === b.value).toBe(true);

		// A P-256 "point" that is not on the curve is refused every time (never cached).
		const bad = {
			type: 'ecdsa-sha2-nistp256' as const,
			blob: new Uint8Array([1, 2, 3]),
			point: new Uint8Array(65).fill(4),
		};
		expect([toKeyObject(bad).ok, toKeyObject(bad).ok]).toEqual([false, false]);
		expect(toKeyObject(ed25519KeyFromRaw(new Uint8Array(32).fill(9))).ok).toBe(true);
	});
});
