/**
 * Installing, keeping and reverting a fix as transactions. Each operation writes a journal
 * (`/var/lib/hidfix/journal.json`) before it touches anything and removes it when done; the next
 * helper run, whatever its verb, first finishes what a crash interrupted:
 *
 *   attach       rolled BACK: pins detached, the fix's directory and rule removed (= as before Test)
 *   keep         rolled BACK: the persistent copies removed (= still under test, as before Keep)
 *   keep-commit  rolled FORWARD: the runtime copies removed (the persistent ones are complete)
 *   detach       rolled FORWARD: rules, pins and directories removed (the user asked to restore)
 *
 * So the system ends fully installed or exactly as before, never in between.
 */
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PIN_NAME } from '../common/elevation/protocol.js';
import { err, ok, type Result } from '../common/result.js';
import { removeDurable, writeDirDurable, writeDurable } from '../node/durable-file.js';
import { helperError, type HelperError } from './errors.js';
import { serializeFixRecord, type FixRecord } from '../node/elevation/fix-record.js';
import { devicesWithPins, readFixRecord } from '../node/elevation/installed-fixes.js';
import {
	FIX_RECORD,
	fixDir,
	journalPath,
	rulePath,
	type InstallRoots,
	type InstallState,
} from '../node/elevation/install-layout.js';
import { loaderMessage, type RunLoader } from './loader-run.js';
import { udevRule } from './udev-rule.js';

export interface InstallDeps {
	readonly roots: InstallRoots;
	readonly sysfs: string;
	readonly loader: RunLoader;
	/** Absolute path of hidfix-loader, written into the udev rules. */
	readonly loaderPath: string;
	readonly log: (line: string) => void;
}

type Op = 'attach' | 'keep' | 'keep-commit' | 'detach';
interface Journal {
	readonly format: 'hidfix-journal';
	readonly op: Op;
	readonly fixId: string;
	readonly device: string | null;
	readonly pins: readonly string[];
	readonly paths: readonly string[];
}

const NOT_ATTACHED = 10;

async function beginJournal(d: InstallDeps, j: Omit<Journal, 'format'>): Promise<Journal> {
	const full: Journal = { format: 'hidfix-journal', ...j };
	await writeDurable(journalPath(d.roots), `${JSON.stringify(full)}\n`, 0o600);
	return full;
}
const endJournal = (d: InstallDeps): Promise<void> => removeDurable(journalPath(d.roots));

/** The installed fix in one state, or undefined; a damaged record is an error (never guessed at). */
async function readRecord(
	d: InstallDeps,
	s: InstallState,
	id: string,
): Promise<Result<FixRecord | undefined, HelperError>> {
	const r = await readFixRecord(d.roots, s, id);
	if (r.ok) return r;
	return err(
		helperError(
			'install-failed',
			r.error.kind === 'unreadable'
				? `Cannot read the installed fix ${id}: ${r.error.detail}`
				: `The installed fix ${id} has a damaged record (${r.error.detail}).`,
		),
	);
}

export async function installed(d: InstallDeps, id: string) {
	const testing = await readRecord(d, 'testing', id);
	if (!testing.ok) return testing;
	const kept = await readRecord(d, 'kept', id);
	if (!kept.ok) return kept;
	return ok({ testing: testing.value, kept: kept.value });
}

/** Detaches `pin` from every device that has it pinned (the device may have been replugged since). */
async function detachEverywhere(d: InstallDeps, pin: string): Promise<Result<void, HelperError>> {
	for (const sysname of (await devicesWithPins(d.roots.bpffs, [pin])) ?? []) {
		const r = await d.loader(['detach', sysname, pin]);
		if (r.status === NOT_ATTACHED) continue;
		if (r.status !== 0 || r.json?.ok !== true)
			return err(
				helperError('loader-failed', `${pin} could not be removed from ${sysname}: ${loaderMessage(r)}`, {
					loader: r.json ?? {},
				}),
			);
		d.log(`detached ${pin} from ${sysname}`);
	}
	return ok(undefined);
}

async function removeAll(paths: readonly string[]): Promise<void> {
	for (const p of paths) await removeDurable(p);
}

