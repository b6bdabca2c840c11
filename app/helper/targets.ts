/**
 * Does a fix target this device? The manifest's targets (already proven equal to the object's own
 * HID_BPF_CONFIG when the bundle was opened) against the device's MODALIAS. hidfix-loader checks the
 * same before it loads; checking here first refuses a wrong device before anything is written.
 */
import type { Target } from '../common/bundle/manifest.js';

export interface HidIds {
	readonly bus: number;
	readonly group: number;
	readonly vid: number;
	readonly pid: number;
}

/** `hid:b0003g0001v0000045Ep000000D1` → ids; undefined for anything else. */
export function parseHidModalias(modalias: string): HidIds | undefined {
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

const matches = (want: string, have: number): boolean => want === '*' || Number.parseInt(want, 16) === have;

export const targets = (list: readonly Target[], ids: HidIds): boolean =>
	list.some(
		(t) =>
			matches(t.bus, ids.bus) &&
			matches(t.group, ids.group) &&
			matches(t.vid, ids.vid) &&
			matches(t.pid, ids.pid),
	);

export const formatIds = (ids: HidIds): string =>
	[ids.bus, ids.group, ids.vid, ids.pid].map((n) => n.toString(16).toUpperCase().padStart(4, '0')).join(':');
