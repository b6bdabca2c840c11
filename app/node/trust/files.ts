/**
 * Small file helpers for the trust layer: read-if-present with an ownership check, and atomic
 * replace (temp file in the same directory, fsync, rename), so a crash never leaves a half-written
 * trust or version file.
 */
import { constants } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../common/result.js';
import { trustError, type TrustError } from '../../common/trust/trust-error.js';
import { writeDurable } from '../durable-file.js';

const MAX_FILE = 4 * 1024 * 1024;

/**
 * The file's text, `undefined` if it does not exist, or a `store-io` error.
 *
 * SECURITY: the file must be a regular file writable only by its owner, and owned by root or by the
 * user running hidfix — otherwise another local account could add a key or lower a version record.
 * Checked on the open handle (no stat/read race); O_NONBLOCK so a FIFO planted there cannot hang us.
 */
export async function readTrustFileIfExists(
	path: string,
	uid: number | undefined = process.geteuid?.(),
): Promise<Result<string | undefined, TrustError>> {
	let fh;
	try {
		fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
		return err(trustError('store-io', `Could not read ${path}: ${(e as Error).message}`));
	}
	try {
		const st = await fh.stat();
		if (!st.isFile()) return err(trustError('store-io', `${path} is not a regular file.`));
		if ((st.mode & 0o022) !== 0 || (st.uid !== 0 && st.uid !== uid))
			return err(
				trustError(
					'store-permissions',
					`${path} can be changed by other users, so hidfix will not trust it. Fix it with \`chmod go-w ${path}\` (and make sure you or root own it).`,
					`mode ${(st.mode & 0o777).toString(8)}, owner uid ${st.uid}`,
				),
			);
		if (st.size > MAX_FILE) return err(trustError('store-io', `${path} is too large to be a hidfix file.`));
		return ok(await fh.readFile('utf8'));
	} catch (e) {
		return err(trustError('store-io', `Could not read ${path}: ${(e as Error).message}`));
	} finally {
		await fh.close();
	}
}

/** Replaces `path` atomically with `text` (creating the directory with mode 0700 if needed). */
export async function writeFileAtomic(
	path: string,
	text: string,
	mode = 0o644,
): Promise<Result<void, TrustError>> {
	try {
		await writeDurable(path, text, mode, 0o700);
		return ok(undefined);
	} catch (e) {
		return err(trustError('store-io', `Could not write ${path}: ${(e as Error).message}`));
	}
}

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 5_000;

/**
 * Runs `fn` holding `<path>.lock` (created with O_EXCL), so two hidfix processes cannot interleave a
 * read-modify-write: without it, two accepts could leave the *lower* version recorded. A lock older
 * than 30 s is taken to be left over from a crash and removed.
 */
export async function withFileLock<T>(
	path: string,
	fn: () => Promise<Result<T, TrustError>>,
): Promise<Result<T, TrustError>> {
	const lock = `${path}.lock`;
	const deadline = Date.now() + LOCK_WAIT_MS;
	try {
		await mkdir(dirname(path), { recursive: true, mode: 0o700 });
	} catch (e) {
		return err(trustError('store-io', `Could not create ${dirname(path)}: ${(e as Error).message}`));
	}
	for (;;) {
		try {
			const fh = await open(lock, 'wx', 0o600);
			await fh.writeFile(`${process.pid}\n`);
			await fh.close();
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
				return err(trustError('store-io', `Could not lock ${path}: ${(e as Error).message}`));
			const age = await stat(lock).then(
				(st) => Date.now() - st.mtimeMs,
				() => 0,
			);
			if (age > LOCK_STALE_MS) await rm(lock, { force: true });
			else if (Date.now() > deadline)
				return err(
					trustError(
						'store-io',
						`${path} is locked by another hidfix process; try again (or remove ${lock}).`,
					),
				);
			else await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
		}
	}
	try {
		return await fn();
	} finally {
		await rm(lock, { force: true });
	}
}
