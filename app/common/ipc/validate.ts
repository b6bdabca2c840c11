/**
 * Validators for every IPC request payload, one per channel.
 *
 * SECURITY: main treats the renderer as hostile (a page compromised by a bug in a bundle's text
 * rendering must not widen into file reads). Payloads arrive as `unknown`; anything but the exact
 * shape — extra keys, wrong types, oversized strings or byte arrays — is a `bad-request`. Which paths
 * may be opened is decided in main, not here; this only checks the shape of the string.
 */
import { DEFAULT_LIMITS } from '../bundle/limits.js';
import { FIX_ID } from '../bundle/manifest.js';
import { HID_SYSNAME as SYSNAME } from '../elevation/protocol.js';
import { MAX_NOTE } from '../report/text.js';
import { err, ok, type Result } from '../result.js';
import { failReply, type Failure, type InvokeChannel, type RequestOf } from './contract.js';

export type Validator<T> = (payload: unknown) => Result<T, Failure>;

/** Linux PATH_MAX; a longer string cannot name a file. */
const MAX_PATH = 4096;
const MAX_NAME = 255;

const bad = (message: string) => err(failReply('bad-request', message));

function isPlainObject(v: unknown): v is Record<string, unknown> {
	if (typeof v !== 'object' || v === null) return false;
	const proto = Object.getPrototypeOf(v) as unknown;
	return proto === Object.prototype || proto === null;
}

function exactKeys(v: Record<string, unknown>, keys: readonly string[], what: string): Failure | undefined {
	const extra = Object.keys(v).filter((k) => !keys.includes(k));
	if (extra.length > 0)
		return failReply('bad-request', `${what}: unexpected field ${JSON.stringify(extra[0])}`);
	return undefined;
}

function checkText(v: unknown, max: number, what: string): Failure | undefined {
	if (typeof v !== 'string' || v.length === 0)
		return failReply('bad-request', `${what} must be a non-empty string`);
	if (v.length > max) return failReply('bad-request', `${what} is longer than ${max} characters`);
	// NUL truncates paths in the kernel; other control characters have no business in a file name.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(v)) return failReply('bad-request', `${what} contains control characters`);
	return undefined;
}

export const validateOpenBundle: Validator<RequestOf<'hidfix:bundle:open'>> = (payload) => {
	if (!isPlainObject(payload)) return bad('openBundle expects { path }');
	const extra = exactKeys(payload, ['path'], 'openBundle');
	if (extra) return err(extra);
	const path = payload.path;
	const text = checkText(path, MAX_PATH, 'path');
	if (text) return err(text);
	if (!(path as string).startsWith('/')) return bad('path must be absolute');
	return ok({ path: path as string });
};

export const validateOpenBundleBytes: Validator<RequestOf<'hidfix:bundle:open-bytes'>> = (payload) => {
	if (!isPlainObject(payload)) return bad('openBundleBytes expects { name, bytes }');
	const extra = exactKeys(payload, ['name', 'bytes'], 'openBundleBytes');
	if (extra) return err(extra);
	const text = checkText(payload.name, MAX_NAME, 'name');
	if (text) return err(text);
	const bytes = payload.bytes;
	if (!(bytes instanceof Uint8Array)) return bad('bytes must be a Uint8Array');
	// Same cap as reading from disk, checked before any parsing.
	if (bytes.length > DEFAULT_LIMITS.maxBundleBytes) {
		return err(
			failReply(
				'bundle-too-large',
				`The bundle is ${bytes.length} bytes; the limit is ${DEFAULT_LIMITS.maxBundleBytes}.`,
				{
					limit: DEFAULT_LIMITS.maxBundleBytes,
					actual: bytes.length,
				},
			),
		);
	}
	return ok({ name: payload.name as string, bytes });
};

/** For verbs without arguments: the preload sends `undefined`; anything else is refused. */
export const validateNothing: Validator<undefined> = (payload) =>
	payload === undefined ? ok(undefined) : bad('this call takes no arguments');

const SHA256 = /^[0-9a-f]{64}$/;

export const validateTestFix: Validator<RequestOf<'hidfix:fix:test'>> = (payload) => {
	if (!isPlainObject(payload)) return bad('testFix expects { bundle, device }');
	const extra = exactKeys(payload, ['bundle', 'device'], 'testFix');
	if (extra) return err(extra);
	const { bundle, device } = payload;
	if (typeof bundle !== 'string' || !SHA256.test(bundle))
		return bad('bundle must be a bundle SHA-256 (64 hex)');
	if (typeof device !== 'string' || !SYSNAME.test(device))
		return bad('device must be a HID name like 0003:045E:00D1.0001');
	return ok({ bundle, device });
};

export const validateFixId: Validator<RequestOf<'hidfix:fix:keep'>> = (payload) => {
	if (!isPlainObject(payload)) return bad('expects { fixId }');
	const extra = exactKeys(payload, ['fixId'], 'fix');
	if (extra) return err(extra);
	const { fixId } = payload;
	if (typeof fixId !== 'string' || fixId.length > 128 || !FIX_ID.test(fixId))
		return bad('fixId must be a fix id like org.example.fix-name');
	return ok({ fixId });
};

export const validateRecord: Validator<RequestOf<'hidfix:capture:record'>> = (payload) => {
	if (!isPlainObject(payload)) return bad('recordDevice expects { device, seconds, phase }');
	const extra = exactKeys(payload, ['device', 'seconds', 'phase'], 'recordDevice');
	if (extra) return err(extra);
	const { device, seconds, phase } = payload;
	if (typeof device !== 'string' || !SYSNAME.test(device))
		return bad('device must be a HID name like 0003:045E:00D1.0001');
	if (!Number.isInteger(seconds) || (seconds as number) < 1 || (seconds as number) > 3600)
		return bad('seconds must be a whole number from 1 to 3600');
	if (phase !== 'before' && phase !== 'after') return bad('phase must be "before" or "after"');
	return ok({ device, seconds: seconds as number, phase });
};

export const validateReport: Validator<RequestOf<'hidfix:report:preview'>> = (payload) => {
	if (!isPlainObject(payload)) return bad('expects { note, includeKeyboardEvents }');
	const extra = exactKeys(payload, ['note', 'includeKeyboardEvents'], 'report');
	if (extra) return err(extra);
	const { note, includeKeyboardEvents } = payload;
	if (typeof note !== 'string' || note.length > MAX_NOTE)
		return bad(`note must be a string of at most ${MAX_NOTE} characters`);
	if (typeof includeKeyboardEvents !== 'boolean') return bad('includeKeyboardEvents must be true or false');
	return ok({ note, includeKeyboardEvents });
};

export const VALIDATORS: { readonly [K in InvokeChannel]: Validator<RequestOf<K>> } = {
	'hidfix:bundle:open': validateOpenBundle,
	'hidfix:bundle:open-bytes': validateOpenBundleBytes,
	'hidfix:devices:list': validateNothing,
	'hidfix:files:take-pending': validateNothing,
	'hidfix:fix:test': validateTestFix,
	'hidfix:fix:keep': validateFixId,
	'hidfix:fix:revert': validateFixId,
	'hidfix:fix:installed': validateNothing,
	'hidfix:capture:record': validateRecord,
	'hidfix:capture:stop': validateNothing,
	'hidfix:report:preview': validateReport,
	'hidfix:report:save': validateReport,
};
