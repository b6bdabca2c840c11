import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWithSshKeygen } from './sign-keygen.js';
import { verifySignatures } from './verify.js';

const message = new TextEncoder().encode('manifest bytes\n');
let dir: string;
let agent: ChildProcess | undefined;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'hidfix-sign-'));
	execFileSync('/usr/bin/ssh-keygen', [
		'-q',
		'-t',
		'ed25519',
		'-N',
		'',
		'-C',
		'plain',
		'-f',
		join(dir, 'plain'),
	]);
	execFileSync('/usr/bin/ssh-keygen', [
		'-q',
		'-t',
		'ed25519',
		'-N',
		'secret passphrase',
		'-C',
		'locked',
		'-f',
		join(dir, 'locked'),
	]);
	mkdirSync(join(dir, 'tmp'));
});
afterAll(() => {
	if (agent?.pid !== undefined) process.kill(agent.pid, 'SIGTERM');
	rmSync(dir, { recursive: true, force: true });
});

describe('signWithSshKeygen', () => {
	it('returns the armored text and cleans its private temp dir', async () => {
		const r = await signWithSshKeygen({
			message,
			keyPath: join(dir, 'plain'),
			namespace: 'hidfix',
			interactive: false,
			tmpRoot: join(dir, 'tmp'),
		});
		if (!r.ok) throw new Error(r.error.message);
		expect(r.value.startsWith('-----BEGIN SSH SIGNATURE-----\n')).toBe(true);
		expect(verifySignatures(message, r.value, 'hidfix').ok).toBe(true);
		expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
	});

	it('signs with a .pub file whose private key is in ssh-agent', async () => {
		const sock = join(dir, 'agent.sock');
		agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
		for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((res) => setTimeout(res, 20));
		const env = { ...process.env, SSH_AUTH_SOCK: sock };
		execFileSync('/usr/bin/ssh-add', ['-q', join(dir, 'plain')], { env, stdio: 'ignore' });
		// Only the public half, in a directory of its own: ssh-keygen has to ask the agent to sign.
		const pubPath = join(dir, 'agent-only', 'key.pub');
		mkdirSync(join(dir, 'agent-only'));
		copyFileSync(join(dir, 'plain.pub'), pubPath);
		const r = await signWithSshKeygen({
			message,
			keyPath: pubPath,
			namespace: 'hidfix',
			env,
			interactive: false,
		});
		if (!r.ok) throw new Error(`${r.error.message}\n${r.error.detail}`);
		expect(verifySignatures(message, r.value, 'hidfix').ok).toBe(true);
	});

	it('reports a passphrase that could not be asked as sig-sign-failed', async () => {
		const env = {
			...process.env,
			SSH_AUTH_SOCK: '',
			DISPLAY: ':0',
			SSH_ASKPASS: '/bin/false',
			SSH_ASKPASS_REQUIRE: 'force',
		};
		const r = await signWithSshKeygen({
			message,
			keyPath: join(dir, 'locked'),
			namespace: 'hidfix',
			env,
			interactive: false,
		});
		expect(r.ok ? 'ok' : r.error.code).toBe('sig-sign-failed');
	});

	it('reports a missing ssh-keygen, a missing key and a bad namespace', async () => {
		const codes = await Promise.all([
			signWithSshKeygen({
				message,
				keyPath: join(dir, 'plain'),
				namespace: 'hidfix',
				sshKeygen: join(dir, 'no-such-ssh-keygen'),
				interactive: false,
			}),
			signWithSshKeygen({ message, keyPath: join(dir, 'missing'), namespace: 'hidfix', interactive: false }),
			signWithSshKeygen({ message, keyPath: join(dir, 'plain'), namespace: '-n x', interactive: false }),
		]);
		expect(codes.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
			'sig-sign-failed',
			'sig-sign-failed',
			'sig-sign-failed',
		]);
		expect(codes[0]!.ok ? '' : codes[0]!.error.message).toBe(
			'Could not run ssh-keygen. Install OpenSSH (8.1 or later).',
		);
	});
});
