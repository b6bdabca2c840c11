/**
 * The helper client against stand-in helpers (small Node scripts behind the same launcher prefix
 * pkexec would be): argv, stdin, log relay, replies, and pkexec's own exit codes. The real helper
 * behind this client runs as root in bpf/test/kernel/helper.test.mjs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helperClient } from './helper-client.js';

/** A launcher whose "helper" is `body` (a Node script; argv after the launcher in `args`). */
function fake(body: string) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-helper-client-'));
	const script = join(dir, 'helper.mjs');
	writeFileSync(
		script,
		`import { createHash } from 'node:crypto';\nconst args = process.argv.slice(2);\nconst chunks = [];\nfor await (const c of process.stdin) chunks.push(c);\nconst stdin = Buffer.concat(chunks);\n${body}\n`,
	);
	return helperClient({ command: process.execPath, args: [script] });
}

const ATTACH = {
	ok: true,
	verb: 'attach',
	fix: { id: 'org.example.fix', version: '1.0.0', title: 'A fix' },
	signers: ['SHA256:abc'],
	device: '0003:045E:00D1.0001',
	objects: ['0010-A_bpf'],
};

describe('helperClient', () => {
	it('runs `<launcher> attach <sysname>` with the bundle on stdin, relays the log, parses the reply', async () => {
		const client = fake(`
			process.stderr.write('hidfix-helper: one\\nhidfix-helper: tw');
			process.stderr.write('o\\n');
			process.stderr.write('hidfix-helper: got ' + JSON.stringify(args) + ' ' + createHash('sha256').update(stdin).digest('hex') + '\\n');
			console.log(JSON.stringify(${JSON.stringify(ATTACH)}));
		`);
		const bundle = Uint8Array.from({ length: 200_000 }, (_, i) => i % 251);
		const logs: string[] = [];
		const r = await client.attach('0003:045E:00D1.0001', bundle, (l) => logs.push(l));
		expect(r).toEqual({ ok: true, value: { ...ATTACH, ok: undefined } });
		const { createHash } = await import('node:crypto');
		expect(logs).toEqual([
			'hidfix-helper: one',
			'hidfix-helper: two',
			`hidfix-helper: got ["attach","0003:045E:00D1.0001"] ${createHash('sha256').update(bundle).digest('hex')}`,
		]);
	});

	it('keep and detach pass the fix id and nothing on stdin', async () => {
		const client = fake(
			`console.log(JSON.stringify({ ok: true, verb: args[0], fix: args[1], version: String(stdin.length) }));`,
		);
		expect(await client.keep('org.example.fix')).toEqual({
			ok: true,
			value: { verb: 'keep', fix: 'org.example.fix', version: '0' },
		});
		expect((await client.detach('org.example.fix')).ok).toBe(true);
	});

	it("passes the helper's refusal on as is", async () => {
		const client = fake(
			`console.log(JSON.stringify({ ok: false, code: 'device-not-targeted', message: 'Not for this mouse; nothing was changed.', detail: { x: 1 } })); process.exitCode = 1;`,
		);
		expect(await client.attach('0003:045E:00D1.0001', new Uint8Array(1))).toEqual({
			ok: false,
			error: {
				code: 'device-not-targeted',
				message: 'Not for this mouse; nothing was changed.',
				detail: { x: 1 },
			},
		});
	});

	it.each([
		[126, 'helper-cancelled', /password prompt was dismissed; nothing was changed/],
		[127, 'helper-not-authorized', /did not get administrator rights/],
		[1, 'helper-failed', /ended without an answer \(exit 1\)/],
	])('pkexec exit %i without a reply is %s', async (exit, code, message) => {
		const client = fake(
			`process.stderr.write('Error executing command as another user\\n'); process.exitCode = ${exit};`,
		);
		const r = await client.detach('org.example.fix');
		expect(r.ok ? undefined : [r.error.code, r.error.message]).toEqual([
			code,
			expect.stringMatching(message),
		]);
	});

	it('a reply for another verb, or not JSON, is no reply', async () => {
		const client = fake(
			`console.log(JSON.stringify({ ok: true, verb: 'detach', fix: 'x.y', version: '1' }));`,
		);
		const r = await client.keep('x.y');
		expect(r.ok ? undefined : r.error.code).toBe('helper-failed');
	});

	it('record: the text before the reply line is the recording; closing stdin stops it early', async () => {
		const client = fake(`
			// stdin was read to its end above: the client closed it, i.e. Stop was pressed.
			process.stdout.write('R: 2 05 01\\nN: Test Mouse\\nI: 3 045e 00d1\\nE: 000000.000000 2 01 02\\n');
			process.stdout.write('# hidfix: 1 reports, 0 B: reports\\n');
			console.log(JSON.stringify({ ok: true, verb: 'record', device: args[1], summary: { reports: 1, bpfReports: 0, evdevEvents: 0, synDropped: 0, reconnects: 0 }, seconds: args[2] }));
		`);
		let stop: () => void = () => undefined;
		const stopped = new Promise<void>((res) => (stop = res));
		const pending = client.record('0003:045E:00D1.0001', 600, { stop: stopped });
		setTimeout(stop, 50);
		expect(await pending).toEqual({
			ok: true,
			value: {
				reply: {
					verb: 'record',
					device: '0003:045E:00D1.0001',
					summary: { reports: 1, bpfReports: 0, evdevEvents: 0, synDropped: 0, reconnects: 0 },
				},
				recording:
					'R: 2 05 01\nN: Test Mouse\nI: 3 045e 00d1\nE: 000000.000000 2 01 02\n# hidfix: 1 reports, 0 B: reports\n',
			},
		});
	});

	it('a launcher that does not exist is helper-failed, not an exception', async () => {
		const r = await helperClient({ command: '/nonexistent/pkexec', args: [] }).detach('x.y');
		expect(r.ok ? undefined : [r.error.code, r.error.message]).toEqual([
			'helper-failed',
			expect.stringMatching(
				/could not be started \(\/nonexistent\/pkexec: spawn \/nonexistent\/pkexec ENOENT\)/,
			),
		]);
	});
});
