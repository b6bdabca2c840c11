// A stand-in for the privileged helper behind the dev bridge in the Chromium tests: same argv, same
// stdin, same answers (docs/helper.md), no root. Appends every call to CALLS.
//   node fake-helper.mjs CALLS MODE FIX-ID RUN-ROOT <verb> <args…>     MODE: ok | cancel | loader-fail
// detach removes RUN-ROOT/fixes/<id> (the installed record the window lists).
// `record` writes a recording of the msmouse fixture: 10 wheel-up reports, inverted (with B: lines)
// while a fix is attached (an attach in CALLS not followed by a detach).
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const [calls, mode, fixId, runRoot, verb, arg] = process.argv.slice(2);
// `record` gets stdin held open until Stop (the real helper stops there); it answers at once here.
const chunks = [];
if (verb !== 'record') for await (const c of process.stdin) chunks.push(c);
const stdin = Buffer.concat(chunks);
const earlier = readFileSync(calls, { encoding: 'utf8', flag: 'a+' })
	.split('\n')
	.filter(Boolean)
	.map((l) => JSON.parse(l).verb);
appendFileSync(
	calls,
	`${JSON.stringify({ verb, arg, stdinSha256: createHash('sha256').update(stdin).digest('hex') })}\n`,
);
process.stderr.write(`hidfix-helper: ${new Date().toISOString()} ${verb} ${arg}\n`);
if (mode === 'cancel') process.exit(126); // pkexec: the user dismissed the password dialog
// No process.exit() after writing: stdout is a pipe, and exit() would cut the line short.
if (mode === 'loader-fail' && verb === 'attach') {
	console.log(
		JSON.stringify({
			ok: false,
			code: 'loader-failed',
			message:
				'0010-Huion__Kamvas-Pro-19.bpf.o could not be attached: the kernel verifier rejected the program',
			detail: {
				loader: { ok: false, code: 'verifier-rejected', detail: { verifierLog: 'R1 invalid mem access' } },
			},
		}),
	);
	process.exitCode = 1;
} else if (verb === 'record') {
	const fixed = earlier.lastIndexOf('attach') > earlier.lastIndexOf('detach');
	const mouse = readFileSync(new URL('../../app/test/fixtures/msmouse.hid.txt', import.meta.url), 'utf8');
	const header = mouse.split('\n').filter((l) => /^[RNI]: /.test(l));
	const lines = [...header, `# Recorded by hidfix from ${arg} at 2026-11-24T15:00:00.000Z`];
	for (let i = 0; i < 10; i++) {
		const t = `000000.${String(i * 8000).padStart(6, '0')}`;
		if (fixed) lines.push(`B: ${t} 6 11 00 01 00 01 00`);
		lines.push(`E: ${t} 6 11 00 01 00 ${fixed ? 'ff' : '01'} 00`);
	}
	process.stdout.write(`${lines.join('\n')}\n# hidfix: 10 reports\n`);
	const summary = { reports: 10, bpfReports: fixed ? 10 : 0, evdevEvents: 40, synDropped: 0, reconnects: 0 };
	console.log(JSON.stringify({ ok: true, verb, device: arg, summary }));
} else {
	if (verb === 'detach') rmSync(join(runRoot, 'fixes', arg), { recursive: true, force: true });
	console.log(
		JSON.stringify(
			verb === 'attach'
				? {
						ok: true,
						verb,
						fix: { id: fixId, version: '1.0.0', title: 'A test fix' },
						signers: ['SHA256:x'],
						device: arg,
						objects: ['0010-test_bpf'],
					}
				: { ok: true, verb, fix: arg, version: '1.0.0' },
		),
	);
}
