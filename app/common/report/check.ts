/**
 * The report.json validator combinators: app/common/json/check.ts speaking report errors. The
 * bundle's (app/common/bundle/json-check.ts) speak of manifests and authors; a report is checked by
 * the developer who received it, so it gets its own codes and words.
 *
 * Objects are closed (unknown keys are errors) and every string has a length cap, so a hostile
 * report.json cannot smuggle extra data past the summary or make rendering unbounded.
 */
import { checkKit, type Check as JsonCheck } from '../json/check.js';
import { reportError, type ReportError } from './errors.js';
import { isSafeLine, isSafeText } from './text.js';

export type Check<T> = JsonCheck<T, ReportError>;

const where = (path: string) => (path === '' ? 'report.json' : `report.json field "${path}"`);
const ADVICE = 'The report is damaged or was not written by hidfix; ask the sender to export it again.';

const kit = checkKit<ReportError>({
	errors: {
		wrongType: (path, expected) =>
			reportError('field-wrong-type', `In ${where(path)}: expected ${expected}. ${ADVICE}`, { path }),
		invalid: (path, why) => reportError('field-invalid', `In ${where(path)}: ${why}. ${ADVICE}`, { path }),
		unknownField: (path) =>
			reportError('field-unknown', `Unknown ${where(path)} (schema v1 has no such field). ${ADVICE}`, {
				path,
			}),
		missingField: (path) => reportError('field-missing', `Missing ${where(path)}. ${ADVICE}`, { path }),
	},
	isSafe: (v, multiline) => (multiline ? isSafeText(v) : isSafeLine(v)),
	why: {
		length: (min, max) => `length must be ${min}–${max}`,
		pattern: (pattern) => `must match ${pattern.source}`,
		count: (_min, max) => `must have at most ${max} items`,
	},
	// Anything but one of the values is just invalid here, a non-string included.
	oneOfNonString: 'invalid',
});

export const { wrongType, invalid, int, bool, literal, oneOf, nullable } = kit;

/** Strings may be empty unless `min` says otherwise; one line unless `multiline`. */
export const str = (
	max: number,
	opts: { pattern?: RegExp; multiline?: boolean; min?: number } = {},
): Check<string> =>
	kit.str({ min: opts.min ?? 0, max, multiline: opts.multiline ?? false, pattern: opts.pattern });

export const array = <T>(item: Check<T>, max: number): Check<T[]> => kit.array(item, 0, max);

/** Every key required (nullable fields are `null`, never absent), no other key allowed. */
export const object = <T>(shape: { [K in keyof T]-?: Check<T[K]> }): Check<T> => kit.object<T>(shape);
