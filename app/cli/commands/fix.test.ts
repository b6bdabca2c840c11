/**
 * `hidfix test|keep|revert` against a stand-in helper behind the launcher (same protocol, no root);
 * the real helper runs in bpf/test/kernel/helper.test.mjs.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/fixtures/bundles/kit.js';
import { cliLauncher, fixCommand, FIX_EXIT } from './fix.js';

function fakeHelper(body: string) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-cli-fix-'));
	const script = join(dir, 'helper.mjs');
	writeFileSync(
		script,
		`import { createHash } from 'node:crypto';\nconst [verb, arg] = process.argv.slice(2);\nconst chunks = [];\nfor await (const c of process.stdin) chunks.push(c);\nconst sha = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');\n${body}\n`,
	);
	return { dir, launcher: { command: process.execPath, args: [script] } };
}

async function run(verb: 'test' | 'keep' | 'revert', args: string[], body: string) {
	const { dir, launcher } = fakeHelper(body);
	let out = '';
	let err = '';
	const code = await fixCommand(
		verb,
		args,
		{ out: (t) => (out += t), err: (t) => (err += t), env: {}, cwd: dir, now: () => new Date() },
		launcher,
	);
	return { code, out, err };
}

describe('hidfix test|keep|revert', () => {
	it('test sends the bundle file to the helper and says how to keep or revert it', async () => {
		const bundle = join(FIXTURES, 'natural-scroll.hidfix');
		const r = await run(
			'test',
			[bundle, '0003:045E:00D1.0001'],
			`process.stderr.write('hidfix-helper: got ' + verb + ' ' + arg + ' ' + sha + '\\n');
			console.log(JSON.stringify({ ok: true, verb, fix: { id: 'org.example.fix', version: '1.0.0', title: 't' }, signers: [], device: arg, objects: ['a_bpf'] }));`,
		);
		const sha = createHash('sha256').update(readFileSync(bundle)).digest('hex');
		expect(r).toEqual({
			code: 0,
			err: `hidfix-helper: got attach 0003:045E:00D1.0001 ${sha}\n`,
			out:
				'Testing org.example.fix 1.0.0 on 0003:045E:00D1.0001 (a_bpf).\n' +
				'Keep it with `hidfix keep org.example.fix`, undo it with `hidfix revert org.example.fix`; a restart undoes it too.\n',
		});
	});

	it('keep and revert pass the fix id; a refusal exits 30 with the helper’s words', async () => {
		const ok = `console.log(JSON.stringify({ ok: true, verb, fix: arg, version: '1.0.0' }));`;
		expect((await run('keep', ['org.example.fix'], ok)).out).toBe(
			'Kept org.example.fix 1.0.0: attached whenever the device is connected.\n',
		);
		expect((await run('revert', ['org.example.fix'], ok)).out).toBe(
			'Reverted org.example.fix: detached and removed.\n',
		);
		const refused = await run(
			'revert',
			['org.example.fix'],
			`console.log(JSON.stringify({ ok: false, code: 'not-installed', message: 'org.example.fix is not installed here; nothing to revert.' })); process.exitCode = 1;`,
		);
		expect([refused.code, refused.err]).toEqual([
			FIX_EXIT.refused,
			'hidfix revert: org.example.fix is not installed here; nothing to revert. (not-installed)\n',
		]);
	});

	it('a dismissed password prompt (pkexec 126) exits 31', async () => {
		const r = await run('keep', ['org.example.fix'], 'process.exitCode = 126;');
		expect([r.code, r.err]).toEqual([
			FIX_EXIT.cancelled,
			'hidfix keep: The password prompt was dismissed; nothing was changed. (helper-cancelled)\n',
		]);
	});

	it('refuses a missing bundle before asking for a password', async () => {
		const r = await run('test', ['nope.hidfix', '0003:045E:00D1.0001'], 'throw new Error("must not run")');
		expect([r.code, r.err]).toEqual([
			3,
			expect.stringMatching(/^hidfix test: REJECTED \(bundle-unreadable\)/),
		]);
	});

	it('runs the helper directly as root, through pkexec otherwise; the installed one first', () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-cli-launcher-'));
		const installed = join(dir, 'hidfix-helper');
		expect(cliLauncher(1000, installed)).toEqual({
			command: 'pkexec',
			args: [process.execPath, expect.stringMatching(/app\/helper\/main\.js$/)],
		});
		writeFileSync(installed, '');
		expect(cliLauncher(1000, installed)).toEqual({ command: 'pkexec', args: [installed] });
		expect(cliLauncher(0, installed)).toEqual({ command: installed, args: [] });
	});
});
