import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acceptVersion, loadVersionRecords } from './versions.js';

const FP = 'SHA256:MLaex1kxgXQbO4wfIzjpcLOemqPx7LNCt7QOuMjBaiQ';
let dir: string;
let path: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'hidfix-versions-'));
	path = join(dir, 'state', 'hidfix', 'versions.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('version records on disk', () => {
	it('records upgrades, allows re-tests and refuses downgrades', async () => {
		const steps = [];
		for (const v of ['1.0.0', '1.1.0', '1.1.0', '1.0.9', '2.0.0-rc.1']) {
			const r = await acceptVersion(path, FP, 'fix-a', v);
			steps.push(r.ok ? r.value.kind : r.error.code);
		}
		expect(steps).toEqual(['first', 'upgrade', 'same', 'downgrade', 'upgrade']);
		expect(await loadVersionRecords(path)).toEqual({
			ok: true,
			value: { records: [{ fingerprint: FP, fixId: 'fix-a', version: '2.0.0-rc.1' }] },
		});
		expect(readdirSync(join(dir, 'state', 'hidfix'))).toEqual(['versions.json']); // no temp files left
		expect(statSync(path).mode & 0o777).toBe(0o600);
	});

	it('keeps a corrupt file untouched instead of resetting it', async () => {
		await acceptVersion(path, FP, 'fix-a', '1.0.0');
		writeFileSync(path, '{"format":"hidfix-versions/1","records":[{"oops":1}]}');
		const r = await acceptVersion(path, FP, 'fix-a', '0.1.0');
		expect(r.ok ? 'ok' : r.error.code).toBe('versions-corrupt');
		expect(readFileSync(path, 'utf8')).toBe('{"format":"hidfix-versions/1","records":[{"oops":1}]}');
	});

	it('treats a missing file as no records', async () => {
		expect(await loadVersionRecords(join(dir, 'missing.json'))).toEqual({ ok: true, value: { records: [] } });
	});

	it('waits while another process holds the lock, then records', async () => {
		mkdirSync(join(dir, 'state', 'hidfix'), { recursive: true });
		writeFileSync(`${path}.lock`, '99999\n');
		let released = false;
		const pending = acceptVersion(path, FP, 'fix-a', '1.0.0').then((r) => ({ r, afterRelease: released }));
		await new Promise((res) => setTimeout(res, 150));
		expect(existsSync(path)).toBe(false);
		released = true;
		rmSync(`${path}.lock`);
		const { r, afterRelease } = await pending;
		expect([r.ok, afterRelease]).toEqual([true, true]);
		expect(readdirSync(join(dir, 'state', 'hidfix'))).toEqual(['versions.json']);
	});

	it('takes over a stale lock and times out on a live one', async () => {
		mkdirSync(join(dir, 'state', 'hidfix'), { recursive: true });
		writeFileSync(`${path}.lock`, '99999\n');
		const old = new Date(Date.now() - 60_000);
		utimesSync(`${path}.lock`, old, old);
		expect((await acceptVersion(path, FP, 'fix-a', '1.0.0')).ok).toBe(true);
		writeFileSync(`${path}.lock`, '99999\n');
		const r = await acceptVersion(path, FP, 'fix-a', '1.0.1');
		expect(r.ok ? 'ok' : r.error.code).toBe('store-io');
	}, 15_000);
});
