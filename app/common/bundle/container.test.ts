import { describe, expect, it } from 'vitest';
import { readLayout } from './container.js';
import { DEFAULT_LIMITS } from './limits.js';
import { concat, header, writeTar } from './tar-writer.js';

describe('readLayout', () => {
	it('words tar rejections for the holder of a bundle, code and detail unchanged', () => {
		const symlink = concat([header({ name: 'a', size: 0, type: '2', linkname: 'b' }), new Uint8Array(1024)]);
		const cut = writeTar([{ name: 'manifest.json', data: new Uint8Array(600) }]).subarray(0, 1024);
		expect([readLayout(symlink, DEFAULT_LIMITS), readLayout(cut, DEFAULT_LIMITS)]).toStrictEqual([
			{
				ok: false,
				error: {
					code: 'entry-link',
					message:
						'Archive entry "a" is a symbolic link; a bundle may contain regular files only. Ask the author for a new bundle made with `hidfix pack`.',
					detail: { entry: 'a', offset: 0 },
				},
			},
			{
				ok: false,
				error: {
					code: 'tar-truncated',
					message:
						'The archive is cut off inside "manifest.json"; download it again. Ask the author for a new bundle made with `hidfix pack`.',
					detail: { entry: 'manifest.json', offset: 0 },
				},
			},
		]);
	});
});