/** Carries a journaled operation to its safe end (see the top of this file) and drops the journal. */
async function finish(d: InstallDeps, j: Journal): Promise<Result<void, HelperError>> {
	if (j.op === 'attach' || j.op === 'detach') {
		// Rules first: a replug while we clean up must not attach the fix again.
		await removeAll(j.paths.filter((p) => p.endsWith('.rules')));
		for (const pin of j.pins) {
			const r = await detachEverywhere(d, pin);
			if (!r.ok) return r;
		}
	}
	await removeAll(j.paths);
	await endJournal(d);
	return ok(undefined);
}

/** Finishes what a crash interrupted; the message says what, undefined when nothing was pending. */
export async function recover(d: InstallDeps): Promise<Result<string | undefined, HelperError>> {
	let j: Journal;
	try {
		j = JSON.parse(await readFile(journalPath(d.roots), 'utf8')) as Journal;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
		// A journal is written atomically, so unreadable means tampered with or a broken disk: stop.
		return err(
			helperError(
				'install-failed',
				`${journalPath(d.roots)} is unreadable (${(e as Error).message}); fix or remove it by hand.`,
			),
		);
	}
	// Only paths of our own directories, whatever the file says.
	const ownPath = (p: unknown) =>
		typeof p === 'string' &&
		[d.roots.run, d.roots.state, d.roots.runtimeRules, d.roots.persistentRules].some((r) =>
			p.startsWith(`${r}/`),
		) &&
		!p.split('/').includes('..');
	if (
		j?.format !== 'hidfix-journal' ||
		!['attach', 'keep', 'keep-commit', 'detach'].includes(j.op) ||
		!Array.isArray(j.paths) ||
		!j.paths.every(ownPath) ||
		!Array.isArray(j.pins) ||
		!j.pins.every((p) => typeof p === 'string' && PIN_NAME.test(p))
	)
		return err(
			helperError(
				'install-failed',
				`${journalPath(d.roots)} is not a hidfix journal; fix or remove it by hand.`,
			),
		);
	const r = await finish(d, j);
	if (!r.ok) return r;
	const what = {
		attach: 'test (rolled back)',
		keep: 'keep (rolled back)',
		'keep-commit': 'keep (completed)',
		detach: 'revert (completed)',
	}[j.op];
	const msg = `finished an interrupted ${what} of ${j.fixId}`;
	d.log(msg);
	return ok(msg);
}

/**
 * Installed fixes are readable by everyone (their objects come from a public bundle, their record
 * names the fix and the device): the window lists them without a password (installed-fixes.ts).
 * Only root can change them. Explicit chmod: the helper runs with umask 077.
 */
const FIX_MODES = { dir: 0o755, file: 0o644 } as const;

async function listableParents(d: InstallDeps, s: InstallState): Promise<void> {
	const root = s === 'testing' ? d.roots.run : d.roots.state;
	for (const dir of [root, join(root, 'fixes')]) {
		await mkdir(dir, { recursive: true, mode: 0o755 });
		await chmod(dir, 0o755);
	}
}

const toMap = (record: FixRecord, objects: ReadonlyMap<string, Uint8Array>) =>
	new Map<string, Uint8Array | string>([...objects, [FIX_RECORD, serializeFixRecord(record)]]);

const ioError = (what: string, e: unknown) =>
	helperError('install-failed', `${what} failed: ${(e as Error).message}. Nothing was changed.`);

