/**
 * The HID-BPF pins on this system: `/sys/fs/bpf/hid/<device>/<object>/<pins>` (udev-hid-bpf's
 * layout, which hidfix's loader follows too), so the report shows every attached object, ours and
 * the distribution's. Unreadable without root on most systems: that becomes a reason, not a failure.
 */
import { readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { BpffsFacts, BpfObjectFacts } from '../../common/report/schema.js';
import { safeLine } from '../../common/report/text.js';

/** BPF_FS_MAGIC from include/uapi/linux/magic.h. */
export const BPF_FS_MAGIC = 0xcafe4a11;

const MAX_DEVICES = 256;
const MAX_OBJECTS = 64;
const MAX_PINS = 256;

async function dirs(path: string): Promise<string[]> {
	const list = await readdir(path, { withFileTypes: true });
	return list
		.filter((d) => d.isDirectory())
		.map((d) => d.name)
		.sort();
}

export async function scanBpffs(bpffs: string): Promise<BpffsFacts> {
	const root = join(bpffs, 'hid');
	const objects: BpfObjectFacts[] = [];
	try {
		for (const device of (await dirs(root)).slice(0, MAX_DEVICES)) {
			for (const object of (await dirs(join(root, device))).slice(0, MAX_OBJECTS)) {
				const pins = (await readdir(join(root, device, object))).sort().slice(0, MAX_PINS);
				objects.push({ device: safeLine(device), object: safeLine(object), pins: pins.map(safeLine) });
			}
		}
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && objects.length === 0) return { readable: true, reason: null, objects: [] };
		const why =
			code === 'EACCES' || code === 'EPERM'
				? 'permission denied (export as root to list attached BPF objects)'
				: `${code ?? (e as Error).message}`;
		return { readable: false, reason: `${root}: ${why}`, objects };
	}
	return { readable: true, reason: null, objects };
}

/** Whether a bpf file system is mounted at `path`; null when that cannot be told. */
export async function isBpffs(path: string): Promise<boolean | null> {
	try {
		return (await statfs(path)).type === BPF_FS_MAGIC;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'ENOENT' ? false : null;
	}
}
