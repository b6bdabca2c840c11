/**
 * Small file helpers for the trust layer: read-if-present and atomic replace (temp file in the same
 * directory, fsync, rename), so a crash never leaves a half-written trust or version file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '../../common/result.js';
import { trustError, type TrustError } from '../../common/trust/trust-error.js';

const MAX_FILE = 4 * 1024 * 1024;

/** The file's text, `undefined` if it does not exist, or a `store-io` error. */
export async function readTextIfExists(path: string): Promise<Result<string | undefined, TrustError>> {
	try {
		const buf = await readFile(path);
		if (buf.length > MAX_FILE)
			return err(trustError('store-io', `${path} is too large to be a hidfix file.`));
		return ok(buf.toString('utf8'));
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
		return err(trustError('store-io', `Could not read ${path}: ${(e as Error).message}`));
	}
}

/** Replaces `path` atomically with `text` (creating the directory with mode 0700 if needed). */
export async function writeFileAtomic(
	path: string,
	text: string,
	mode = 0o644,
): Promise<Result<void, TrustError>> {
	const dir = dirname(path);
	const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		await mkdir(dir, { recursive: true, mode: 0o700 });
		const fh = await open(tmp, 'wx', mode);
		try {
			await fh.writeFile(text, 'utf8');
			await fh.sync();
		} finally {
			await fh.close();
		}
		await rename(tmp, path);
		return ok(undefined);
	} catch (e) {
		await rm(tmp, { force: true });
		return err(trustError('store-io', `Could not write ${path}: ${(e as Error).message}`));
	}
}
