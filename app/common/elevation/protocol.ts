/**
 * The wire protocol between the app and the privileged helper (docs/helper.md): argv out, one JSON
 * line back. Shared by both sides so they cannot drift; the app still parses the line strictly, since
 * whatever printed it (pkexec, a crashed helper) is not trusted to follow it.
 */
import { err, ok, type Result } from '../result.js';

export const HELPER_VERBS = ['attach', 'keep', 'detach', 'record'] as const;

/** A HID device as the kernel names it, `BBBB:VVVV:PPPP.NNNN` (upper-case hex): what the helper accepts. */
export const HID_SYSNAME = /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}\.[0-9A-F]{4,8}$/;
/** A pin-dir name under /sys/fs/bpf/hid/<device>/ (no dots, no slashes). */
export const PIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_+-]{0,127}$/;
export type HelperVerb = (typeof HELPER_VERBS)[number];

export const HELPER_ERROR_CODES = [
	/** argv is not one the helper accepts (a bug in the caller, or someone poking at the helper). */
	'bad-request',
	/** Not run as root (or through pkexec). */
	'not-root',
	/** The bundle on stdin is missing, too large, or failed verification (`detail.bundleCode`). */
	'bundle-rejected',
	/** A trust store or the version record cannot be read. */
	'trust-unusable',
	/** The HID device is not there (unplugged). */
	'device-not-found',
	/** The fix does not list this device among its targets. */
	'device-not-targeted',
	/** hidfix-loader refused or failed (`detail.loader` holds its JSON). */
	'loader-failed',
	/** Test: this fix is already under test or kept; revert it first. */
	'already-installed',
	/** Keep/Revert: no such fix is installed. */
	'not-installed',
	/** Writing or removing the installed files failed (disk full, read-only /etc…); rolled back. */
	'install-failed',
	/** Record: the device could not be recorded (nodes missing, tracer refused…). */
	'record-failed',
	/** An exception escaped the helper: a bug. */
	'internal',
] as const;
export type HelperErrorCode = (typeof HELPER_ERROR_CODES)[number];

export interface HelperError {
	readonly code: HelperErrorCode;
	readonly message: string;
	readonly detail?: Readonly<Record<string, unknown>>;
}

export interface AttachReply {
	readonly verb: 'attach';
	readonly fix: { readonly id: string; readonly version: string; readonly title: string };
	readonly signers: readonly string[];
	readonly device: string;
	/** Pin-dir names under /sys/fs/bpf/hid/<device>/. */
	readonly objects: readonly string[];
	/** Set when this run first finished an operation a crash had interrupted. */
	readonly recovered?: string;
}

export interface ChangeReply {
	readonly verb: 'keep' | 'detach';
	readonly fix: string;
	readonly version: string;
	readonly recovered?: string;
}

/** What a recording holds, in counts (the window shows them next to each recording). */
export interface RecordingCounts {
	readonly reports: number;
	readonly bpfReports: number;
	readonly evdevEvents: number;
	readonly synDropped: number;
	readonly reconnects: number;
	/** Why the recording ended before it was stopped (the device did not come back…). */
	readonly error?: string;
}

/** Record: stdout holds the hid-recorder text first, this line last. */
export interface RecordReply {
	readonly verb: 'record';
	readonly device: string;
	readonly summary: RecordingCounts;
	readonly recovered?: string;
}

export type HelperReply = AttachReply | ChangeReply | RecordReply;

const isStr = (v: unknown, max = 1000): v is string => typeof v === 'string' && v.length <= max;
const isStrList = (v: unknown): v is string[] =>
	Array.isArray(v) && v.length <= 64 && v.every((x) => isStr(x));

/** The helper's stdout line for `verb`, strictly: anything else is a malformed reply (undefined). */
export function parseHelperLine(
	line: string,
	verb: HelperVerb,
): Result<HelperReply, HelperError> | undefined {
	let v: unknown;
	try {
		v = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
	const o = v as Record<string, unknown>;
	if (o.ok === false) {
		if (!isStr(o.message, 20_000) || !(HELPER_ERROR_CODES as readonly unknown[]).includes(o.code))
			return undefined;
		const detail =
			o.detail && typeof o.detail === 'object' && !Array.isArray(o.detail)
				? (o.detail as Record<string, unknown>)
				: undefined;
		return err({ code: o.code as HelperErrorCode, message: o.message, ...(detail && { detail }) });
	}
	if (o.ok !== true || o.verb !== verb) return undefined;
	if (o.recovered !== undefined && !isStr(o.recovered)) return undefined;
	const recovered = o.recovered === undefined ? {} : { recovered: o.recovered as string };
	if (verb === 'attach') {
		const f = o.fix as Record<string, unknown> | undefined;
		if (!f || !isStr(f.id, 128) || !isStr(f.version, 64) || !isStr(f.title, 200)) return undefined;
		if (!isStr(o.device, 64) || !isStrList(o.signers) || !isStrList(o.objects)) return undefined;
		return ok({
			verb,
			fix: { id: f.id, version: f.version, title: f.title },
			signers: o.signers,
			device: o.device,
			objects: o.objects,
			...recovered,
		});
	}
	if (verb === 'record') {
		const m = o.summary as Record<string, unknown> | undefined;
		const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
		if (!m || !isStr(o.device, 64)) return undefined;
		if (!['reports', 'bpfReports', 'evdevEvents', 'synDropped', 'reconnects'].every((k) => count(m[k])))
			return undefined;
		if (m.error !== undefined && !isStr(m.error)) return undefined;
		return ok({
			verb,
			device: o.device,
			summary: {
				reports: m.reports as number,
				bpfReports: m.bpfReports as number,
				evdevEvents: m.evdevEvents as number,
				synDropped: m.synDropped as number,
				reconnects: m.reconnects as number,
				...(m.error !== undefined && { error: m.error as string }),
			},
			...recovered,
		});
	}
	if (!isStr(o.fix, 128) || !isStr(o.version, 64)) return undefined;
	return ok({ verb, fix: o.fix, version: o.version, ...recovered });
}
