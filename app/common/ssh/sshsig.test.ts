import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArmor } from './armor.js';
import { base64Decode } from './base64.js';
import { parsePublicKeyLine } from './public-key.js';
import { checkNamespace, encodeSshsigBlob, parseSshsigBlob, sshsigSignedData } from './sshsig.js';
import { SshWriter } from './wire.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
function blobOf(name: string): Uint8Array {
	const r = parseArmor(fixture(name));
	if (!r.ok) throw new Error(r.error.message);
	return r.value[0]!;
}
const edKey = () => {
	const r = parsePublicKeyLine(fixture('test-only-ed25519.pub'));
	if (!r.ok) throw new Error(r.error.message);
	return r.value.key;
};

interface Fields {
	magic?: string;
	version?: number;
	key?: Uint8Array;
	namespace?: string;
	reserved?: Uint8Array;
	hashAlg?: string;
	sigAlg?: string;
	sig?: Uint8Array;
	trailing?: Uint8Array;
}
/** A hand-built blob (ed25519 shaped unless overridden) for hostile cases. */
function build(f: Fields = {}): Uint8Array {
	const w = new SshWriter()
		.raw(new TextEncoder().encode(f.magic ?? 'SSHSIG'))
		.u32(f.version ?? 1)
		.string(f.key ?? edKey().blob)
		.string(f.namespace ?? 'hidfix')
		.string(f.reserved ?? new Uint8Array(0))
		.string(f.hashAlg ?? 'sha512')
		.string(
			new SshWriter()
				.string(f.sigAlg ?? 'ssh-ed25519')
				.string(f.sig ?? new Uint8Array(64))
				.bytes(),
		);
	if (f.trailing) w.raw(f.trailing);
	return w.bytes();
}
const codeOf = (b: Uint8Array) => {
	const r = parseSshsigBlob(b);
	return r.ok ? 'ok' : r.error.code;
};

