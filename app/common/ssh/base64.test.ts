import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, base64EncodeUnpadded } from './base64.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('base64', () => {
	it('encodes the RFC 4648 test vectors', () => {
		const vectors = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => base64Encode(bytes(s)));
		expect(vectors).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
		expect(base64EncodeUnpadded(bytes('fo'))).toBe('Zm8');
	});

	it('round-trips every length and byte value', () => {
		const all = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 255);
		for (let n = 0; n < all.length; n++) {
			const b = all.subarray(0, n);
			expect(base64Decode(base64Encode(b))).toEqual(b);
		}
	});

	it('refuses non-canonical and invalid text', () => {
		const bad = [
			'Zg',
			'Zg=',
			'Zh==',
			'Zm9=',
			'Z===',
			'=Zg=',
			'Zm9v\n',
			'Zm 9',
			'Zm9v====',
			'Zg==Zg==',
			'Zm9-',
			'é====',
		];
		expect(bad.map((t) => base64Decode(t))).toEqual(bad.map(() => undefined));
	});
});
