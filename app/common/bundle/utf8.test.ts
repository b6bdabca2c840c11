import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8 } from './utf8.js';

describe('utf8', () => {
	it('round-trips ASCII, 2-, 3- and 4-byte characters like TextEncoder', () => {
		const text = 'a é € 𝄞 ü';
		expect(encodeUtf8(text)).toEqual(new TextEncoder().encode(text));
		expect(decodeUtf8(encodeUtf8(text))).toBe(text);
	});

	it.each([
		['overlong slash', [0xc0, 0xaf]],
		['overlong 3-byte', [0xe0, 0x80, 0xaf]],
		['surrogate', [0xed, 0xa0, 0x80]],
		['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
		['truncated', [0xe2, 0x82]],
		['lone continuation', [0x80]],
	])('refuses %s', (_what, bytes) => {
		expect(decodeUtf8(Uint8Array.from(bytes))).toBeUndefined();
	});
});
