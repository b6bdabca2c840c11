/**
 * The helper's argv, parsed strictly. pkexec hands the helper exactly what the app put in argv and
 * nothing else (it clears the environment); the bundle itself comes on stdin, so the helper never
 * opens a path the caller chose.
 *
 *   hidfix-helper attach <hid-sysname>                 (bundle bytes on stdin)
 *   hidfix-helper detach <hid-sysname> <object>      (a pin-dir name `attach` returned)
 */
import { err, ok, type Result } from '../common/result.js';
import { helperError, type HelperError } from './errors.js';

export type HelperRequest =
	| { readonly verb: 'attach'; readonly sysname: string }
	| { readonly verb: 'detach'; readonly sysname: string; readonly object: string };

/** `BBBB:VVVV:PPPP.NNNN`, as the kernel names HID devices. */
const SYSNAME = /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}\.[0-9A-F]{4,8}$/;
/** A pin-dir name under /sys/fs/bpf/hid/<device>/, as `attach` returned it (no dots, no slashes). */
const OBJECT = /^[A-Za-z0-9][A-Za-z0-9_+-]{0,127}$/;

export const USAGE = 'usage: hidfix-helper attach <hid-sysname> < bundle | detach <hid-sysname> <object>';

export function parseRequest(argv: readonly string[]): Result<HelperRequest, HelperError> {
	const bad = (why: string) => err(helperError('bad-request', `${why}; ${USAGE}`));
	const [verb, sysname, object, ...rest] = argv;
	if (rest.length) return bad('too many arguments');
	if (verb !== 'attach' && verb !== 'detach') return bad(`unknown verb ${JSON.stringify(verb ?? '')}`);
	if (sysname === undefined || !SYSNAME.test(sysname))
		return bad(`${JSON.stringify(sysname ?? '')} is not a HID device name like 0003:045E:00D1.0001`);
	if (verb === 'attach') return object === undefined ? ok({ verb, sysname }) : bad('attach takes one device');
	if (object === undefined || !OBJECT.test(object))
		return bad(
			`${JSON.stringify(object ?? '')} is not an attached object's name like 0010-Vendor__Product_bpf`,
		);
	return ok({ verb, sysname, object });
}
