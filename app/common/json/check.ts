/**
 * Validator combinators for parsed JSON that report the path of the first offending field.
 *
 * One implementation behind two closed schemas with different words: the bundle manifest
 * (bundle/json-check.ts, written for the author of a bundle) and report.json (report/check.ts,
 * written for the developer who received a report). Each builds its kit with {@link checkKit},
 * giving its own errors (codes, messages, advice), its string-safety rule and the few `why`
 * fragments it words differently; the kit decides only what is wrong, never how it is said.
 *
 * Hand-written instead of zod because the root helper may load no npm package (eslint rule for
 * app/helper). Objects are closed: an unknown key is an error, never silently dropped.
 */
import { err, ok, type Result } from '../result.js';

export type Check<T, E> = (value: unknown, path: string) => Result<T, E>;

/** Turns each kind of failure into the caller's error type, with its own code and advice. */
export interface CheckErrors<E> {
	wrongType(path: string, expected: string): E;
	invalid(path: string, why: string): E;
	unknownField(path: string): E;
	missingField(path: string): E;
}

export interface CheckConfig<E> {
	readonly errors: CheckErrors<E>;
	/** The string-safety rule: true when `value` holds no character forbidden for its kind of string. */
	readonly isSafe: (value: string, multiline: boolean) => boolean;
	/** The `why` of the rejections each caller words its own way. */
	readonly why: {
		length(min: number, max: number): string;
		pattern(pattern: RegExp, format: string | undefined): string;
		count(min: number, max: number): string;
	};
	/** What `oneOf` calls a value that is not a string: a wrong type, or just not one of the values. */
	readonly oneOfNonString: 'wrong-type' | 'invalid';
}

export interface StringRule {
	readonly min: number;
	readonly max: number;
	/** Passed to {@link CheckConfig.isSafe}: line breaks allowed or not is the caller's rule. */
	readonly multiline: boolean;
	readonly pattern?: RegExp | undefined;
	/** Human description of the pattern, for callers whose message uses it. */
	readonly format?: string | undefined;
}

/** Marks an object field as optional: absent is fine, present must pass `optional`. */
export interface Optional<T, E> {
	readonly optional: Check<T, E>;
}

/** What {@link CheckKit.object} takes; the adapters type it against the object they check. */
export type Fields<E> = Readonly<Record<string, Check<unknown, E> | Optional<unknown, E>>>;

export const join = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`);

/** The combinators, speaking the caller's errors. */
export function checkKit<E>(config: CheckConfig<E>) {
	const { errors, why } = config;

	const wrongType = (path: string, expected: string) => err(errors.wrongType(path, expected));
	const invalid = (path: string, reason: string) => err(errors.invalid(path, reason));

	const str =
		(rule: StringRule): Check<string, E> =>
		(v, path) => {
			if (typeof v !== 'string') return wrongType(path, 'a string');
			if (v.length < rule.min || v.length > rule.max) return invalid(path, why.length(rule.min, rule.max));
			if (!config.isSafe(v, rule.multiline)) return invalid(path, 'contains control characters');
			if (rule.pattern && !rule.pattern.test(v)) return invalid(path, why.pattern(rule.pattern, rule.format));
			return ok(v);
		};

	const int =
		(min: number, max: number): Check<number, E> =>
		(v, path) => {
			if (typeof v !== 'number') return wrongType(path, 'a number');
			if (!Number.isInteger(v) || v < min || v > max)
				return invalid(path, `must be an integer from ${min} to ${max}`);
			return ok(v);
		};

	const bool: Check<boolean, E> = (v, path) =>
		typeof v === 'boolean' ? ok(v) : wrongType(path, 'true or false');

	const literal =
		<T extends number | string>(value: T): Check<T, E> =>
		(v, path) =>
			v === value ? ok(value) : invalid(path, `must be ${JSON.stringify(value)}`);

	const oneOf =
		<T extends string>(values: readonly T[]): Check<T, E> =>
		(v, path) => {
			if (typeof v !== 'string' && config.oneOfNonString === 'wrong-type') return wrongType(path, 'a string');
			return typeof v === 'string' && (values as readonly string[]).includes(v)
				? ok(v as T)
				: invalid(path, `must be one of ${values.join(', ')}`);
		};

	const nullable =
		<T>(check: Check<T, E>): Check<T | null, E> =>
		(v, path) =>
			v === null ? ok(null) : check(v, path);

	const array =
		<T>(item: Check<T, E>, min: number, max: number): Check<T[], E> =>
		(v, path) => {
			if (!Array.isArray(v)) return wrongType(path, 'an array');
			if (v.length < min || v.length > max) return invalid(path, why.count(min, max));
			const out: T[] = [];
			for (let i = 0; i < v.length; i++) {
				const r = item(v[i], `${path}[${i}]`);
				if (!r.ok) return r;
				out.push(r.value);
			}
			return ok(out);
		};

	const optional = <T>(check: Check<T, E>): Optional<T, E> => ({ optional: check });

	/** A closed object: unknown keys first, then every field of `fields` in order. */
	const object =
		<T>(fields: Fields<E>): Check<T, E> =>
		(v, path) => {
			if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrongType(path, 'an object');
			const rec = v as Record<string, unknown>;
			for (const key of Object.keys(rec))
				if (!Object.hasOwn(fields, key)) return err(errors.unknownField(join(path, key)));
			const out: Record<string, unknown> = {};
			for (const [key, rule] of Object.entries(fields)) {
				const p = join(path, key);
				const isOptional = typeof rule === 'object';
				if (!Object.hasOwn(rec, key)) {
					if (isOptional) continue;
					return err(errors.missingField(p));
				}
				const r = (isOptional ? rule.optional : rule)(rec[key], p);
				if (!r.ok) return r;
				out[key] = r.value;
			}
			return ok(out as T);
		};

	return { wrongType, invalid, str, int, bool, literal, oneOf, nullable, array, optional, object };
}
