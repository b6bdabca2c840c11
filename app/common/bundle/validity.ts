/**
 * Time window of a verified manifest: not before `created` (with clock-skew slack), not after
 * `expires`. `now` is always passed in so the helper and tests decide the clock.
 */
import { err, ok, type Result } from '../result.js';
import { bundleError, type BundleError } from './errors.js';
import type { Manifest } from './manifest.js';
import { parseUtc } from './manifest-parse.js';

/** Users' clocks drift; five minutes keeps a freshly packed bundle usable without helping replay. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function checkValidity(m: Manifest, now: Date): Result<void, BundleError> {
	const t = now.getTime();
	if (parseUtc(m.expires)! <= t) {
		return err(
			bundleError(
				'bundle-expired',
				`This fix expired on ${m.expires}. Ask the author for a current version.`,
				{
					path: 'expires',
					expected: m.expires,
					actual: now.toISOString(),
				},
			),
		);
	}
	if (parseUtc(m.created)! > t + CLOCK_SKEW_MS) {
		return err(
			bundleError(
				'bundle-not-yet-valid',
				`This fix is dated ${m.created}, in the future. Check your computer's date and time, then try again.`,
				{ path: 'created', expected: m.created, actual: now.toISOString() },
			),
		);
	}
	return ok(undefined);
}
