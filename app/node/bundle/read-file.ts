/**
 * Reading a bundle file with the size limit applied *before* the bytes are in memory.
 *
 * SECURITY: `readFile` on a hostile path would happily read a multi-gigabyte file, or block forever
 * on a FIFO or `/dev/zero`. The root helper and the CLI therefore open the path, refuse anything but
 * a regular file (fstat on the open handle, so a swapped path cannot race the check), and read at
 * most `maxBundleBytes + 1` bytes. Confining *which* paths may be opened is the caller's job.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { err, ok, type Result } from '../../common/result.js';
import { bundleError, type BundleError } from '../../common/bundle/errors.js';
import { DEFAULT_LIMITS, type BundleLimits } from '../../common/bundle/limits.js';

export interface ReadBundleOptions {
	readonly limits?: BundleLimits;
	/** Refuse a path whose last component is a symbolic link (the helper sets this). */
	readonly noFollow?: boolean;
}

export async function readBundleFile(
	path: string,
	opts: ReadBundleOptions = {},
): Promise<Result<Uint8Array, BundleError>> {
	const limits = opts.limits ?? DEFAULT_LIMITS;
	const unreadable = (why: string) =>
		err(bundleError('bundle-unreadable', `Cannot read the bundle ${path}: ${why}.`, { entry: path }));
	let handle;
	try {
		// O_NONBLOCK so that opening a FIFO does not wait for a writer.
		const flags = constants.O_RDONLY | constants.O_NONBLOCK | (opts.noFollow ? constants.O_NOFOLLOW : 0);
		handle = await open(path, flags);
	} catch (e) {
		return unreadable(
			(e as NodeJS.ErrnoException).code === 'ELOOP' ? 'it is a symbolic link' : (e as Error).message,
		);
	}
	try {
		const st = await handle.stat();
		if (!st.isFile()) return unreadable('it is not a regular file');
		if (st.size > limits.maxBundleBytes) {
			return err(
				bundleError(
					'bundle-too-large',
					`The bundle is ${st.size} bytes; the limit is ${limits.maxBundleBytes}.`,
					{
						limit: limits.maxBundleBytes,
						actual: st.size,
					},
				),
			);
		}
		// One byte more than fstat reported, to notice a file that grows while being read.
		const buf = new Uint8Array(st.size + 1);
		let len = 0;
		for (;;) {
			const { bytesRead } = await handle.read(buf, len, buf.length - len, null);
			if (bytesRead === 0) break;
			len += bytesRead;
			if (len > st.size) return unreadable('it changed while being read');
		}
		return ok(buf.subarray(0, len));
	} catch (e) {
		return unreadable((e as Error).message);
	} finally {
		await handle.close();
	}
}
