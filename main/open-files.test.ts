import { describe, expect, it } from 'vitest';
import { argvSkip, bundlePathsFromArgv, parseLaunchData } from './open-files.js';

describe('bundlePathsFromArgv', () => {
	it('takes .hidfix paths and file URIs after the binary, resolving relative paths against cwd', () => {
		const argv = [
			'/opt/hidfix/hidfix',
			'kamvas.hidfix',
			'file:///home/ana/Downloads/fix%20one.hidfix',
			'../up/Mouse.HIDFIX',
			'/abs/x.hidfix',
		];
		expect(bundlePathsFromArgv(argv, '/home/ana/work', argvSkip(true))).toEqual([
			'/home/ana/work/kamvas.hidfix',
			'/home/ana/Downloads/fix one.hidfix',
			'/home/ana/up/Mouse.HIDFIX',
			'/abs/x.hidfix',
		]);
	});

	it('skips the app path under `electron .`, switches, other files, remote URIs and duplicates', () => {
		const argv = [
			'/usr/lib/electron/electron',
			'.',
			'--no-sandbox',
			'--original-process-start-time=123',
			'-',
			'notes.txt',
			'https://example.org/evil.hidfix',
			'file://otherhost/share/x.hidfix',
			'/tmp/a.hidfix',
			'file:///tmp/a.hidfix',
			'',
		];
		expect(bundlePathsFromArgv(argv, '/', argvSkip(false))).toEqual(['/tmp/a.hidfix']);
	});

	it('does not mistake the packaged binary for a bundle when it ends in .hidfix', () => {
		expect(bundlePathsFromArgv(['/opt/x.hidfix'], '/', argvSkip(true))).toEqual([]);
	});
});

describe('parseLaunchData', () => {
	it('accepts exactly the { argv, cwd } main sends', () => {
		expect(parseLaunchData({ argv: ['a', 'b'], cwd: '/home/ana' })).toEqual({
			argv: ['a', 'b'],
			cwd: '/home/ana',
		});
	});

	it.each([
		['null', null],
		['a string', 'argv'],
		['argv not an array', { argv: 'a.hidfix', cwd: '/' }],
		['a non-string argument', { argv: ['a', 3], cwd: '/' }],
		['a relative cwd', { argv: [], cwd: 'home' }],
		['no cwd', { argv: [] }],
		['a huge argv', { argv: Array.from({ length: 1001 }, () => 'x'), cwd: '/' }],
	])('refuses %s', (_what, data) => {
		expect(parseLaunchData(data)).toBeUndefined();
	});
});
