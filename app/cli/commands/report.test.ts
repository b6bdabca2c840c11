/**
 * `hidfix report show|diff` through the real CLI entry (runCli), on reports saved by the real
 * writer from real descriptors (msmouse + the Tilt-Wheel fix), and on a tampered one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../common/bundle/tar-writer.js';
import { buildReport } from '../../common/report/build.js';
import { sha256Hex } from '../../node/bundle/hash.js';
import { mouseInputs } from '../../node/report/report-kit.test-helper.js';
import { saveReport } from '../../node/report/report-file.js';
import { EXIT } from '../exit-codes.js';
import { runCli } from '../run.js';

async function cli(argv: string[], cwd: string) {
	let out = '';
	let err = '';
	const code = await runCli(argv, {
		out: (t) => (out += t),
		err: (t) => (err += t),
		env: { HOME: cwd },
		cwd,
		now: () => new Date('2026-11-24T15:00:00Z'),
	});
	return { code, out, err };
}

async function saved(over: Parameters<typeof mouseInputs>[0] = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-cli-report-'));
	const b = buildReport(mouseInputs(over), { sha256Hex });
	if (!b.ok) throw new Error(b.error.message);
	await saveReport(b.value.entries, join(dir, 'r.hidfix-report'));
	return { dir, built: b.value };
}

describe('hidfix report', () => {
	it('show prints the Markdown summary rendered from report.json (exit 0)', async () => {
		const { dir, built } = await saved();
		const r = await cli(['report', 'show', 'r.hidfix-report'], dir);
		expect([r.code, r.out]).toEqual([0, new TextDecoder().decode(built.entries[1]!.bytes)]);
		expect(r.out).toMatch(/^# hidfix debug report: Microsoft Microsoft Optical Mouse with Tilt Wheel\n/);
	});

	it('show --json prints the validated report.json', async () => {
		const { dir, built } = await saved();
		const r = await cli(['report', 'show', '--json', 'r.hidfix-report'], dir);
		expect([r.code, JSON.parse(r.out)]).toEqual([0, JSON.parse(JSON.stringify(built.report))]);
	});

	it('diff recomputes the comparison from the recordings and prints the verdict', async () => {
		const { dir } = await saved();
		const r = await cli(['report', 'diff', 'r.hidfix-report'], dir);
		expect([r.code, r.out.split('\n').slice(0, 9)]).toEqual([
			0,
			[
				'Verdict: The report descriptor stays 196 bytes with 3 item changes. Every report keeps its size. New fields: Button 4 (input report 17). In the captures, Button 4 now reports data (pressed 2 times).',
				'',
				'Report descriptor changes:',
				'  - input report 17: Report Count 1 → 2 — one more element',
				'  - input report 17: removed Input (Cnst,Arr,Abs)',
				'  - input report 17: added Usage (Button 4)',
				'  - input report 17: Button 4 appears at bit 3 (was padding)',
				'Event differences:',
				'  - report 17: Button 4 appears (pressed 2 times) — new field',
			],
		]);
		expect(r.out).not.toContain('Warning');
	});

	it('diff --json says where the comparison came from, and warns when report.json disagrees', async () => {
		const { dir, built } = await saved();
		const json = JSON.parse(new TextDecoder().decode(built.entries[0]!.bytes));
		json.comparison.verdict = 'Everything is fine.';
		const entries = built.entries.map((e) => ({
			name: e.name,
			data: e.name === 'report.json' ? new TextEncoder().encode(JSON.stringify(json)) : e.bytes,
		}));
		writeFileSync(join(dir, 'lying.hidfix-report'), writeTar(entries));
		const j = await cli(['report', 'diff', '--json', 'r.hidfix-report'], dir);
		const lying = await cli(['report', 'diff', 'lying.hidfix-report'], dir);
		expect([JSON.parse(j.out).source, JSON.parse(j.out).storedDiffers, lying.code, lying.out]).toEqual([
			'recordings',
			false,
			0,
			expect.stringContaining('Warning: report.json states a different comparison than its recordings give'),
		]);
	});

	it('diff without an after recording says there is nothing to compare', async () => {
		const { dir } = await saved({ after: undefined });
		const r = await cli(['report', 'diff', 'r.hidfix-report'], dir);
		expect([r.code, r.out]).toEqual([
			0,
			'No before/after pair of recordings in this report: nothing to compare.\n',
		]);
	});

	it('a tampered report is rejected with its code and exit 10; a missing file is exit 3', async () => {
		const { dir } = await saved();
		const bytes = readFileSync(join(dir, 'r.hidfix-report'));
		const at = bytes.indexOf('E: 000000.008000 6 11 08');
		bytes[at + 23] = 0x39; // 08 → 09 inside after.hid.txt (tar checksums cover headers only)
		writeFileSync(join(dir, 't.hidfix-report'), bytes);
		const t = await cli(['report', 'show', 't.hidfix-report'], dir);
		const m = await cli(['report', 'diff', 'absent.hidfix-report'], dir);
		expect([t.code, t.err, m.code, m.err]).toEqual([
			EXIT.container,
			expect.stringMatching(/^hidfix: REJECTED \(entry-mismatch\): "(before|after)\.hid\.txt" differs/),
			EXIT.io,
			expect.stringContaining('REJECTED (report-unreadable)'),
		]);
	});

	it.each([[['report']], [['report', 'frob', 'x']], [['report', 'show']], [['report', 'show', 'a', 'b']]])(
		'%j is a usage error (exit 2)',
		async (argv) => {
			const r = await cli(argv, tmpdir());
			expect([r.code, r.err]).toEqual([EXIT.usage, expect.stringContaining('hidfix report show|diff')]);
		},
	);
});
