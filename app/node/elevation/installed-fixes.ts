/**
 * The fixes the helper installed, as anyone can read them: under test (/run/hidfix/fixes, gone at
 * reboot) and kept (/var/lib/hidfix/fixes). The window lists them at start, so a fix tested before
 * the app was closed can still be kept or reverted. Which devices have it attached is read from
 * bpffs when that is readable (it usually is root-only: then `attachedTo` is null).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../common/result.js';
import { parseFixRecord, type FixRecord } from './fix-record.js';
import {
	FIX_RECORD,
	fixDir,
	sysnameOfPinDir,
	type InstallRoots,
	type InstallState,
} from './install-layout.js';

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

/**
 * Devices (sysnames) with any of `pins` pinned under `<bpffs>/hid/`; null when that directory
 * cannot be read (bpffs is usually root-only). A device directory that cannot be read is skipped.
 */
export async function devicesWithPins(bpffs: string, pins: readonly string[]): Promise<string[] | null> {
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
		const objects = await readdir(join(bpffs, 'hid', d)).catch(() => [] as string[]);
		if (pins.some((p) => objects.includes(p))) out.push(sysname);
	}
	return out;
}

export type RecordProblem =
	| { readonly kind: 'unreadable'; readonly detail: string }
	| { readonly kind: 'damaged'; readonly detail: string };

/** The `fix.json` of one installed fix; undefined when there is none. Never guessed at. */
export async function readFixRecord(
	roots: InstallRoots,
	state: InstallState,
	id: string,
): Promise<Result<FixRecord | undefined, RecordProblem>> {
	let text: string;
	try {
		text = await readFile(join(fixDir(roots, state, id), FIX_RECORD), 'utf8');
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return ok(undefined);
		return err({ kind: 'unreadable', detail: code ?? (e as Error).message });
	}
	const r = parseFixRecord(text);
	if (!r.ok || r.value.id !== id) return err({ kind: 'damaged', detail: r.ok ? 'id differs' : r.error });
	return ok(r.value);
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
			const r = await readFixRecord(roots, state, id);
			if (!r.ok) {
				const e = r.error;
				const problem =
					e.kind === 'unreadable'
						? `cannot read its record (${e.detail})`
						: `its record is damaged (${e.detail})`;
				out.push({ state, id, problem });
				continue;
			}
			if (!r.value) {
				// A fix directory without its record is not ours to guess about.
				out.push({ state, id, problem: 'cannot read its record (ENOENT)' });
				continue;
			}
			const attachedTo = await devicesWithPins(
				roots.bpffs,
				r.value.objects.map((o) => o.pin),
			);
			out.push({ state, record: r.value, attachedTo });
		}
	}
	return out;
}
