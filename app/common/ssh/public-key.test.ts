import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPublicKeyLine, keyBits, keyTypeLabel, parsePublicKeyLine } from './public-key.js';
import { base64Encode } from './base64.js';
import { SshWriter } from './wire.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const codeOf = (line: string) => {
	const r = parsePublicKeyLine(line);
	return r.ok ? 'ok' : r.error.code;
};

describe('public key lines', () => {
	it('reads the three supported types and writes them back', () => {
		const out = ['ed25519', 'ecdsa-p256', 'rsa-3072'].map((t) => {
			const text = fixture(`test-only-${t}.pub`);
			const r = parsePublicKeyLine(text);
			if (!r.ok) throw new Error(r.error.message);
			expect(`${formatPublicKeyLine(r.value.key, r.value.comment)}\n`).toBe(text);
			return [r.value.key.type, keyBits(r.value.key), keyTypeLabel(r.value.key), r.value.comment];
		});
		expect(out).toEqual([
			['ssh-ed25519', 256, 'ED25519', 'test-only-ed25519@hidfix.invalid'],
			['ecdsa-sha2-nistp256', 256, 'ECDSA', 'test-only-ecdsa-p256@hidfix.invalid'],
			['ssh-rsa', 3072, 'RSA', 'test-only-rsa-3072@hidfix.invalid'],
		]);
	});

	it('refuses mismatched, unsupported and malformed keys', () => {
		const ed = fixture('test-only-ed25519.pub').split(' ')[1]!;
		const smallRsa = new SshWriter()
			.string('ssh-rsa')
			.positiveMpint(new Uint8Array([1, 0, 1]))
			.positiveMpint(new Uint8Array(128).fill(0xc1))
			.bytes();
		const rsaWith = (e: number[]) =>
			new SshWriter()
				.string('ssh-rsa')
				.positiveMpint(new Uint8Array(e))
				.positiveMpint(new Uint8Array(256).fill(0xc1))
				.bytes();
		const p384 = new SshWriter()
			.string('ecdsa-sha2-nistp384')
			.string('nistp384')
			.string(new Uint8Array(97))
			.bytes();
		const edTrailing = new SshWriter().string('ssh-ed25519').string(new Uint8Array(32)).u32(0).bytes();
		expect({
			noComment: codeOf(`ssh-ed25519 ${ed}`),
			typeMismatch: codeOf(`ssh-rsa ${ed}`),
			badBase64: codeOf(`ssh-ed25519 ${ed.slice(1)}`),
			oneField: codeOf('ssh-ed25519'),
			smallRsa: codeOf(`ssh-rsa ${base64Encode(smallRsa)}`),
			p384: codeOf(`ecdsa-sha2-nistp384 ${base64Encode(p384)}`),
			trailing: codeOf(`ssh-ed25519 ${base64Encode(edTrailing)}`),
			rsaE1: codeOf(`ssh-rsa ${base64Encode(rsaWith([1]))}`),
			rsaEven: codeOf(`ssh-rsa ${base64Encode(rsaWith([1, 0, 0]))}`),
			rsaE3: codeOf(`ssh-rsa ${base64Encode(rsaWith([3]))}`),
		}).toEqual({
			noComment: 'ok',
			typeMismatch: 'sig-public-key',
			badBase64: 'sig-public-key',
			oneField: 'sig-public-key',
			smallRsa: 'sig-key-type',
			p384: 'sig-key-type',
			trailing: 'sig-public-key',
			rsaE1: 'sig-public-key',
			rsaEven: 'sig-public-key',
			rsaE3: 'ok',
		});
	});
});
