/**
 * Validator combinators for report.json with the JSON path of the first bad field. The bundle has
 * its own (app/common/bundle/json-check.ts) but its codes and messages speak of manifests and
 * authors; a report is checked by the developer who received it, so it gets its own words.
 *
 * Objects are closed (unknown keys are errors) and every string has a length cap, so a hostile
 * report.json cannot smuggle extra data past the summary or make rendering unbounded.
 */
import { err, ok, type Result } from '../result.js';
import { reportError, type ReportError } from './errors.js';
import { isSafeLine, isSafeText } from './text.js';

export type Check<T> = (value: unknown, path: string) => Result<T, ReportError>;

const where = (path: string) => (path === '' ? 'report.json' : `report.json field "${path}"`);
const ADVICE = 'The report is damaged or was not written by hidfix; ask the sender to export it again.';

export const wrongType = (path: string, expected: string) =>
	err(reportError('field-wrong-type', `In ${where(path)}: expected ${expected}. ${ADVICE}`, { path }));
export const invalid = (path: string, why: string) =>
	err(reportError('field-invalid', `In ${where(path)}: ${why}. ${ADVICE}`, { path }));

const join = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`);

export function str(
	max: number,
	opts: { pattern?: RegExp; multiline?: boolean; min?: number } = {},
): Check<string> {
	return (v, path) => {
		if (typeof v !== 'string') return wrongType(path, 'a string');
		if (v.length < (opts.min ?? 0) || v.length > max)
			return invalid(path, `length must be ${opts.min ?? 0}–${max}`);
		if (!(opts.multiline ? isSafeText(v) : isSafeLine(v)))
			return invalid(path, 'contains control characters');
		if (opts.pattern && !opts.pattern.test(v)) return invalid(path, `must match ${opts.pattern.source}`);
		return ok(v);
	};
}

export const int =
	(min: number, max: number): Check<number> =>
	(v, path) => {
		if (typeof v !== 'number') return wrongType(path, 'a number');
		return Number.isInteger(v) && v >= min && v <= max
			? ok(v)
			: invalid(path, `must be an integer from ${min} to ${max}`);
	};

export const bool: Check<boolean> = (v, path) =>
	typeof v === 'boolean' ? ok(v) : wrongType(path, 'true or false');

export const literal =
	<T extends string | number>(value: T): Check<T> =>
	(v, path) =>
		v === value ? ok(value) : invalid(path, `must be ${JSON.stringify(value)}`);

export const oneOf =
	<T extends string>(values: readonly T[]): Check<T> =>
	(v, path) =>
		typeof v === 'string' && (values as readonly string[]).includes(v)
			? ok(v as T)
			: invalid(path, `must be one of ${values.join(', ')}`);

export const nullable =
	<T>(check: Check<T>): Check<T | null> =>
	(v, path) =>
		v === null ? ok(null) : check(v, path);

export function array<T>(item: Check<T>, max: number): Check<T[]> {
	return (v, path) => {
		if (!Array.isArray(v)) return wrongType(path, 'an array');
		if (v.length > max) return invalid(path, `must have at most ${max} items`);
		const out: T[] = [];
		for (let i = 0; i < v.length; i++) {
			const r = item(v[i], `${path}[${i}]`);
			if (!r.ok) return r;
			out.push(r.value);
		}
		return ok(out);
	};
}

/** Every key required (nullable fields are `null`, never absent), no other key allowed. */
export function object<T>(shape: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
	return (v, path) => {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrongType(path, 'an object');
		const rec = v as Record<string, unknown>;
		for (const key of Object.keys(rec)) {
			if (!Object.hasOwn(shape, key)) {
				const p = join(path, key);
				return err(
					reportError('field-unknown', `Unknown ${where(p)} (schema v1 has no such field). ${ADVICE}`, {
						path: p,
					}),
				);
			}
		}
		const out: Record<string, unknown> = {};
		for (const [key, check] of Object.entries(shape) as [string, Check<unknown>][]) {
			const p = join(path, key);
			if (!Object.hasOwn(rec, key))
				return err(reportError('field-missing', `Missing ${where(p)}. ${ADVICE}`, { path: p }));
			const r = check(rec[key], p);
			if (!r.ok) return r;
			out[key] = r.value;
		}
		return ok(out as T);
	};
}
