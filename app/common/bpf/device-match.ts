/**
 * HID device matches: the `{bus, group, vid, pid}` tuples a fix targets, with `'any'` for the
 * udev-hid-bpf wildcard (value 0 in HID_DEVICE: BUS_ANY, HID_GROUP_ANY, HID_VID_ANY, HID_PID_ANY).
 *
 * The bundle manifest's targets and the object's own `.hid_bpf_config` must agree exactly
 * (docs: notes/hid-bpf.md §10): a fix signed for one keyboard must not carry metadata that makes
 * the loader attach it to every USB device.
 */
import { err, ok, type Result } from '../result.js';

export type MatchValue = number | 'any';

export interface HidDeviceMatch {
	readonly bus: MatchValue;
	readonly group: MatchValue;
	readonly vid: MatchValue;
	readonly pid: MatchValue;
}

/** A concrete device as the kernel reports it (sysfs modalias / uevent HID_ID). */
export interface HidDeviceId {
	readonly bus: number;
	readonly group: number;
	readonly vid: number;
	readonly pid: number;
}

const FIELDS = ['bus', 'group', 'vid', 'pid'] as const;

/** Converts raw HID_DEVICE values to a match: 0 means "any", as in udev-hid-bpf's modalias rule. */
export function matchFromRaw(raw: HidDeviceId): HidDeviceMatch {
	const v = (n: number): MatchValue => (n === 0 ? 'any' : n);
	return { bus: v(raw.bus), group: v(raw.group), vid: v(raw.vid), pid: v(raw.pid) };
}

/** True when `device` is selected by `match` (each field equal or wildcarded). */
export function deviceMatches(match: HidDeviceMatch, device: HidDeviceId): boolean {
	return FIELDS.every((f) => match[f] === 'any' || match[f] === device[f]);
}

/** `hid:b0003g0001v0000045Ep000000D1` (a HID device's MODALIAS) → its ids; undefined for anything else. */
export function deviceFromModalias(modalias: string): HidDeviceId | undefined {
	const m = /^hid:b([0-9A-F]{4})g([0-9A-F]{4})v([0-9A-F]{8})p([0-9A-F]{8})$/.exec(modalias);
	if (!m) return undefined;
	const [bus, group, vid, pid] = m.slice(1).map((h) => Number.parseInt(h, 16)) as [
		number,
		number,
		number,
		number,
	];
	return { bus, group, vid, pid };
}

/**
 * Whether manifest targets select a device. A device whose group is not known (no MODALIAS) is
 * judged on bus, vendor and product alone.
 */
export function targetsDevice(
	targets: readonly TargetText[],
	device: Omit<HidDeviceId, 'group'> & { readonly group?: number },
): boolean {
	return targets.some((t) => {
		const m = matchFromText(t);
		return (
			m !== undefined &&
			deviceMatches(device.group === undefined ? { ...m, group: 'any' } : m, {
				...device,
				group: device.group ?? 0,
			})
		);
	});
}

/** A stable text key, e.g. `0003:0001:256C:006B` or `0005:*:256C:*` (modalias-like, upper-case hex). */
export function matchKey(m: HidDeviceMatch): string {
	const hex = (v: MatchValue, width: number) =>
		v === 'any' ? '*' : v.toString(16).toUpperCase().padStart(width, '0');
	return `${hex(m.bus, 4)}:${hex(m.group, 4)}:${hex(m.vid, 4)}:${hex(m.pid, 4)}`;
}

export type TargetMismatch =
	| {
			readonly code: 'object-has-no-devices';
			readonly message: string;
	  }
	| {
			readonly code: 'targets-differ';
			readonly message: string;
			/** In the signed manifest, absent from the object's `.hid_bpf_config`. */
			readonly onlyInManifest: readonly HidDeviceMatch[];
			/** In the object's `.hid_bpf_config`, absent from the signed manifest. */
			readonly onlyInObject: readonly HidDeviceMatch[];
	  };

/**
 * Checks that the manifest's targets and the object's device matches are the same set (order and
 * duplicates do not matter). Any difference is a rejection: the object's metadata is what the
 * udev rule and udev-hid-bpf act on, the manifest is what the user was shown and the key signed.
 */
export function matchTargets(
	manifestTargets: readonly HidDeviceMatch[],
	objectDevices: readonly HidDeviceMatch[],
): Result<void, TargetMismatch> {
	if (objectDevices.length === 0) {
		return err({
			code: 'object-has-no-devices',
			message: 'the BPF object declares no HID_BPF_CONFIG device matches',
		});
	}
	const manifest = new Map(manifestTargets.map((m) => [matchKey(m), m]));
	const object = new Map(objectDevices.map((m) => [matchKey(m), m]));
	const onlyInManifest = [...manifest].filter(([k]) => !object.has(k)).map(([, m]) => m);
	const onlyInObject = [...object].filter(([k]) => !manifest.has(k)).map(([, m]) => m);
	if (onlyInManifest.length === 0 && onlyInObject.length === 0) return ok(undefined);
	const list = (ms: readonly HidDeviceMatch[]) => ms.map(matchKey).join(', ') || 'none';
	return err({
		code: 'targets-differ',
		message: `manifest targets and object device matches differ (only in manifest: ${list(onlyInManifest)}; only in object: ${list(onlyInObject)})`,
		onlyInManifest,
		onlyInObject,
	});
}

/**
 * The manifest's spelling of a target (bundle/manifest.ts `Target`): "0x" + four upper-case hex
 * digits, or "*" for any. Declared structurally so this module does not depend on the bundle code.
 */
export interface TargetText {
	readonly bus: string;
	readonly group: string;
	readonly vid: string;
	readonly pid: string;
}

const HID_ID_TEXT = /^(\*|0x[0-9A-F]{4})$/;

/** Parses a manifest target; undefined if any field is not "*" or "0xHHHH" (or is "0x0000"). */
export function matchFromText(t: TargetText): HidDeviceMatch | undefined {
	const out: Record<string, MatchValue> = {};
	for (const f of FIELDS) {
		const s = t[f];
		if (typeof s !== 'string' || !HID_ID_TEXT.test(s) || s === '0x0000') return undefined;
		out[f] = s === '*' ? 'any' : Number.parseInt(s.slice(2), 16);
	}
	return out as unknown as HidDeviceMatch;
}

/** The manifest spelling of a match; undefined when a value does not fit four hex digits. */
export function matchToText(m: HidDeviceMatch): TargetText | undefined {
	const out: Record<string, string> = {};
	for (const f of FIELDS) {
		const v = m[f];
		if (v !== 'any' && (!Number.isInteger(v) || v <= 0 || v > 0xffff)) return undefined;
		out[f] = v === 'any' ? '*' : `0x${v.toString(16).toUpperCase().padStart(4, '0')}`;
	}
	return out as unknown as TargetText;
}

/**
 * matchTargets for targets in the manifest's spelling. A target that does not parse is reported
 * as a difference too (the manifest validator should have refused it already).
 */
export function matchManifestTargets(
	targets: readonly TargetText[],
	objectDevices: readonly HidDeviceMatch[],
): Result<void, TargetMismatch | { readonly code: 'invalid-target'; readonly message: string }> {
	const parsed: HidDeviceMatch[] = [];
	for (const [i, t] of targets.entries()) {
		const m = matchFromText(t);
		if (!m)
			return err({
				code: 'invalid-target',
				message: `manifest target ${i} is not "*" or "0xHHHH" in every field`,
			});
		parsed.push(m);
	}
	return matchTargets(parsed, objectDevices);
}
