import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHidrawDirect, type HidrawMessage } from './hidraw.js';

describe('openHidrawDirect', () => {
	it('frames each read() as one report with a monotonic read time (a FIFO stands in for hidraw)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-hidraw-'));
		const fifo = join(dir, 'hidraw0');
		execFileSync('mkfifo', [fifo]);
		const holder = openSync(fifo, 'r+');
		const got: HidrawMessage[] = [];
		const t0 = process.hrtime.bigint();
		const r = await openHidrawDirect(fifo, (m) => got.push(m));
		if (!r.ok) throw new Error(r.error.message);
		// hidraw returns one report per read(); a FIFO does too when writes are apart in time.
		for (const rep of [
			[0x11, 0, 1],
			[0x11, 0, 2, 3],
		]) {
			writeSync(holder, Uint8Array.from(rep));
			const want = got.length + 1;
			const deadline = Date.now() + 5000;
			while (got.length < want && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
		}
		await r.value.close();
		closeSync(holder);
		rmSync(dir, { recursive: true, force: true });
		const reports = got.flatMap((m) => (m.kind === 'report' ? [m.report] : []));
		expect(reports.map((x) => [...x.data])).toEqual([
			[0x11, 0, 1],
			[0x11, 0, 2, 3],
		]);
		expect(
			reports.every(
				(x, i) => x.t > t0 && x.t <= process.hrtime.bigint() && (i === 0 || x.t > (reports[i - 1]?.t ?? 0n)),
			),
		).toBe(true);
	});

	it('reports a missing node as open-failed', async () => {
		const r = await openHidrawDirect('/nonexistent/hidraw7', () => undefined);
		expect(r.ok ? '' : `${r.error.code} ${r.error.detail?.errno}`).toBe('open-failed ENOENT');
	});
});
