/**
 * Text hygiene for what goes into a report: device names come from firmware, notes from the user,
 * log lines from the kernel. Control characters (terminal escapes, NUL, bidi-breaking line
 * separators) would reach the developer's terminal through `hidfix report show`, so they are
 * replaced, not passed through.
 */
export const MAX_NOTE = 20_000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line: every control character (newlines included) becomes U+FFFD. */
export const safeLine = (s: string): string => s.replace(CONTROL_LINE, '\ufffd');

/** Multi-line text: CRLF → LF, tabs and newlines kept, other control characters become U+FFFD. */
export const safeText = (s: string): string => s.replace(/\r\n?/g, '\n').replace(CONTROL_TEXT, '\ufffd');

/** True when `s` has no characters {@link safeLine} would replace. */
export const isSafeLine = (s: string): boolean => !new RegExp(CONTROL_LINE.source).test(s);
export const isSafeText = (s: string): boolean => !/\r/.test(s) && !new RegExp(CONTROL_TEXT.source).test(s);

/**
 * UTF-8 encoding for large text (an hour of a 1 kHz device is ~100 MB of hid-recorder text): two
 * passes over the string into one exact-size buffer. The bundle's encodeUtf8 builds a number array,
 * fine for a manifest, ~10× the memory for a recording. Lone surrogates become U+FFFD, as
 * TextEncoder does.
 */
export function encodeText(s: string): Uint8Array {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) n += 1;
		else if (c < 0x800) n += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			n += 4;
			i++;
		} else n += 3;
	}
	const out = new Uint8Array(n);
	let o = 0;
	for (let i = 0; i < s.length; i++) {
		let c = s.charCodeAt(i);
		if (c < 0x80) {
			out[o++] = c;
			continue;
		}
		if (c < 0x800) {
			out[o++] = 0xc0 | (c >> 6);
			out[o++] = 0x80 | (c & 0x3f);
			continue;
		}
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
			out[o++] = 0xf0 | (cp >> 18);
			out[o++] = 0x80 | ((cp >> 12) & 0x3f);
			out[o++] = 0x80 | ((cp >> 6) & 0x3f);
			out[o++] = 0x80 | (cp & 0x3f);
			continue;
		}
		if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
		out[o++] = 0xe0 | (c >> 12);
		out[o++] = 0x80 | ((c >> 6) & 0x3f);
		out[o++] = 0x80 | (c & 0x3f);
	}
	return out;
}