describe('SSHSIG blob', () => {
	it('parses ssh-keygen signatures of each key type', () => {
		const parsed = ['test-only-ed25519.sig', 'test-only-ecdsa-p256.sig', 'test-only-rsa-3072.sig'].map(
			(n) => {
				const r = parseSshsigBlob(blobOf(n));
				if (!r.ok) throw new Error(r.error.message);
				return [r.value.publicKey.type, r.value.namespace, r.value.hashAlg, r.value.signature.alg];
			},
		);
		expect(parsed).toEqual([
			['ssh-ed25519', 'hidfix', 'sha512', 'ssh-ed25519'],
			['ecdsa-sha2-nistp256', 'hidfix', 'sha512', 'ecdsa-sha2-nistp256'],
			['ssh-rsa', 'hidfix', 'sha512', 'rsa-sha2-512'],
		]);
	});

	it('re-encodes ssh-keygen blobs byte for byte', () => {
		for (const n of ['test-only-ed25519.sig', 'test-only-ecdsa-p256.sig', 'test-only-rsa-3072.sig']) {
			const blob = blobOf(n);
			const r = parseSshsigBlob(blob);
			expect(r.ok && encodeSshsigBlob(r.value)).toEqual(blob);
		}
	});

	it('checks the namespace', () => {
		const r = parseSshsigBlob(blobOf('test-only-ed25519.git-namespace.sig'));
		if (!r.ok) throw new Error(r.error.message);
		const ns = checkNamespace(r.value, 'hidfix');
		expect(ns.ok ? 'ok' : ns.error).toEqual({
			code: 'sig-namespace',
			message:
				'This signature was made for "git", not for "hidfix". Ask the author to sign with `ssh-keygen -Y sign -n hidfix`.',
		});
	});

	it('clips attacker-chosen names in messages', () => {
		const r = parseSshsigBlob(build({ namespace: 'x'.repeat(5000) }));
		if (!r.ok) throw new Error(r.error.message);
		const ns = checkNamespace(r.value, 'hidfix');
		expect(ns.ok ? 0 : ns.error.message.length).toBeLessThan(200);
	});

	it('builds the exact signed data of PROTOCOL.sshsig', () => {
		const digest = new Uint8Array([1, 2, 3]);
		const expected = [
			...new TextEncoder().encode('SSHSIG'),
			0, 0, 0, 6, ...new TextEncoder().encode('hidfix'),
			0, 0, 0, 0,
			0, 0, 0, 6, ...new TextEncoder().encode('sha512'),
			0, 0, 0, 3, 1, 2, 3,
		]; // prettier-ignore
		expect(sshsigSignedData('hidfix', 'sha512', digest)).toEqual(new Uint8Array(expected));
	});

	it('gives each hostile field its typed error', () => {
		const rsaKey = parsePublicKeyLine(fixture('test-only-rsa-3072.pub'));
		if (!rsaKey.ok) throw new Error('fixture');
		const dss = new SshWriter().string('ssh-dss').string(new Uint8Array(4)).bytes();
		expect({
			valid: codeOf(build()),
			magic: codeOf(build({ magic: 'SSHSIH' })),
			version0: codeOf(build({ version: 0 })),
			version2: codeOf(build({ version: 2 })),
			hashMd5: codeOf(build({ hashAlg: 'md5' })),
			hashSha1: codeOf(build({ hashAlg: 'sha1' })),
			reserved: codeOf(build({ reserved: new Uint8Array([1]) })),
			trailing: codeOf(build({ trailing: new Uint8Array([0]) })),
			dss: codeOf(build({ key: dss })),
			certKey: codeOf(build({ key: new SshWriter().string('ssh-ed25519-cert-v01@openssh.com').bytes() })),
			edWithEcdsaAlg: codeOf(build({ sigAlg: 'ecdsa-sha2-nistp256' })),
			rsaSha1: codeOf(build({ key: rsaKey.value.key.blob, sigAlg: 'ssh-rsa', sig: new Uint8Array(384) })),
			shortEdSig: codeOf(build({ sig: new Uint8Array(63) })),
			binaryNamespace: codeOf(build({ namespace: 'hid\nfix' })),
		}).toEqual({
			valid: 'ok',
			magic: 'sig-blob',
			version0: 'sig-version',
			version2: 'sig-version',
			hashMd5: 'sig-hash-alg',
			hashSha1: 'sig-hash-alg',
			reserved: 'sig-blob',
			trailing: 'sig-blob',
			dss: 'sig-key-type',
			certKey: 'sig-key-type',
			edWithEcdsaAlg: 'sig-alg',
			rsaSha1: 'sig-alg',
			shortEdSig: 'sig-blob',
			binaryNamespace: 'sig-blob',
		});
	});

	it('turns every truncation of a real blob into a typed error', () => {
		for (const n of ['test-only-ed25519.sig', 'test-only-ecdsa-p256.sig', 'test-only-rsa-3072.sig']) {
			const blob = blobOf(n);
			const codes = new Set<string>();
			for (let len = 0; len < blob.length; len++) codes.add(codeOf(blob.subarray(0, len)));
			expect(codes.has('ok')).toBe(false);
		}
	});

	it('never throws on random corruption (huge lengths, flipped bits)', () => {
		let seed = 0x1234567;
		const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
		const base = blobOf('test-only-ecdsa-p256.sig');
		let outcomes = 0;
		for (let i = 0; i < 3000; i++) {
			const b = base.slice();
			const flips = 1 + Math.floor(rand() * 4);
			for (let f = 0; f < flips; f++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
			if (rand() < 0.3) b.set([0xff, 0xff, 0xff, 0xf0], Math.floor(rand() * (b.length - 4)));
			const r = parseSshsigBlob(b);
			if (typeof r.ok === 'boolean') outcomes++;
		}
		expect(outcomes).toBe(3000);
	});

	it('reads an ecdsa signature whose r or s needs a sign byte', () => {
		const b64 = fixture('test-only-ecdsa-p256.pub').split(' ')[1]!;
		const key = base64Decode(b64)!;
		const mp = (first: number) => {
			const v = new Uint8Array(33);
			v[1] = first;
			return v;
		};
		const rs = new SshWriter().u32(33).raw(mp(0x80)).u32(33).raw(mp(0xff)).bytes();
		const r = parseSshsigBlob(build({ key, sigAlg: 'ecdsa-sha2-nistp256', sig: rs }));
		expect(r.ok && r.value.signature.alg === 'ecdsa-sha2-nistp256' && r.value.signature.p1363[0]).toBe(0x80);
		const tooLong = new SshWriter()
			.u32(34)
			.raw(new Uint8Array([0, ...mp(0x80)]))
			.u32(1)
			.raw(new Uint8Array([1]))
			.bytes();
		expect(codeOf(build({ key, sigAlg: 'ecdsa-sha2-nistp256', sig: tooLong }))).toBe('sig-blob');
	});
});
