import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../common/bundle/limits.js';
import { readBundleFile } from './read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'hidfix-read-'));
const file = join(dir, 'b.hidfix');
writeFileSync(file, Uint8Array.from([1, 2, 3]));
symlinkSync(file, join(dir, 'link.hidfix'));
execFileSync('mkfifo', [join(dir, 'fifo')]);
const code = async (...args: Parameters<typeof readBundleFile>) => {
	const r = await readBundleFile(...args);
	return r.ok ? [...r.value] : r.error.code;
};

describe('readBundleFile', () => {
	it('reads a regular file, and through a symlink unless noFollow', async () => {
		expect(await code(file)).toEqual([1, 2, 3]);
		expect(await code(join(dir, 'link.hidfix'))).toEqual([1, 2, 3]);
		expect(await code(join(dir, 'link.hidfix'), { noFollow: true })).toBe('bundle-unreadable');
	});

	it.each([
		['a FIFO (would block readFile forever)', join(dir, 'fifo')],
		['a character device', '/dev/zero'],
		['a directory', dir],
		['a missing file', join(dir, 'nope')],
	])('refuses %s without reading it', async (_what, path) => {
		expect(await code(path)).toBe('bundle-unreadable');
	});

	it('refuses a file over the limit from its size, before reading', async () => {
		expect(await code(file, { limits: { ...DEFAULT_LIMITS, maxBundleBytes: 2 } })).toBe('bundle-too-large');
	});
});
