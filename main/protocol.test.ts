import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { APP_CSP } from './csp.js';
import { appResponse } from './protocol.js';

vi.mock('electron', () => import('./test/electron-mock.js'));

const root = mkdtempSync(join(tmpdir(), 'hidfix-proto-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>hidfix</title>');
writeFileSync(join(root, 'assets/index.js'), 'export {};');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// responses', () => {
	it('serves the UI with the strict CSP (no network at all) as a header', async () => {
		const res = await appResponse(root, 'app://hidfix/index.html');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
		expect(APP_CSP).toContain("connect-src 'none'");
		expect(APP_CSP).toContain("script-src 'self'");
		expect(APP_CSP).not.toContain('unsafe');
		expect(await res.text()).toBe('<!doctype html><title>hidfix</title>');
		expect((await appResponse(root, 'app://hidfix/assets/index.js')).headers.get('content-type')).toBe(
			'text/javascript; charset=utf-8',
		);
	});

	it.each([
		'app://other/index.html',
		'app://hidfix/../../etc/passwd',
		'app://hidfix/%2e%2e/%2e%2e/etc/passwd',
		'app://hidfix/missing.js',
	])('answers 404 for %s', async (url) => {
		expect((await appResponse(root, url)).status).toBe(404);
	});
});
