/**
 * The closed list of archive entries a `.hidfix-report` may hold, in writing order, with the
 * sentence the user sees in the content list before saving (docs/debug-report.md §3).
 *
 * SECURITY: a report is read back by `hidfix report show|diff` on a developer's machine and may come
 * from anyone; a closed, flat list of names means nothing in it can address a path outside the
 * archive, and `tar -xf` of a valid report creates only these files.
 */
export const REPORT_JSON = 'report.json';
export const SUMMARY_MD = 'summary.md';
export const SUMMARY_HTML = 'summary.html';

const ENTRY_DESCRIPTIONS = {
	'report.json': 'Machine-readable report (schema v1): device, fix, verdict, system facts, this list',
	'summary.md': 'Human summary (Markdown)',
	'summary.html': 'Human summary (HTML, self-contained, opens in any browser)',
	'note.txt': 'Your note: what you did while recording',
	'before.hid.txt': 'Recording without the fix (hid-recorder format: hid-decode, hid-replay)',
	'after.hid.txt': 'Recording with the fix attached (hid-recorder format; B: lines = bytes before the fix)',
	'evdev-before.txt': 'Input events (evdev) during the recording without the fix',
	'evdev-after.txt': 'Input events (evdev) during the recording with the fix',
	'rdesc-before.bin': 'Report descriptor without the fix, from sysfs (raw bytes)',
	'rdesc-before-hidraw.bin': 'Report descriptor without the fix, from hidraw (raw bytes)',
	'rdesc-before.txt': 'Report descriptor without the fix, decoded',
	'rdesc-after.bin': 'Report descriptor with the fix, from sysfs (raw bytes)',
	'rdesc-after-hidraw.bin': 'Report descriptor with the fix, from hidraw (raw bytes)',
	'rdesc-after.txt': 'Report descriptor with the fix, decoded',
	'manifest.json': "The fix's signed manifest (exact bytes)",
	'helper.log': 'What the privileged helper did (attach, detach, timings)',
	'dmesg.txt': 'Kernel log lines about this device',
	'udevadm.txt': 'udevadm info of the device',
} as const;

export type EntryName = keyof typeof ENTRY_DESCRIPTIONS;

/** Every allowed name, in the order entries are written. */
export const ENTRY_ORDER = Object.keys(ENTRY_DESCRIPTIONS) as EntryName[];

export function isEntryName(name: string): name is EntryName {
	return Object.hasOwn(ENTRY_DESCRIPTIONS, name);
}

export function entryDescription(name: EntryName): string {
	return ENTRY_DESCRIPTIONS[name];
}

/** One file of the archive as the UI lists it before saving. */
export interface ArchiveEntry {
	readonly name: EntryName;
	readonly bytes: Uint8Array;
	readonly description: string;
	readonly size: number;
}

export function archiveEntry(name: EntryName, bytes: Uint8Array): ArchiveEntry {
	return { name, bytes, description: entryDescription(name), size: bytes.length };
}
