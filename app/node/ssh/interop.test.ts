// OpenSSH interop, both ways, against the real ssh-keygen (OpenSSH ≥ 8.9 for -Overify-time).
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatArmor, parseArmor } from '../../common/ssh/armor.js';
import { formatPublicKeyLine, parsePublicKeyLine } from '../../common/ssh/public-key.js';
import { formatAllowedSigner } from '../../common/trust/allowed-signers.js';
import { fingerprintSha256, keygenListLine } from './fingerprint.js';
import { fromKeyObject } from './key-object.js';
import { signSshsigNative } from './sign-native.js';
import { signWithSshKeygen } from './sign-keygen.js';
import { verifySignatures } from './verify.js';

const SSH_KEYGEN = '/usr/bin/ssh-keygen';
const KEY_TYPES = [
	['ed25519', ['-t', 'ed25519']],
	['ecdsa', ['-t', 'ecdsa', '-b', '256']],
	['rsa', ['-t', 'rsa', '-b', '3072']],
] as const;

let dir: string;
const message = new TextEncoder().encode('{"id":"0010-Example__Mouse","version":"1.2.0"}\n');
const msgPath = () => join(dir, 'message.json');

function keygen(
	args: string[],
	input?: Uint8Array,
): { status: number | null; stdout: string; stderr: string } {
	const r = spawnSync(SSH_KEYGEN, args, { input, encoding: 'utf8' });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `ssh-keygen -Y verify` with an allowed_signers file: exit 0 means OpenSSH accepts the signature. */
function opensshVerify(allowed: string, principal: string, sig: string, msg = message, namespace = 'hidfix') {
	const a = join(dir, `allowed-${Math.random().toString(36).slice(2)}`);
	const s = `${a}.sig`;
	writeFileSync(a, allowed);
	writeFileSync(s, sig);
	return keygen(['-Y', 'verify', '-f', a, '-I', principal, '-n', namespace, '-s', s], msg).status;
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'hidfix-ssh-interop-'));
	writeFileSync(msgPath(), message);
	for (const [name, args] of KEY_TYPES)
		execFileSync(SSH_KEYGEN, ['-q', ...args, '-N', '', '-C', `${name}@example.org`, '-f', join(dir, name)]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(KEY_TYPES.map(([n]) => n))('%s key', (name) => {
	const keyPath = () => join(dir, name);

	it('verifies what `ssh-keygen -Y sign -n hidfix` signed', () => {
		const r = keygen(['-Y', 'sign', '-n', 'hidfix', '-f', keyPath(), msgPath()]);
		expect(r.status).toBe(0);
		const sig = readFileSync(`${msgPath()}.sig`, 'utf8');
		rmSync(`${msgPath()}.sig`);
		const out = verifySignatures(message, sig, 'hidfix');
		expect(out.ok).toBe(true);
		if (!out.ok) return;
		const pub = parsePublicKeyLine(readFileSync(`${keyPath()}.pub`, 'utf8'));
		expect(pub.ok && out.value.verified[0]?.fingerprint === fingerprintSha256(pub.value.key)).toBe(true);
		expect(out.value.rejected).toEqual([]);
	});

	it('prints the fingerprint line exactly as `ssh-keygen -lf`', () => {
		const text = readFileSync(`${keyPath()}.pub`, 'utf8');
		const pub = parsePublicKeyLine(text);
		if (!pub.ok) throw new Error(pub.error.message);
		const expected = execFileSync(SSH_KEYGEN, ['-lf', `${keyPath()}.pub`], { encoding: 'utf8' });
		expect(`${keygenListLine(pub.value.key, pub.value.comment)}\n`).toBe(expected);
		// No comment: ssh-keygen says "no comment".
		const bare = join(dir, `${name}-bare.pub`);
		writeFileSync(bare, `${formatPublicKeyLine(pub.value.key)}\n`);
		const expectedBare = execFileSync(SSH_KEYGEN, ['-lf', bare], { encoding: 'utf8' });
		expect(`${keygenListLine(pub.value.key, '')}\n`).toBe(expectedBare);
	});

	it('signs through signWithSshKeygen, and ssh-keygen -Y verify accepts it', async () => {
		const sig = await signWithSshKeygen({
			message,
			keyPath: keyPath(),
			namespace: 'hidfix',
			interactive: false,
		});
		if (!sig.ok) throw new Error(sig.error.message);
		expect(verifySignatures(message, sig.value, 'hidfix').ok).toBe(true);
		const pub = readFileSync(`${keyPath()}.pub`, 'utf8').trim();
		expect(
			opensshVerify(`author@example.org namespaces="hidfix" ${pub}\n`, 'author@example.org', sig.value),
		).toBe(0);
	});

	it('accepts sha256 message digests too', async () => {
		const sig = await signWithSshKeygen({
			message,
			keyPath: keyPath(),
			namespace: 'hidfix',
			hashAlg: 'sha256',
			interactive: false,
		});
		if (!sig.ok) throw new Error(sig.error.message);
		const out = verifySignatures(message, sig.value, 'hidfix');
		expect(out.ok && out.value.verified[0]?.hashAlg).toBe('sha256');
	});

	it('rejects a tampered message and a git-namespace signature, as ssh-keygen does', () => {
		const r = keygen(['-Y', 'sign', '-n', 'git', '-f', keyPath(), msgPath()]);
		expect(r.status).toBe(0);
		const gitSig = readFileSync(`${msgPath()}.sig`, 'utf8');
		rmSync(`${msgPath()}.sig`);
		const wrongNs = verifySignatures(message, gitSig, 'hidfix');
		expect(!wrongNs.ok && wrongNs.error.code).toBe('sig-namespace');
		const pub = readFileSync(`${keyPath()}.pub`, 'utf8').trim();
		expect(opensshVerify(`a ${pub}\n`, 'a', gitSig)).not.toBe(0);

		const tampered = message.slice();
		tampered[3] = tampered[3]! ^ 1;
		const good = keygen(['-Y', 'sign', '-n', 'hidfix', '-f', keyPath(), msgPath()]);
		expect(good.status).toBe(0);
		const sig = readFileSync(`${msgPath()}.sig`, 'utf8');
		rmSync(`${msgPath()}.sig`);
		const bad = verifySignatures(tampered, sig, 'hidfix');
		expect(!bad.ok && bad.error.code).toBe('sig-invalid');
		expect(opensshVerify(`a ${pub}\n`, 'a', sig, tampered)).not.toBe(0);
	});
});

describe('signatures we construct ourselves (node:crypto keys)', () => {
	const pairs = {
		ed25519: () => generateKeyPairSync('ed25519'),
		ecdsa: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
		rsa: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
	};
	it.each(Object.keys(pairs) as (keyof typeof pairs)[])('%s: ssh-keygen -Y verify accepts them', (name) => {
		const { privateKey } = pairs[name]();
		for (const hashAlg of ['sha512', 'sha256'] as const) {
			const sig = signSshsigNative({ message, privateKey, namespace: 'hidfix', hashAlg });
			if (!sig.ok) throw new Error(sig.error.message);
			const key = fromKeyObject(privateKey);
			if (!key.ok) throw new Error(key.error.message);
			const line = formatAllowedSigner({
				principals: 'dev@example.org',
				namespaces: 'hidfix',
				key: key.value,
				comment: 'made by hidfix',
			});
			expect(opensshVerify(`${line}\n`, 'dev@example.org', sig.value)).toBe(0);
			expect(verifySignatures(message, sig.value, 'hidfix').ok).toBe(true);
		}
	});

	it('formats armor byte for byte like ssh-keygen (70 columns, trailing newline)', () => {
		for (const name of ['ed25519', 'ecdsa', 'rsa']) {
			const r = keygen(['-Y', 'sign', '-n', 'hidfix', '-f', join(dir, name), msgPath()]);
			expect(r.status).toBe(0);
			const theirs = readFileSync(`${msgPath()}.sig`, 'utf8');
			rmSync(`${msgPath()}.sig`);
			const blobs = parseArmor(theirs);
			if (!blobs.ok) throw new Error(blobs.error.message);
			expect(formatArmor(blobs.value[0]!)).toBe(theirs);
		}
	});
});
