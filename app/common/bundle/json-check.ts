/**
 * Tiny validator combinators for parsed JSON that report the path of the offending field.
 *
 * Hand-written instead of zod because the root helper may load no npm package (eslint rule for
 * app/helper); the manifest is the only consumer, so only the shapes it needs exist. Objects are
 * closed: an unknown key is an error, never silently dropped.
 */
import { err, ok, type Result } from '../result.js';
import { bundleError, type BundleError } from './errors.js';

export type Check<T> = (value: unknown, path: string) => Result<T, BundleError>;

const where = (path: string) => (path === '' ? 'the manifest' : `manifest field "${path}"`);
const FIX = 'Ask the author to fix the manifest and re-sign the bundle.';

export const wrongType = (path: string, expected: string) =>
	err(
		bundleError('manifest-wrong-type', `In ${where(path)}: expected ${expected}. ${FIX}`, { path, expected }),
	);

export const invalid = (path: string, why: string) =>
	err(bundleError('manifest-invalid-value', `In ${where(path)}: ${why}. ${FIX}`, { path }));

export const join = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`);

export interface StringRule {
	min?: number;
	max: number;
	pattern?: RegExp;
	/** Human description of the pattern, used in the message. */
	format?: string;
	/** Reject line breaks and other control characters (titles, names). */
	singleLine?: boolean;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is being detected
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

export function str(rule: StringRule): Check<string> {
	return (v, path) => {
		if (typeof v !== 'string') return wrongType(path, 'a string');
		const min = rule.min ?? 1;
		if (v.length < min || v.length > rule.max)
			return invalid(path, `length must be ${min}–${rule.max} characters`);
		if ((rule.singleLine ? LINE_BREAK_OR_CONTROL : CONTROL).test(v))
			return invalid(path, 'contains control characters');
		if (rule.pattern && !rule.pattern.test(v))
			return invalid(path, `must be ${rule.format ?? rule.pattern.source}`);
		return ok(v);
	};
}

export function int(min: number, max: number): Check<number> {
	return (v, path) => {
		if (typeof v !== 'number') return wrongType(path, 'a number');
		if (!Number.isInteger(v) || v < min || v > max)
			return invalid(path, `must be an integer from ${min} to ${max}`);
		return ok(v);
	};
}

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
	return (v, path) => {
		if (typeof v !== 'string') return wrongType(path, 'a string');
		return (values as readonly string[]).includes(v)
			? ok(v as T)
			: invalid(path, `must be one of ${values.join(', ')}`);
	};
}

export function literal<T extends number | string>(value: T): Check<T> {
	return (v, path) => (v === value ? ok(value) : invalid(path, `must be ${JSON.stringify(value)}`));
}

export function array<T>(item: Check<T>, min: number, max: number): Check<T[]> {
	return (v, path) => {
		if (!Array.isArray(v)) return wrongType(path, 'an array');
		if (v.length < min || v.length > max) return invalid(path, `must have ${min}–${max} items`);
		const out: T[] = [];
		for (let i = 0; i < v.length; i++) {
			const r = item(v[i], `${path}[${i}]`);
			if (!r.ok) return r;
			out.push(r.value);
		}
		return ok(out);
	};
}

/** Marks an object field as optional. */
export interface Optional<T> {
	readonly optional: Check<T>;
}
export const optional = <T>(check: Check<T>): Optional<T> => ({ optional: check });

type Shape<T> = {
	[K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Check<T[K]>;
};

export function object<T>(shape: Shape<T>): Check<T> {
	return (v, path) => {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrongType(path, 'an object');
		const rec = v as Record<string, unknown>;
		for (const key of Object.keys(rec)) {
			if (!Object.hasOwn(shape, key)) {
				const p = join(path, key);
				return err(
					bundleError('manifest-unknown-field', `Unknown ${where(p)} (schema v1 has no such field). ${FIX}`, {
						path: p,
					}),
				);
			}
		}
		const out: Record<string, unknown> = {};
		for (const [key, rule] of Object.entries(shape) as [string, Check<unknown> | Optional<unknown>][]) {
			const p = join(path, key);
			const isOptional = typeof rule === 'object';
			if (!Object.hasOwn(rec, key)) {
				if (isOptional) continue;
				return err(bundleError('manifest-missing-field', `Missing ${where(p)}. ${FIX}`, { path: p }));
			}
			const r = (isOptional ? rule.optional : rule)(rec[key], p);
			if (!r.ok) return r;
			out[key] = r.value;
		}
		return ok(out as T);
	};
}
