// A stand-in for the privileged helper behind the dev bridge in the Chromium tests: same argv, same
// stdin, same one-line JSON answers (docs/helper.md), no root. Appends every call to CALLS.
//   node fake-helper.mjs CALLS MODE <verb> <arg>     MODE: ok | cancel | loader-fail
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';

const [calls, mode, verb, arg] = process.argv.slice(2);
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const stdin = Buffer.concat(chunks);
appendFileSync(
	calls,
	`${JSON.stringify({ verb, arg, stdinSha256: createHash('sha256').update(stdin).digest('hex') })}\n`,
);
process.stderr.write(`hidfix-helper: ${new Date().toISOString()} ${verb} ${arg}\n`);
if (mode === 'cancel') process.exit(126); // pkexec: the user dismissed the password dialog
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
	process.exit(1);
}
const fixId = 'org.hidfix.test.huion-kamvas-pro-19';
console.log(
	JSON.stringify(
		verb === 'attach'
			? {
					ok: true,
					verb,
					fix: { id: fixId, version: '1.0.0', title: 'Huion Kamvas Pro 19: pen and touch' },
					signers: ['SHA256:x'],
					device: arg,
					objects: ['0010-Huion__Kamvas-Pro-19_bpf'],
				}
			: { ok: true, verb, fix: arg, version: '1.0.0' },
	),
);
