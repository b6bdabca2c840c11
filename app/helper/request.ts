/**
 * The helper's argv, parsed strictly. pkexec hands the helper exactly what the app put in argv and
 * nothing else (it clears the environment); the bundle itself comes on stdin, so the helper never
 * opens a path the caller chose.
 *
 *   hidfix-helper attach <hid-sysname>     Test: verify, install for the test, attach   (bundle on stdin)
 *   hidfix-helper keep <fix-id>            Keep: make the fix under test permanent
 *   hidfix-helper detach <fix-id>          Revert: detach everywhere, remove every installed file
 *   hidfix-helper record <hid-sysname> <seconds>   hid-recorder text on stdout until the time is up
 *                                                  or stdin closes
 */
import { err, ok, type Result } from '../common/result.js';
import { helperError, type HelperError } from './errors.js';
import { FIX_ID } from '../common/bundle/manifest.js';
import { HID_SYSNAME as SYSNAME } from '../common/elevation/protocol.js';

export type HelperRequest =
	| { readonly verb: 'attach'; readonly sysname: string }
	| { readonly verb: 'keep' | 'detach'; readonly fixId: string }
	| { readonly verb: 'record'; readonly sysname: string; readonly seconds: number };

/** A recording ends after at most an hour (or earlier, when stdin closes). */
export const MAX_RECORD_SECONDS = 3600;

/** Every verb; each has its own polkit action (assets/polkit/io.github.hidfix.policy). */
export { HELPER_VERBS as VERBS } from '../common/elevation/protocol.js';

export const USAGE =
	'usage: hidfix-helper attach <hid-sysname> < BUNDLE | keep <fix-id> | detach <fix-id> | record <hid-sysname> <seconds>';

export function parseRequest(argv: readonly string[]): Result<HelperRequest, HelperError> {
	const bad = (why: string) => err(helperError('bad-request', `${why}; ${USAGE}`));
	const [verb, arg, ...rest] = argv;
	if (verb === 'record') {
		const [seconds, ...more] = rest;
		if (more.length) return bad('too many arguments');
		if (arg === undefined || !SYSNAME.test(arg))
			return bad(`${JSON.stringify(arg ?? '')} is not a HID device name like 0003:045E:00D1.0001`);
		const n = Number(seconds);
		if (!/^[1-9]\d{0,3}$/.test(seconds ?? '') || n > MAX_RECORD_SECONDS)
			return bad(
				`${JSON.stringify(seconds ?? '')} is not a number of seconds from 1 to ${MAX_RECORD_SECONDS}`,
			);
		return ok({ verb, sysname: arg, seconds: n });
	}
	if (rest.length) return bad('too many arguments');
	if (verb === 'attach') {
		if (arg === undefined || !SYSNAME.test(arg))
			return bad(`${JSON.stringify(arg ?? '')} is not a HID device name like 0003:045E:00D1.0001`);
		return ok({ verb, sysname: arg });
	}
	if (verb === 'keep' || verb === 'detach') {
		if (arg === undefined || arg.length > 128 || !FIX_ID.test(arg))
			return bad(`${JSON.stringify(arg ?? '')} is not a fix id like org.example.fix-name`);
		return ok({ verb, fixId: arg });
	}
	return bad(`unknown verb ${JSON.stringify(verb ?? '')}`);
}
