import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTrustStore } from './store.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const ED = readFileSync(join(FIXTURES, 'test-only-ed25519.pub'), 'utf8').trim();
const EC = readFileSync(join(FIXTURES, 'test-only-ecdsa-p256.pub'), 'utf8').trim();

// Trust files must not be group/world-writable; explicit modes keep the tests independent of umask.
let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'hidfix-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadTrustStore', () => {
	it('treats missing files as empty', async () => {
		expect(await loadTrustStore({ systemPath: join(dir, 'nope'), userPath: join(dir, 'nope2') })).toEqual({
			ok: true,
			value: { entries: [] },
		});
	});

	it('merges system then user entries, with their source', async () => {
		const systemPath = join(dir, 'etc', 'allowed_signers');
		const userPath = join(dir, 'home', 'allowed_signers');
		mkdirSync(join(dir, 'etc'));
		mkdirSync(join(dir, 'home'));
		writeFileSync(systemPath, `distro@example.org ${EC}\n`, { mode: 0o644 });
		writeFileSync(userPath, `# mine\nalice@example.org namespaces="hidfix" ${ED}\n`, { mode: 0o644 });
		const r = await loadTrustStore({ systemPath, userPath });
		expect(r.ok && r.value.entries.map((e) => [e.source, e.path, e.line, e.principals])).toEqual([
			['system', systemPath, 1, 'distro@example.org'],
			['user', userPath, 2, 'alice@example.org'],
		]);
	});

	it('fails closed on a bad line, naming file and line', async () => {
		const userPath = join(dir, 'allowed_signers');
		writeFileSync(userPath, `alice ${ED}\nbob cert-authority ${ED}\n`, { mode: 0o644 });
		const r = await loadTrustStore({ userPath });
		expect(r.ok ? 'ok' : [r.error.code, r.error.message]).toEqual([
			'store-parse',
			`${userPath} line 2: cert-authority (SSH certificates) is not supported by hidfix; list the signer\u2019s own key instead`,
		]);
	});

	it('reports an unreadable path as store-io', async () => {
		const r = await loadTrustStore({ userPath: dir });
		expect(r.ok ? 'ok' : r.error.code).toBe('store-io');
	});

	it('refuses a store other users can write', async () => {
		const userPath = join(dir, 'allowed_signers');
		writeFileSync(userPath, `alice ${ED}\n`, { mode: 0o644 });
		chmodSync(userPath, 0o666);
		const r = await loadTrustStore({ userPath });
		expect(r.ok ? 'ok' : [r.error.code, r.error.detail]).toEqual([
			'store-permissions',
			`mode 666, owner uid ${process.geteuid!()}`,
		]);
		chmodSync(userPath, 0o644);
		expect((await loadTrustStore({ userPath })).ok).toBe(true);
		if (process.geteuid!() === 0) {
			chownSync(userPath, 4242, 4242);
			const other = await loadTrustStore({ userPath });
			expect(other.ok ? 'ok' : other.error.code).toBe('store-permissions');
		}
	});
});
