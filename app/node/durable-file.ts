/**
 * File operations that survive a crash in a known state: write to a temp name, fsync, rename, fsync
 * the directory (the rename itself is only durable once the directory is synced). Used for the trust
 * store, saved reports and everything the privileged helper installs.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function syncDir(dir: string): Promise<void> {
	const h = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
	try {
		await h.sync();
	} finally {
		await h.close();
	}
}

/**
 * Creates or replaces `path` with exactly `bytes`, or leaves it as it was. Missing parent directories
 * are made with `dirMode`; `null` means the directory must exist (a place the user chose).
 */
export async function writeDurable(
	path: string,
	bytes: Uint8Array | string,
	mode: number,
	dirMode: number | null = 0o755,
): Promise<void> {
	const dir = dirname(path);
	if (dirMode !== null) await mkdir(dir, { recursive: true, mode: dirMode });
	const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		const h = await open(
			tmp,
			constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
			mode,
		);
		try {
			await h.writeFile(bytes);
			await h.chmod(mode);
			await h.sync();
		} finally {
			await h.close();
		}
		await rename(tmp, path);
		await syncDir(dir);
	} catch (e) {
		await rm(tmp, { force: true });
		throw e;
	}
}

/**
 * Writes `files` into a new directory `path` in one step: staged next to it, then renamed. Modes are
 * set explicitly (a umask does not narrow them); missing parents are made 0700.
 */
export async function writeDirDurable(
	path: string,
	files: ReadonlyMap<string, Uint8Array | string>,
	modes: { readonly dir: number; readonly file: number } = { dir: 0o700, file: 0o600 },
): Promise<void> {
	const parent = dirname(path);
	await mkdir(parent, { recursive: true, mode: 0o700 });
	const staging = join(parent, `.${basename(path)}.${randomBytes(6).toString('hex')}.staging`);
	await mkdir(staging, { mode: modes.dir });
	try {
		await chmod(staging, modes.dir);
		for (const [name, bytes] of files) {
			const h = await open(
				join(staging, name),
				constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
				modes.file,
			);
			try {
				await h.writeFile(bytes);
				await h.chmod(modes.file);
				await h.sync();
			} finally {
				await h.close();
			}
		}
		await syncDir(staging);
		await rename(staging, path);
		await syncDir(parent);
	} catch (e) {
		await rm(staging, { recursive: true, force: true });
		throw e;
	}
}

/** Removes a file or a tree (absent is fine) and makes the removal durable. */
export async function removeDurable(path: string): Promise<void> {
	await rm(path, { recursive: true, force: true });
	await syncDir(dirname(path)).catch(() => undefined);
}
