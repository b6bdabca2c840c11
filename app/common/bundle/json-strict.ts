/**
 * JSON parsing for signed bytes: strict UTF-8, no BOM, no duplicate object keys.
 *
 * SECURITY: `JSON.parse` keeps the last of duplicate keys while other parsers keep the first, so a
 * signed manifest with `"id"` twice could mean two things to two tools. The signature covers bytes, so
 * the bytes must have exactly one reading. The duplicate scan runs only on text JSON.parse accepted,
 * so it can rely on well-formed tokens.
 */
import { decodeUtf8 } from './utf8.js';

export type StrictJson = { ok: true; value: unknown } | { ok: false; why: string };

/** Returns the first duplicated key (as a JSON path-ish hint), or undefined. */
function findDuplicateKey(text: string): string | undefined {
	const stack: (Set<string> | null)[] = [];
	let expectKey = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') {
			let j = i + 1;
			while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			const keys = stack.at(-1);
			if (expectKey && keys) {
				const key = JSON.parse(text.slice(i, j + 1)) as string;
				if (keys.has(key)) return key;
				keys.add(key);
			}
			expectKey = false;
			i = j;
		} else if (c === '{') {
			stack.push(new Set());
			expectKey = true;
		} else if (c === '[') {
			stack.push(null);
			expectKey = false;
		} else if (c === '}' || c === ']') {
			stack.pop();
		} else if (c === ',') {
			expectKey = stack.at(-1) instanceof Set;
		}
	}
	return undefined;
}

export function parseStrictJson(bytes: Uint8Array): StrictJson {
	const text = decodeUtf8(bytes);
	if (text === undefined) return { ok: false, why: 'is not valid UTF-8' };
	if (text.startsWith('\ufeff')) return { ok: false, why: 'starts with a byte-order mark' };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		return { ok: false, why: `is not valid JSON (${(e as Error).message})` };
	}
	const dup = findDuplicateKey(text);
	if (dup !== undefined) return { ok: false, why: `repeats the key "${dup}"` };
	return { ok: true, value };
}
