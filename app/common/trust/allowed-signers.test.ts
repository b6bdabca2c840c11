import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAllowedSigner, parseAllowedSigners } from './allowed-signers.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const pub = (t: string) => readFileSync(join(FIXTURES, `test-only-${t}.pub`), 'utf8').trim();
const ED = pub('ed25519').split(' ').slice(0, 2).join(' ');
const EC = pub('ecdsa-p256');

function parseOk(text: string) {
	const r = parseAllowedSigners(text, 'signers');
	if (!r.ok) throw new Error(r.error.message);
	return r.value.map((e) => ({
		line: e.line,
		principals: e.principals,
		namespaces: e.namespaces,
		validAfter: e.validAfter?.text,
		validBefore: e.validBefore?.text,
		type: e.key.type,
		comment: e.comment,
	}));
}
const errorOf = (text: string) => {
	const r = parseAllowedSigners(text, 'signers');
	return r.ok ? 'ok' : r.error.message;
};

describe('allowed_signers', () => {
	it('parses principals, options, comments and blank lines', () => {
		const text = [
			'# trusted hidfix authors',
			'',
			`alice@example.org ${ED}`,
			`"bob@example.org,*@kernel.org" namespaces="hidfix,git",valid-after="20240101",valid-before="20301231235959Z" ${EC}`,
			`   carol NAMESPACES="hid*",Valid-Before="202512310000z" ${ED} carol's laptop  `,
			'\t# indented comment',
		].join('\n');
		expect(parseOk(text)).toEqual([
			{
				line: 3,
				principals: 'alice@example.org',
				namespaces: undefined,
				validAfter: undefined,
				validBefore: undefined,
				type: 'ssh-ed25519',
				comment: '',
			},
			{
				line: 4,
				principals: 'bob@example.org,*@kernel.org',
				namespaces: 'hidfix,git',
				validAfter: '20240101',
				validBefore: '20301231235959Z',
				type: 'ecdsa-sha2-nistp256',
				comment: 'test-only-ecdsa-p256@hidfix.invalid',
			},
			{
				line: 5,
				principals: 'carol',
				namespaces: 'hid*',
				validAfter: undefined,
				validBefore: '202512310000z',
				type: 'ssh-ed25519',
				comment: "carol's laptop",
			},
		]);
	});

	it('reports each bad line with its number', () => {
		expect({
			certAuthority: errorOf(`# x\nalice cert-authority ${ED}`),
			certAuthorityWithOthers: errorOf(`alice namespaces="hidfix",cert-authority ${ED}`),
			unquoted: errorOf(`alice namespaces=hidfix ${ED}`),
			unknownOption: errorOf(`alice no-touch-required ${ED}`),
			twice: errorOf(`alice namespaces="a",namespaces="b" ${ED}`),
			badTime: errorOf(`alice valid-before="2024010112" ${ED}`),
			badDate: errorOf(`alice valid-before="20240230" ${ED}`),
			noKey: errorOf('alice'),
			dss: errorOf('alice ssh-dss AAAAB3NzaC1kc3MAAACBAP8='),
			badBase64: errorOf(`alice ssh-ed25519 AAAA!`),
			typeMismatch: errorOf(`alice ssh-rsa ${ED.split(' ')[1]}`),
			openQuote: errorOf(`"alice ${ED}`),
			trailingComma: errorOf(`alice namespaces="x", ${ED}`),
		}).toEqual({
			certAuthority:
				'signers line 2: cert-authority (SSH certificates) is not supported by hidfix; list the signer\u2019s own key instead',
			certAuthorityWithOthers:
				'signers line 1: cert-authority (SSH certificates) is not supported by hidfix; list the signer\u2019s own key instead',
			unquoted: 'signers line 1: namespaces value must be in double quotes',
			unknownOption: 'signers line 1: unknown option "no-touch-required"',
			twice: 'signers line 1: namespaces given twice',
			badTime: 'signers line 1: valid-before "2024010112" is not YYYYMMDD[HHMM[SS]][Z]',
			badDate: 'signers line 1: valid-before "20240230" is not YYYYMMDD[HHMM[SS]][Z]',
			noKey: 'signers line 1: missing public key',
			dss: 'signers line 1: key type ssh-dss is not supported (use ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa)',
			badBase64: 'signers line 1: public key is not valid base64',
			typeMismatch: 'signers line 1: key type ssh-rsa does not match the key (ssh-ed25519)',
			openQuote: 'signers line 1: unterminated quote in principals',
			trailingComma: 'signers line 1: options end with a comma',
		});
	});

	it('formats lines that parse back to the same entry', () => {
		const text = `"a b" namespaces="hidfix",valid-after="20240101",valid-before="20301231235959Z" ${EC}`;
		const r = parseAllowedSigners(text);
		if (!r.ok) throw new Error(r.error.message);
		expect(formatAllowedSigner(r.value[0]!)).toBe(text);
		const again = parseAllowedSigners(formatAllowedSigner(r.value[0]!));
		expect(again).toEqual(r);
	});

	it('never throws on random lines', () => {
		let seed = 42;
		const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
		const alphabet = ' \t",=#!*?abcnamespacesvalid-beforeafter0123456789Z' + ED;
		let results = 0;
		for (let i = 0; i < 2000; i++) {
			let line = rand(3) === 0 ? `a namespaces="x" ${ED}` : '';
			for (let j = rand(80); j > 0; j--) {
				const at = rand(line.length + 1);
				line = line.slice(0, at) + alphabet[rand(alphabet.length)] + line.slice(at);
			}
			const r = parseAllowedSigners(line);
			if (typeof r.ok === 'boolean') results++;
		}
		expect(results).toBe(2000);
	});
});
