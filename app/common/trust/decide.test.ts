import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePublicKeyLine, type SshPublicKey } from '../ssh/public-key.js';
import type { VerifiedSignature } from '../ssh/verified.js';
import { parseAllowedSigners } from './allowed-signers.js';
import { decideTrust, type TrustStore } from './decide.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const read = (n: string) => readFileSync(join(FIXTURES, n), 'utf8');
function key(t: string): { key: SshPublicKey; line: string; fp: string } {
	const line = read(`test-only-${t}.pub`).trim();
	const r = parsePublicKeyLine(line);
	if (!r.ok) throw new Error(r.error.message);
	return { key: r.value.key, line, fp: read(`test-only-${t}.lf.txt`).split(' ')[1]! };
}
const ED = key('ed25519');
const EC = key('ecdsa-p256');
const RSA = key('rsa-3072');

const sig = (k: typeof ED, index = 0, namespace = 'hidfix'): VerifiedSignature => ({
	index,
	key: k.key,
	fingerprint: k.fp,
	namespace,
	hashAlg: 'sha512',
	signatureAlg: k.key.type === 'ssh-rsa' ? 'rsa-sha2-512' : k.key.type,
});
function store(text: string, source: 'system' | 'user' = 'user'): TrustStore {
	const r = parseAllowedSigners(text, '/home/u/.config/hidfix/allowed_signers');
	if (!r.ok) throw new Error(r.error.message);
	return { entries: r.value.map((e) => ({ ...e, source, path: '/home/u/.config/hidfix/allowed_signers' })) };
}
const NOW = new Date(Date.UTC(2026, 10, 24, 12, 0, 0));
const codeOf = (r: ReturnType<typeof decideTrust>) => (r.ok ? 'ok' : r.error.code);

describe('decideTrust', () => {
	it('names the principals that vouch', () => {
		const s = store(
			`alice@example.org,alice@kernel.org namespaces="hidfix" ${ED.line}\nbackup@example.org ${ED.line}\n`,
		);
		const r = decideTrust([sig(ED)], s, NOW);
		expect(
			r.ok &&
				r.value.vouchers.map((v) => [v.signature.fingerprint, v.principals, v.entries.map((e) => e.line)]),
		).toEqual([[ED.fp, ['alice@example.org', 'alice@kernel.org', 'backup@example.org'], [1, 2]]]);
	});

	it('fails closed on an invalid clock', () => {
		const r = decideTrust([sig(ED)], store(`a valid-before="20200101Z" ${ED.line}`), new Date(Number.NaN));
		expect(r.ok ? 'ok' : r.error.code).toBe('bad-input');
	});

	it('fails closed with no signatures', () => {
		const r = decideTrust([], store(`a ${ED.line}`), NOW);
		expect(r).toEqual({
			ok: false,
			error: {
				code: 'no-signatures',
				message: 'This bundle is not signed. hidfix only runs fixes signed by a key you trust.',
			},
		});
	});

	it('passes through signatures that did not verify', () => {
		const r = decideTrust(
			{
				verified: [],
				rejected: [{ index: 0, error: { code: 'sig-invalid', message: 'The signature does not match.' } }],
			},
			store(`a ${ED.line}`),
			NOW,
		);
		expect(r.ok ? 'ok' : [r.error.code, r.error.message]).toEqual([
			'no-signatures',
			'No signature on this bundle could be verified: The signature does not match.',
		]);
	});

	it('refuses an unknown key with an actionable message', () => {
		const r = decideTrust([sig(EC)], store(`a ${ED.line}`), NOW);
		expect(r.ok ? 'ok' : r.error.message).toBe(
			`This bundle was signed by ${EC.fp} which is not in your trusted keys. If you know the author, add their key with \`hidfix keys add\`.`,
		);
	});

	it('honours namespaces=, valid-after and valid-before (inclusive bounds)', () => {
		const at = (iso: string) => new Date(iso);
		expect({
			wrongNamespace: codeOf(decideTrust([sig(ED)], store(`a namespaces="git,file" ${ED.line}`), NOW)),
			negated: codeOf(decideTrust([sig(ED)], store(`a namespaces="*,!hidfix" ${ED.line}`), NOW)),
			pattern: codeOf(decideTrust([sig(ED)], store(`a namespaces="hid*" ${ED.line}`), NOW)),
			expired: codeOf(decideTrust([sig(ED)], store(`a valid-before="20260101Z" ${ED.line}`), NOW)),
			lastSecond: codeOf(decideTrust([sig(ED)], store(`a valid-before="20261124120000Z" ${ED.line}`), NOW)),
			oneSecondLate: codeOf(
				decideTrust(
					[sig(ED)],
					store(`a valid-before="20261124120000Z" ${ED.line}`),
					at('2026-11-24T12:00:01Z'),
				),
			),
			notYet: codeOf(decideTrust([sig(ED)], store(`a valid-after="20270101Z" ${ED.line}`), NOW)),
			firstSecond: codeOf(decideTrust([sig(ED)], store(`a valid-after="20261124120000Z" ${ED.line}`), NOW)),
		}).toEqual({
			wrongNamespace: 'wrong-namespace',
			negated: 'wrong-namespace',
			pattern: 'ok',
			expired: 'expired',
			lastSecond: 'ok',
			oneSecondLate: 'expired',
			notYet: 'not-yet-valid',
			firstSecond: 'ok',
		});
	});

	it('explains an expired key with file, line and date', () => {
		const r = decideTrust([sig(ED)], store(`# x\nalice valid-before="20260101Z" ${ED.line}`), NOW);
		expect(r.ok ? 'ok' : r.error.message).toBe(
			`The key ${ED.fp} (alice) expired at 2026-01-01T00:00:00Z (valid-before in /home/u/.config/hidfix/allowed_signers line 2). If you still trust it, re-add it with a later date using \`hidfix keys add\`.`,
		);
	});

	it('accepts when one of several signatures is trusted, and reports the others', () => {
		const s = store(`alice ${ED.line}\nold valid-before="20200101Z" ${RSA.line}\n`);
		const r = decideTrust(
			{
				verified: [sig(EC, 0), sig(ED, 1), sig(RSA, 2)],
				rejected: [{ index: 3, error: { code: 'sig-namespace', message: 'git' } }],
			},
			s,
			NOW,
		);
		expect(
			r.ok && {
				vouchers: r.value.vouchers.map((v) => v.signature.index),
				refused: r.value.refused.map((x) => [x.signature.index, x.refusal.code]),
				rejected: r.value.rejected.map((x) => x.index),
			},
		).toEqual({
			vouchers: [1],
			refused: [
				[0, 'unknown-key'],
				[2, 'expired'],
			],
			rejected: [3],
		});
	});

	it('prefers the most specific reason when nobody vouches', () => {
		const s = store(`old valid-before="20200101Z" ${RSA.line}\n`);
		const r = decideTrust([sig(EC, 0), sig(RSA, 1)], s, NOW);
		expect(r.ok ? 'ok' : [r.error.code, r.error.detail]).toEqual([
			'expired',
			`signature 1: ${EC.fp}: unknown-key\nsignature 2: ${RSA.fp}: expired`,
		]);
	});

	it('accepts a key from a later entry when an earlier one for the same key has expired', () => {
		const s = store(`a valid-before="20200101Z" ${ED.line}\nb ${ED.line}\n`);
		const r = decideTrust([sig(ED)], s, NOW);
		expect(r.ok && r.value.vouchers[0]?.principals).toEqual(['b']);
	});
});