/** Test: install under /run (volatile) with a runtime udev rule, then attach to the device. */
export async function installAndAttach(
	record: FixRecord,
	objects: ReadonlyMap<string, Uint8Array>,
	d: InstallDeps,
): Promise<Result<readonly string[], HelperError>> {
	const now = await installed(d, record.id);
	if (!now.ok) return now;
	if (now.value.testing || now.value.kept)
		return err(
			helperError(
				'already-installed',
				`${record.title} (${record.id}) is already ${now.value.kept ? 'kept' : 'under test'} on this system; revert it first.`,
			),
		);
	const dir = fixDir(d.roots, 'testing', record.id);
	const rule = rulePath(d.roots, 'testing', record.id);
	const pins = record.objects.map((o) => o.pin);
	let journal: Journal | undefined;
	try {
		journal = await beginJournal(d, {
			op: 'attach',
			fixId: record.id,
			device: record.device,
			pins,
			paths: [rule, dir],
		});
		await listableParents(d, 'testing');
		await writeDirDurable(dir, toMap(record, objects), FIX_MODES);
		await writeDurable(rule, udevRule(record, dir, d.loaderPath, 'testing'), 0o644);
	} catch (e) {
		if (journal) await finish(d, journal);
		return err(ioError(`Installing ${record.id}`, e));
	}
	const attached: string[] = [];
	for (const o of record.objects) {
		const started = Date.now();
		const r = await d.loader(['attach', join(d.sysfs, 'bus/hid/devices', record.device), join(dir, o.file)]);
		if (r.status !== 0 || r.json?.ok !== true) {
			// All or none: rules, pins already made, files — the journal knows them all.
			const rolled = await finish(d, journal);
			const why = loaderMessage(r);
			return err(
				helperError(
					'loader-failed',
					`${o.file} could not be attached: ${why}${rolled.ok ? '' : ` (and rolling back failed: ${rolled.error.message})`}`,
					{
						loader: r.json ?? { status: r.status, stderr: r.stderr },
					},
				),
			);
		}
		d.log(`attached ${o.file} to ${record.device} as ${o.pin} in ${Date.now() - started} ms`);
		attached.push(o.pin);
	}
	await endJournal(d);
	return ok(attached);
}

/** Keep: copy the fix under test to /var/lib with a rule in /etc/udev, then drop the runtime copies. */
export async function keepFix(id: string, d: InstallDeps): Promise<Result<FixRecord, HelperError>> {
	const now = await installed(d, id);
	if (!now.ok) return now;
	if (now.value.kept && !now.value.testing) return ok(now.value.kept);
	const record = now.value.testing;
	if (!record) return err(helperError('not-installed', `${id} is not under test here; test it first.`));
	const from = fixDir(d.roots, 'testing', id);
	const dir = fixDir(d.roots, 'kept', id);
	const rule = rulePath(d.roots, 'kept', id);
	let journal: Journal | undefined;
	// Both copies exist only if someone copied by hand: the kept one stands, the runtime one goes.
	if (!now.value.kept)
		try {
			journal = await beginJournal(d, {
				op: 'keep',
				fixId: id,
				device: record.device,
				pins: [],
				paths: [rule, dir],
			});
			const files = new Map<string, Uint8Array>();
			for (const o of record.objects) files.set(o.file, new Uint8Array(await readFile(join(from, o.file))));
			await listableParents(d, 'kept');
			await writeDirDurable(dir, toMap(record, files), FIX_MODES);
			await writeDurable(rule, udevRule(record, dir, d.loaderPath, 'kept'), 0o644);
		} catch (e) {
			if (journal) await finish(d, journal);
			return err(ioError(`Keeping ${id}`, e));
		}
	// The persistent copy is complete: from here a crash finishes the move instead of undoing it.
	const commit = await beginJournal(d, {
		op: 'keep-commit',
		fixId: id,
		device: record.device,
		pins: [],
		paths: [rulePath(d.roots, 'testing', id), from],
	});
	const moved = await finish(d, commit);
	if (!moved.ok) return moved;
	d.log(`kept ${id}: ${dir}, ${rule}`);
	return ok(record);
}

/** Revert: rules out, programs detached from every device, files removed. */
export async function revertFix(id: string, d: InstallDeps): Promise<Result<FixRecord, HelperError>> {
	const now = await installed(d, id);
	if (!now.ok) return now;
	const record = now.value.testing ?? now.value.kept;
	if (!record) return err(helperError('not-installed', `${id} is not installed here; nothing to revert.`));
	const states = (['testing', 'kept'] as const).filter((s) => now.value[s]);
	const paths = [
		...states.map((s) => rulePath(d.roots, s, id)),
		...states.map((s) => fixDir(d.roots, s, id)),
	];
	const journal = await beginJournal(d, {
		op: 'detach',
		fixId: id,
		device: record.device,
		pins: record.objects.map((o) => o.pin),
		paths,
	});
	const done = await finish(d, journal);
	if (!done.ok) return done;
	d.log(`reverted ${id}`);
	return ok(record);
}
