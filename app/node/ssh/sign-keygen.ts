/**
 * Signing through the author's own OpenSSH: `ssh-keygen -Y sign -n <namespace> -f <key> <file>`.
 *
 * Going through ssh-keygen (rather than reading private keys ourselves) means passphrase prompts,
 * ssh-agent (`-f key.pub` with SSH_AUTH_SOCK) and hardware-backed keys all work as authors expect.
 * SECURITY: argv only, never a shell string; the message goes to a private 0700 temp dir that is
 * always removed; the output is parsed back before it is returned.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../common/result.js';
import { parseArmor } from '../../common/ssh/armor.js';
import { signatureError, type SignatureError } from '../../common/ssh/signature-error.js';
import { checkNamespace, parseSshsigBlob, type SshsigHashAlg } from '../../common/ssh/sshsig.js';

export interface SignWithSshKeygenOptions {
	readonly message: Uint8Array;
	/** Private key file, or a `.pub` file whose private half is in ssh-agent. */
	readonly keyPath: string;
	readonly namespace: string;
	/** Default sha512, as ssh-keygen. */
	readonly hashAlg?: SshsigHashAlg;
	/** Default `ssh-keygen` from PATH. */
	readonly sshKeygen?: string;
	/** Environment for ssh-keygen (SSH_AUTH_SOCK, SSH_ASKPASS…); default the current one. */
	readonly env?: NodeJS.ProcessEnv;
	/** Let ssh-keygen use our stdin (terminal passphrase prompts). Default true. */
	readonly interactive?: boolean;
	/** Directory for the private temp dir; default the OS temp dir. */
	readonly tmpRoot?: string;
}

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9@._-]{0,63}$/;

/** Signs `message`; returns the armored signature text exactly as ssh-keygen wrote it. */
export async function signWithSshKeygen(
	opts: SignWithSshKeygenOptions,
): Promise<Result<string, SignatureError>> {
	if (!NAMESPACE.test(opts.namespace))
		return err(signatureError('sig-sign-failed', `"${opts.namespace}" is not a valid signature namespace.`));
	const dir = await mkdtemp(join(opts.tmpRoot ?? tmpdir(), 'hidfix-sign-'));
	try {
		const file = join(dir, 'message');
		await writeFile(file, opts.message, { mode: 0o600, flag: 'wx' });
		const args = ['-Y', 'sign', '-n', opts.namespace, '-f', opts.keyPath];
		if (opts.hashAlg) args.push('-O', `hashalg=${opts.hashAlg}`);
		args.push(file);
		const run = await runProcess(
			opts.sshKeygen ?? 'ssh-keygen',
			args,
			opts.env ?? process.env,
			opts.interactive ?? true,
		);
		if (run.spawnError)
			return err(
				signatureError(
					'sig-sign-failed',
					'Could not run ssh-keygen. Install OpenSSH (8.1 or later).',
					run.spawnError,
				),
			);
		if (run.code !== 0)
			return err(
				signatureError(
					'sig-sign-failed',
					`ssh-keygen could not sign with ${opts.keyPath}: ${lastLine(run.stderr) || `exit code ${run.code}`}`,
					run.stderr,
				),
			);
		let text: string;
		try {
			text = await readFile(`${file}.sig`, 'utf8');
		} catch (e) {
			return err(signatureError('sig-sign-failed', 'ssh-keygen did not write a signature.', String(e)));
		}
		const blobs = parseArmor(text);
		if (!blobs.ok) return blobs;
		if (blobs.value.length !== 1)
			return err(signatureError('sig-sign-failed', 'ssh-keygen wrote several signatures.'));
		const blob = parseSshsigBlob(blobs.value[0]!);
		if (!blob.ok) return blob;
		const ns = checkNamespace(blob.value, opts.namespace);
		if (!ns.ok) return ns;
		return ok(text);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

interface RunResult {
	code: number | null;
	stderr: string;
	spawnError?: string;
}

function runProcess(
	cmd: string,
	args: string[],
	env: NodeJS.ProcessEnv,
	interactive: boolean,
): Promise<RunResult> {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, {
			env,
			stdio: [interactive ? 'inherit' : 'ignore', 'ignore', 'pipe'],
			shell: false,
		});
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (d: string) => {
			if (stderr.length < 64 * 1024) stderr += d;
		});
		child.on('error', (e) => resolve({ code: null, stderr, spawnError: String(e) }));
		child.on('close', (code) => resolve({ code, stderr }));
	});
}

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';
