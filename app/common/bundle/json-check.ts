/**
 * The manifest's validator combinators: app/common/json/check.ts speaking bundle errors.
 *
 * Messages are written for the person holding the bundle and name the manifest field by its JSON
 * path; the only consumer is the manifest, so only the shapes it needs are typed here. Objects are
 * closed: an unknown key is an error, never silently dropped.
 */
import { checkKit, type Check as JsonCheck, type Optional as JsonOptional } from '../json/check.js';
import { bundleError, type BundleError } from './errors.js';

export { join } from '../json/check.js';

export type Check<T> = JsonCheck<T, BundleError>;

const where = (path: string) => (path === '' ? 'the manifest' : `manifest field "${path}"`);
const FIX = 'Ask the author to fix the manifest and re-sign the bundle.';

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

const kit = checkKit<BundleError>({
	errors: {
		wrongType: (path, expected) =>
			bundleError('manifest-wrong-type', `In ${where(path)}: expected ${expected}. ${FIX}`, {
				path,
				expected,
			}),
		invalid: (path, why) =>
			bundleError('manifest-invalid-value', `In ${where(path)}: ${why}. ${FIX}`, { path }),
		unknownField: (path) =>
			bundleError('manifest-unknown-field', `Unknown ${where(path)} (schema v1 has no such field). ${FIX}`, {
				path,
			}),
		missingField: (path) => bundleError('manifest-missing-field', `Missing ${where(path)}. ${FIX}`, { path }),
	},
	isSafe: (v, multiline) => !(multiline ? CONTROL : LINE_BREAK_OR_CONTROL).test(v),
	why: {
		length: (min, max) => `length must be ${min}–${max} characters`,
		pattern: (pattern, format) => `must be ${format ?? pattern.source}`,
		count: (min, max) => `must have ${min}–${max} items`,
	},
	oneOfNonString: 'wrong-type',
});

export const { wrongType, invalid, int, oneOf, literal, array, optional } = kit;

/** Strings are non-empty unless `min` says otherwise; line breaks are allowed unless `singleLine`. */
export const str = (rule: StringRule): Check<string> =>
	kit.str({
		min: rule.min ?? 1,
		max: rule.max,
		multiline: !rule.singleLine,
		pattern: rule.pattern,
		format: rule.format,
	});

/** Marks an object field as optional. */
export type Optional<T> = JsonOptional<T, BundleError>;

type Shape<T> = {
	[K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Check<T[K]>;
};

export const object = <T>(shape: Shape<T>): Check<T> => kit.object<T>(shape);
