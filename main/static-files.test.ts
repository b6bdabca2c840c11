import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStatic, staticPathFor } from './static-files.js';

const root = mkdtempSync(join(tmpdir(), 'hidfix-static-'));
mkdirSync(join(root, 'www/assets'), { recursive: true });
writeFileSync(join(root, 'www/index.html'), '<!doctype html>');
writeFileSync(join(root, 'www/assets/a.js'), 'export {}');
writeFileSync(join(root, 'secret.js'), 'no');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const www = join(root, 'www');

describe('static files', () => {
	it('serves index.html for / and files by type', async () => {
		expect(await readStatic(www, '/')).toEqual({
			body: new TextEncoder().encode('<!doctype html>'),
			type: 'text/html; charset=utf-8',
		});
		expect((await readStatic(www, '/assets/a.js'))?.type).toBe('text/javascript; charset=utf-8');
	});

	it.each([
		'/../secret.js',
		'/%2e%2e/secret.js',
		'/assets/..%2f..%2fsecret.js',
		'/a\\..\\secret.js',
		'/%00.js',
		'/%zz',
	])('never leaves the root for %s', async (path) => {
		const resolved = staticPathFor(www, path);
		expect(resolved === undefined || resolved.startsWith(`${www}/`)).toBe(true);
		expect(await readStatic(www, path)).toBeUndefined();
	});

	it('refuses unknown types and directories', async () => {
		writeFileSync(join(www, 'x.sh'), 'echo');
		expect(await readStatic(www, '/x.sh')).toBeUndefined();
		expect(await readStatic(www, '/assets')).toBeUndefined();
	});
});
