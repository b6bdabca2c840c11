import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatArmor, parseArmor } from '../../common/ssh/armor.js';
import { parseSshsigBlob, encodeSshsigBlob } from '../../common/ssh/sshsig.js';
import { ecdsaP256KeyFromPoint } from '../../common/ssh/public-key.js';
import { signSshsigNative } from './sign-native.js';
import { verifySignatures } from './verify.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const read = (n: string) => readFileSync(join(FIXTURES, n), 'utf8');
const message = new Uint8Array(readFileSync(join(FIXTURES, 'signed-message.txt')));
const TYPES = ['ed25519', 'ecdsa-p256', 'rsa-3072'] as const;
const outcome = (r: ReturnType<typeof verifySignatures>) =>
	r.ok
		? {
				verified: r.value.verified.map((v) => v.fingerprint),
				rejected: r.value.rejected.map((x) => x.error.code),
			}
		: r.error.code;

/** Re-armors a fixture signature after `mutate` changed its decoded blob. */
function mutated(name: string, mutate: (blob: Uint8Array) => Uint8Array): string {
	const blobs = parseArmor(read(name));
	if (!blobs.ok) throw new Error(blobs.error.message);
	return formatArmor(mutate(blobs.value[0]!.slice()));
}

describe('verifySignatures (golden ssh-keygen signatures)', () => {
	it.each(TYPES)('%s: verifies and reports the ssh-keygen fingerprint', (t) => {
		const fp = read(`test-only-${t}.lf.txt`).split(' ')[1]!;
		expect(outcome(verifySignatures(message, read(`test-only-${t}.sig`), 'hidfix'))).toEqual({
			verified: [fp],
			rejected: [],
		});
	});

	it.each(TYPES)('%s: a flipped bit in the signature is sig-invalid', (t) => {
		const sig = mutated(`test-only-${t}.sig`, (b) => {
			b[b.length - 5]! ^= 0x01;
			return b;
		});
		expect(outcome(verifySignatures(message, sig, 'hidfix'))).toBe('sig-invalid');
	});

	it.each(TYPES)('%s: a changed message is sig-invalid', (t) => {
		const changed = message.slice();
		changed[changed.length - 2]! ^= 0x20;
		expect(outcome(verifySignatures(changed, read(`test-only-${t}.sig`), 'hidfix'))).toBe('sig-invalid');
		expect(outcome(verifySignatures(message.subarray(1), read(`test-only-${t}.sig`), 'hidfix'))).toBe(
			'sig-invalid',
		);
	});

	it('refuses a git signature by the same key, and a hidfix signature checked as git', () => {
		expect(outcome(verifySignatures(message, read('test-only-ed25519.git-namespace.sig'), 'hidfix'))).toBe(
			'sig-namespace',
		);
		expect(outcome(verifySignatures(message, read('test-only-ed25519.sig'), 'git'))).toBe('sig-namespace');
	});

	it('refuses a signature relabelled with another hash algorithm', () => {
		const sig = mutated('test-only-ed25519.sig', (b) => {
			const p = parseSshsigBlob(b);
			if (!p.ok) throw new Error('fixture');
			return encodeSshsigBlob({ ...p.value, hashAlg: 'sha256' });
		});
		expect(outcome(verifySignatures(message, sig, 'hidfix'))).toBe('sig-invalid');
	});

	it('refuses a key swapped into a valid blob', () => {
		const { publicKey } = generateKeyPairSync('ed25519');
		const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
		const sig = mutated('test-only-ed25519.sig', (b) => {
			b.set(raw, 6 + 4 + 4 + 4 + 11 + 4); // magic, version, key length, type length, type, pk length
			return b;
		});
		expect(outcome(verifySignatures(message, sig, 'hidfix'))).toBe('sig-invalid');
	});

	it('refuses a P-256 point that is not on the curve', () => {
		const sig = mutated('test-only-ecdsa-p256.sig', (b) => {
			const p = parseSshsigBlob(b);
			if (!p.ok || p.value.publicKey.type !== 'ecdsa-sha2-nistp256') throw new Error('fixture');
			const point = p.value.publicKey.point.slice();
			point[64]! ^= 1;
			return encodeSshsigBlob({ ...p.value, publicKey: ecdsaP256KeyFromPoint(point) });
		});
		expect(outcome(verifySignatures(message, sig, 'hidfix'))).toBe('sig-public-key');
	});

	it('accepts when one of several signatures verifies and reports the rest', () => {
		const text =
			read('test-only-ed25519.git-namespace.sig') +
			read('test-only-rsa-3072.sig') +
			read('test-only-ecdsa-p256.sig');
		const r = verifySignatures(message, text, 'hidfix');
		expect(
			r.ok && {
				v: r.value.verified.map((x) => [x.index, x.key.type, x.signatureAlg]),
				r: r.value.rejected.map((x) => [x.index, x.error.code, x.fingerprint]),
			},
		).toEqual({
			v: [
				[1, 'ssh-rsa', 'rsa-sha2-512'],
				[2, 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256'],
			],
			r: [[0, 'sig-namespace', read('test-only-ed25519.lf.txt').split(' ')[1]]],
		});
	});

	it('fails with the first error and details of every signature when none verifies', () => {
		const text = read('test-only-ed25519.git-namespace.sig') + read('test-only-rsa-3072.sig');
		const r = verifySignatures(message.subarray(2), text, 'hidfix');
		expect(r.ok ? 'ok' : [r.error.code, r.error.detail?.split('\n').map((l) => l.split(': ')[1])]).toEqual([
			'sig-namespace',
			['sig-namespace', 'sig-invalid'],
		]);
	});

	it('verifies rsa-sha2-256 signatures (allowed by OpenSSH) made natively', () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const sig = signSshsigNative({ message, privateKey, namespace: 'hidfix', rsaAlg: 'rsa-sha2-256' });
		if (!sig.ok) throw new Error(sig.error.message);
		const r = verifySignatures(message, sig.value, 'hidfix');
		expect(r.ok && r.value.verified[0]?.signatureAlg).toBe('rsa-sha2-256');
	});

	it.each(TYPES)('%s: random corruption of the blob never throws and never verifies', (t) => {
		let seed = 7;
		const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
		const blobs = parseArmor(read(`test-only-${t}.sig`));
		if (!blobs.ok) throw new Error('fixture');
		const codes = new Set<string>();
		for (let i = 0; i < 600; i++) {
			const b = blobs.value[0]!.slice();
			for (let f = 1 + rand(3); f > 0; f--) b[rand(b.length)]! ^= 1 + rand(255); // always a real change
			const r = verifySignatures(message, formatArmor(b), 'hidfix');
			codes.add(r.ok ? 'ok' : r.error.code);
		}
		expect(codes.has('ok')).toBe(false);
	});
});
