/**
 * The fixes the helper installed, as anyone can read them: under test (/run/hidfix/fixes, gone at
 * reboot) and kept (/var/lib/hidfix/fixes). The window lists them at start, so a fix tested before
 * the app was closed can still be kept or reverted. Which devices have it attached is read from
 * bpffs when that is readable (it usually is root-only: then `attachedTo` is null).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFixRecord, type FixRecord } from './fix-record.js';
import { fixDir, sysnameOfPinDir, type InstallRoots, type InstallState } from './install-layout.js';

export interface InstalledFix {
	readonly state: InstallState;
	readonly record: FixRecord;
	/** Devices (sysnames) with the fix's objects pinned now; null when bpffs cannot be read. */
	readonly attachedTo: readonly string[] | null;
	/** A record that could not be read or parsed is listed with why, never guessed at. */
	readonly problem?: undefined;
}

export interface DamagedFix {
	readonly state: InstallState;
	readonly id: string;
	readonly problem: string;
}

async function pinnedDevices(bpffs: string, pins: readonly string[]): Promise<string[] | null> {
	let devices: string[];
	try {
		devices = await readdir(join(bpffs, 'hid'));
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'ENOENT' ? [] : null;
	}
	const out: string[] = [];
	for (const d of devices.sort()) {
		const sysname = sysnameOfPinDir(d);
		if (!sysname) continue;
		try {
			const objects = await readdir(join(bpffs, 'hid', d));
			if (pins.some((p) => objects.includes(p))) out.push(sysname);
		} catch {
			return null;
		}
	}
	return out;
}

export async function listInstalledFixes(roots: InstallRoots): Promise<(InstalledFix | DamagedFix)[]> {
	const out: (InstalledFix | DamagedFix)[] = [];
	for (const state of ['testing', 'kept'] as const) {
		const parent = join(fixDir(roots, state, 'x'), '..');
		let ids: string[];
		try {
			ids = (await readdir(parent)).filter((n) => !n.startsWith('.')).sort();
		} catch {
			continue;
		}
		for (const id of ids) {
			let text: string;
			try {
				text = await readFile(join(fixDir(roots, state, id), 'fix.json'), 'utf8');
			} catch (e) {
				out.push({
					state,
					id,
					problem: `cannot read its record (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
				});
				continue;
			}
			const r = parseFixRecord(text);
			if (!r.ok || r.value.id !== id) {
				out.push({ state, id, problem: `its record is damaged (${r.ok ? 'id differs' : r.error})` });
				continue;
			}
			const attachedTo = await pinnedDevices(
				roots.bpffs,
				r.value.objects.map((o) => o.pin),
			);
			out.push({ state, record: r.value, attachedTo });
		}
	}
	return out;
}
