/**
 * `fix.json` next to an installed fix's objects: what was installed, from which signed bundle, for
 * which device. Written by the helper into root-only directories and read back by it for Keep and
 * Revert; still parsed strictly (a hand-edited or truncated file is refused, not guessed at).
 */
import { FIX_ID, type Target } from '../../common/bundle/manifest.js';
import { HID_SYSNAME, PIN_NAME } from '../../common/elevation/protocol.js';
import { err, ok, type Result } from '../../common/result.js';

export interface FixRecord {
	readonly format: 'hidfix-installed-fix';
	readonly version: 1;
	readonly id: string;
	readonly fixVersion: string;
	readonly title: string;
	readonly signers: readonly string[];
	readonly targets: readonly Target[];
	/** The device it was tested on (its sysname may change at the next plug-in). */
	readonly device: string;
	/** Object files in the fix's directory and the pin-dir names they get. */
	readonly objects: readonly { readonly file: string; readonly pin: string }[];
	readonly installedAt: string;
}

const OBJECT_FILE = /^[A-Za-z0-9][A-Za-z0-9_+-]*(?:\.[A-Za-z0-9_+-]+)*\.bpf\.o$/;
const HID_ID = /^(\*|0x[0-9A-F]{4})$/;

export const serializeFixRecord = (r: FixRecord): string => `${JSON.stringify(r, null, 2)}\n`;

export function parseFixRecord(text: string): Result<FixRecord, string> {
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch {
		return err('not JSON');
	}
	const r = v as Partial<Record<keyof FixRecord, unknown>>;
	const str = (x: unknown, max = 200): x is string => typeof x === 'string' && x.length <= max;
	if (!r || typeof r !== 'object' || r.format !== 'hidfix-installed-fix' || r.version !== 1)
		return err('not a fix record');
	if (!str(r.id, 128) || !FIX_ID.test(r.id)) return err('bad id');
	if (!str(r.fixVersion, 64) || !str(r.title) || !str(r.installedAt, 40)) return err('bad text field');
	if (!str(r.device) || !HID_SYSNAME.test(r.device)) return err('bad device');
	if (!Array.isArray(r.signers) || !r.signers.every((s) => str(s))) return err('bad signers');
	const targetOk = (t: unknown) => {
		const x = t as Record<string, unknown>;
		return !!x && ['bus', 'group', 'vid', 'pid'].every((k) => str(x[k], 6) && HID_ID.test(x[k] as string));
	};
	if (!Array.isArray(r.targets) || r.targets.length === 0 || !r.targets.every(targetOk))
		return err('bad targets');
	const objOk = (o: unknown) => {
		const x = o as Record<string, unknown>;
		return !!x && str(x.file, 255) && OBJECT_FILE.test(x.file) && str(x.pin, 128) && PIN_NAME.test(x.pin);
	};
	if (!Array.isArray(r.objects) || r.objects.length === 0 || !r.objects.every(objOk))
		return err('bad objects');
	return ok(r as FixRecord);
}
