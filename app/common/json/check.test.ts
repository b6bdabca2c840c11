import { describe, expect, it } from 'vitest';
import { checkKit, type CheckConfig } from './check.js';

/** A kit whose errors are plain strings, to see which factory the combinators call and with what. */
const config: CheckConfig<string> = {
	errors: {
		wrongType: (path, expected) => `type ${path}: ${expected}`,
		invalid: (path, why) => `invalid ${path}: ${why}`,
		unknownField: (path) => `unknown ${path}`,
		missingField: (path) => `missing ${path}`,
	},
	isSafe: (v, multiline) => !(multiline ? /\t/ : /[\t\n]/).test(v),
	why: {
		length: (min, max) => `length ${min}..${max}`,
		pattern: (pattern, format) => `pattern ${format ?? pattern.source}`,
		count: (min, max) => `count ${min}..${max}`,
	},
	oneOfNonString: 'wrong-type',
};
const { str, int, bool, literal, oneOf, nullable, array, optional, object } = checkKit(config);

const outcome = (r: { ok: true; value: unknown } | { ok: false; error: string }) =>
	r.ok ? r.value : r.error;

describe('checkKit', () => {
	it('checks strings by length, the caller’s safety rule, then the pattern', () => {
		const line = str({ min: 1, max: 3, multiline: false, pattern: /^a/, format: 'a-word' });
		expect(['ab', '', 'abcd', 'a\n', 'b', 7].map((v) => outcome(line(v, 's')))).toStrictEqual([
			'ab',
			'invalid s: length 1..3',
			'invalid s: length 1..3',
			'invalid s: contains control characters',
			'invalid s: pattern a-word',
			'type s: a string',
		]);
		expect(outcome(str({ min: 0, max: 3, multiline: true })('a\n', 's'))).toBe('a\n');
	});

	it('checks numbers, booleans, literals, enumerations and null', () => {
		expect([2, 1.5, 10, '2'].map((v) => outcome(int(0, 9)(v, 'n')))).toStrictEqual([
			2,
			'invalid n: must be an integer from 0 to 9',
			'invalid n: must be an integer from 0 to 9',
			'type n: a number',
		]);
		expect([outcome(bool(true, 'b')), outcome(bool(1, 'b'))]).toStrictEqual([true, 'type b: true or false']);
		expect(outcome(literal(1)('1', 'l'))).toBe('invalid l: must be 1');
		expect(['x', 'z', 3].map((v) => outcome(oneOf(['x', 'y'])(v, 'o')))).toStrictEqual([
			'x',
			'invalid o: must be one of x, y',
			'type o: a string',
		]);
		expect([null, 'a', 3].map((v) => outcome(nullable(int(0, 9))(v, 'u')))).toStrictEqual([
			null,
			'type u: a number',
			3,
		]);
	});

	it('names array items and nested fields by their JSON path', () => {
		const list = array(int(0, 9), 1, 2);
		expect([[], [1, 2, 3], [1, 'x'], [1, 2]].map((v) => outcome(list(v, 'a')))).toStrictEqual([
			'invalid a: count 1..2',
			'invalid a: count 1..2',
			'type a[1]: a number',
			[1, 2],
		]);
		type T = { n: number; o?: { s: string } };
		const shape = object<T>({
			n: int(0, 9),
			o: optional(object({ s: str({ min: 0, max: 3, multiline: false }) })),
		});
		expect(
			[{ n: 1 }, { n: 1, o: { s: 'x' } }, { n: 1, x: 0 }, {}, { n: 1, o: { s: 5 } }, [], null].map((v) =>
				outcome(shape(v, '')),
			),
		).toStrictEqual([
			{ n: 1 },
			{ n: 1, o: { s: 'x' } },
			'unknown x',
			'missing n',
			'type o.s: a string',
			'type : an object',
			'type : an object',
		]);
	});

	it('can call a non-string simply not one of the values', () => {
		const loose = checkKit({ ...config, oneOfNonString: 'invalid' }).oneOf(['x']);
		expect(outcome(loose(3, 'o'))).toBe('invalid o: must be one of x');
	});
});
