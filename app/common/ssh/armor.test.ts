import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatArmor, MAX_SIGNATURES, parseArmor } from './armor.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const ed = readFileSync(join(FIXTURES, 'test-only-ed25519.sig'), 'utf8');
const rsa = readFileSync(join(FIXTURES, 'test-only-rsa-3072.sig'), 'utf8');

const codeOf = (text: string) => {
	const r = parseArmor(text);
	return r.ok ? `ok:${r.value.length}` : r.error.code;
};

describe('SSHSIG armor', () => {
	it('round-trips ssh-keygen output byte for byte', () => {
		for (const text of [ed, rsa]) {
			const blobs = parseArmor(text);
			expect(blobs.ok && formatArmor(blobs.value[0]!)).toBe(text);
		}
	});

	it('reads several blocks, CRLF and surrounding blank lines', () => {
		expect([
			codeOf(ed + rsa),
			codeOf(`\n\n${ed}\n${rsa}\n`),
			codeOf((ed + rsa).replace(/\n/g, '\r\n')),
		]).toEqual(['ok:2', 'ok:2', 'ok:2']);
	});

	it('refuses what is not armor', () => {
		expect([
			codeOf(''),
			codeOf('hello'),
			codeOf(`junk\n${ed}`),
			codeOf(ed.replace('-----END SSH SIGNATURE-----', '')),
			codeOf(ed.replace('U1NI', 'U1N!')),
			codeOf(ed.replace(/\n-----END/, '==\n-----END')),
			codeOf(`${ed.split('\n')[0]}\n${ed}`),
			codeOf('-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n'),
			codeOf(ed.repeat(MAX_SIGNATURES + 1)),
			codeOf(' '.repeat((1 << 20) + 1)),
		]).toEqual(Array(10).fill('sig-armor'));
	});
});
