import { describe, expect, it } from 'vitest';
import { parseStrictJson } from './json-strict.js';
import { encodeUtf8 } from './utf8.js';

const why = (text: string) => {
	const r = parseStrictJson(encodeUtf8(text));
	return r.ok ? 'ok' : r.why;
};

describe('parseStrictJson', () => {
	it.each([
		['{"a":{"x":1,"x":2}}', 'repeats the key "x"'],
		['{"a\\"":1,"a\\"":2}', 'repeats the key "a""'],
		['{"\\u0061":1,"a":2}', 'repeats the key "a"'],
		['[{"k":1,"k":1}]', 'repeats the key "k"'],
	])('finds the duplicate in %s', (text, expected) => {
		expect(why(text)).toBe(expected);
	});

	it.each([
		'{"x":[{"k":1},{"k":2}],"k":3}',
		'{"a":"{,\\"b\\":1","b":2}',
		'{"a":{"b":1},"b":{"a":2}}',
		'[1,"a",{"a":1}]',
		'"just a string"',
	])('accepts %s (same key in different objects, look-alikes inside strings)', (text) => {
		expect(why(text)).toBe('ok');
	});
});
