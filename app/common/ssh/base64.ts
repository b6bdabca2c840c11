/**
 * Strict standard base64 (RFC 4648 §4), pure: the core has neither `Buffer` nor `atob`.
 *
 * Decoding is strict on purpose (SECURITY): every character must be in the alphabet, padding must be
 * exact and the unused low bits of the last symbol must be zero, so one blob has exactly one text form.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as padded standard base64. */
export function base64Encode(bytes: Uint8Array): string {
	let out = '';
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
		out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
	}
	const rest = bytes.length - i;
	if (rest === 1) {
		const n = bytes[i]! << 16;
		out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
	} else if (rest === 2) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
		out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
	}
	return out;
}

/** Encodes without `=` padding, as OpenSSH prints `SHA256:` fingerprints. */
export function base64EncodeUnpadded(bytes: Uint8Array): string {
	return base64Encode(bytes).replace(/=+$/, '');
}

/** Decodes strict padded base64; `undefined` for anything else (callers map it to their own error). */
export function base64Decode(text: string): Uint8Array | undefined {
	if (text.length % 4 !== 0) return undefined;
	const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	const out = new Uint8Array((text.length / 4) * 3 - pad);
	let o = 0;
	for (let i = 0; i < text.length; i += 4) {
		const last = i + 4 === text.length;
		const v: number[] = [];
		for (let j = 0; j < 4; j++) {
			const c = text.charCodeAt(i + j);
			if (c === 61 /* = */ && last && j >= 4 - pad) {
				v.push(0);
				continue;
			}
			const d = c < 128 ? LOOKUP[c]! : -1;
			if (d < 0) return undefined;
			v.push(d);
		}
		const n = (v[0]! << 18) | (v[1]! << 12) | (v[2]! << 6) | v[3]!;
		if (last && pad === 2 && (n & 0xffff) !== 0) return undefined;
		if (last && pad === 1 && (n & 0xff) !== 0) return undefined;
		out[o++] = n >> 16;
		if (o < out.length) out[o++] = (n >> 8) & 255;
		if (o < out.length) out[o++] = n & 255;
	}
	return out;
}
