/**
 * Strict UTF-8 for the pure core, which has no TextDecoder (tsconfig.common.json: ES2022 lib only).
 *
 * SECURITY: the manifest is signed as bytes; decoding must be exact so every reader sees the same
 * text. Overlong forms, surrogates, code points above U+10FFFF and truncated sequences are rejected
 * (undefined) instead of being replaced with U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
	let out = '';
	for (let i = 0; i < bytes.length;) {
		// Fast path: a run of ASCII (all of a typical manifest) converted in chunks, not per character.
		let j = i;
		while (j < bytes.length && j - i < 4096 && bytes[j]! < 0x80) j++;
		if (j > i) {
			// apply() takes the typed array directly; spreading it first is ~10× slower.
			out += String.fromCharCode.apply(null, bytes.subarray(i, j) as unknown as number[]);
			i = j;
			continue;
		}
		const b = bytes[i]!;
		let need: number;
		let cp: number;
		let min: number;
		if (b >= 0xc2 && b <= 0xdf) [need, cp, min] = [1, b & 0x1f, 0x80];
		else if (b >= 0xe0 && b <= 0xef) [need, cp, min] = [2, b & 0x0f, 0x800];
		else if (b >= 0xf0 && b <= 0xf4) [need, cp, min] = [3, b & 0x07, 0x10000];
		else return undefined;
		for (let k = 1; k <= need; k++) {
			const c = bytes[i + k];
			if (c === undefined || (c & 0xc0) !== 0x80) return undefined;
			cp = (cp << 6) | (c & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
		out += String.fromCodePoint(cp);
		i += need + 1;
	}
	return out;
}

export function encodeUtf8(text: string): Uint8Array {
	const out: number[] = [];
	for (const ch of text) {
		const cp = ch.codePointAt(0)!;
		if (cp < 0x80) out.push(cp);
		else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
		else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
		else
			out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
	}
	return Uint8Array.from(out);
}
