// Our trust decision against `ssh-keygen -Y verify` on the same allowed_signers file and instant:
// expired / not-yet-valid / wrong-namespace / unknown-key must agree with OpenSSH 9.2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowedSigners } from '../../common/trust/allowed-signers.js';
import { decideTrust } from '../../common/trust/decide.js';
import { verifySignatures } from '../ssh/verify.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const read = (n: string) => readFileSync(join(FIXTURES, n), 'utf8');
const message = new Uint8Array(readFileSync(join(FIXTURES, 'signed-message.txt')));
const ED = read('test-only-ed25519.pub').trim();
const EC = read('test-only-ecdsa-p256.pub').trim();
const P = 'alice@example.org';

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'hidfix-verdict-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** OpenSSH's verdict: 'ok' when `ssh-keygen -Y verify` exits 0. */
function openssh(allowed: string, sigFile: string, when: string, tz?: string): 'ok' | 'refused' {
	const a = join(dir, 'allowed_signers');
	writeFileSync(a, allowed);
	const r = spawnSync(
		'/usr/bin/ssh-keygen',
		[
			'-Y',
			'verify',
			'-f',
			a,
			'-I',
			P,
			'-n',
			'hidfix',
			'-s',
			join(FIXTURES, sigFile),
			`-Overify-time=${when}`,
		],
		{ input: message, env: tz === undefined ? process.env : { ...process.env, TZ: tz } },
	);
	return r.status === 0 ? 'ok' : 'refused';
}

function ours(allowed: string, sigFile: string, when: string): string {
	const report = verifySignatures(message, read(sigFile), 'hidfix');
	if (!report.ok) return report.error.code;
	const entries = parseAllowedSigners(allowed, 'allowed_signers');
	if (!entries.ok) throw new Error(entries.error.message);
	const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(when)!;
	const now = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
	const store = {
		entries: entries.value.map((e) => ({ ...e, source: 'user' as const, path: 'allowed_signers' })),
	};
	const d = decideTrust(report.value, store, now);
	return d.ok ? 'ok' : d.error.code;
}

const NOW = '20261124120000Z';
const CASES: [name: string, allowed: string, sig: string, when: string, expected: string][] = [
	['plain entry', `${P} ${ED}`, 'test-only-ed25519.sig', NOW, 'ok'],
	['namespaces allows hidfix', `${P} namespaces="git,hidfix" ${ED}`, 'test-only-ed25519.sig', NOW, 'ok'],
	['namespaces pattern', `${P} namespaces="hid*" ${ED}`, 'test-only-ed25519.sig', NOW, 'ok'],
	['namespaces git only', `${P} namespaces="git" ${ED}`, 'test-only-ed25519.sig', NOW, 'wrong-namespace'],
	[
		'namespaces negated',
		`${P} namespaces="*,!hidfix" ${ED}`,
		'test-only-ed25519.sig',
		NOW,
		'wrong-namespace',
	],
	['expired (date)', `${P} valid-before="20260101Z" ${ED}`, 'test-only-ed25519.sig', NOW, 'expired'],
	[
		'expired by one second',
		`${P} valid-before="20261124115959Z" ${ED}`,
		'test-only-ed25519.sig',
		NOW,
		'expired',
	],
	['valid-before now', `${P} valid-before="20261124120000Z" ${ED}`, 'test-only-ed25519.sig', NOW, 'ok'],
	['expired (local time)', `${P} valid-before="202601010000" ${ED}`, 'test-only-ed25519.sig', NOW, 'expired'],
	['not yet valid', `${P} valid-after="20270101Z" ${ED}`, 'test-only-ed25519.sig', NOW, 'not-yet-valid'],
	['valid-after now', `${P} valid-after="20261124120000Z" ${ED}`, 'test-only-ed25519.sig', NOW, 'ok'],
	[
		'window',
		`${P} valid-after="20260101",valid-before="20270101" ${EC}`,
		'test-only-ecdsa-p256.sig',
		NOW,
		'ok',
	],
	['unknown key', `${P} ${ED}`, 'test-only-ecdsa-p256.sig', NOW, 'unknown-key'],
	[
		'expired then renewed',
		`${P} valid-before="20200101Z" ${ED}\n${P} ${ED}`,
		'test-only-ed25519.sig',
		NOW,
		'ok',
	],
	['git signature', `${P} ${ED}`, 'test-only-ed25519.git-namespace.sig', NOW, 'sig-namespace'],
];

describe('trust verdicts agree with ssh-keygen -Y verify', () => {
	it.each(CASES)('%s', (_name, allowed, sig, when, expected) => {
		const mine = ours(`${allowed}\n`, sig, when);
		expect([mine, openssh(`${allowed}\n`, sig, when)]).toEqual([
			expected,
			expected === 'ok' ? 'ok' : 'refused',
		]);
	});
});

describe('local-time (no Z) timestamps agree with ssh-keygen in another time zone', () => {
	const saved = process.env['TZ'];
	afterAll(() => {
		if (saved === undefined) delete process.env['TZ'];
		else process.env['TZ'] = saved;
	});
	// Asia/Kolkata is UTC+05:30 all year: 17:00 there is 11:30Z, 18:00 is 12:30Z; NOW is 12:00Z.
	it.each([
		['202611241700', 'expired'],
		['202611241800', 'ok'],
	])('valid-before="%s" in Asia/Kolkata is %s', (local, expected) => {
		process.env['TZ'] = 'Asia/Kolkata';
		const allowed = `${P} valid-before="${local}" ${ED}\n`;
		expect([
			ours(allowed, 'test-only-ed25519.sig', NOW),
			openssh(allowed, 'test-only-ed25519.sig', NOW, 'Asia/Kolkata'),
		]).toEqual([expected, expected === 'ok' ? 'ok' : 'refused']);
	});
});

describe('vouching principals agree with ssh-keygen', () => {
	it("names find-principals' principals, and each one passes ssh-keygen -Y verify -I", () => {
		const allowed = [
			`alice@example.org,alice@kernel.org namespaces="hidfix" ${ED}`,
			`!mallory,backup@example.org ${ED}`,
			`old valid-before="20200101Z" ${ED}`,
			`gitonly namespaces="git" ${ED}`,
			`other ${EC}`,
		].join('\n');
		const a = join(dir, 'allowed_signers');
		writeFileSync(a, `${allowed}\n`);
		const found = spawnSync('/usr/bin/ssh-keygen', [
			'-Y',
			'find-principals',
			'-f',
			a,
			'-s',
			join(FIXTURES, 'test-only-ed25519.sig'),
			`-Overify-time=${NOW}`,
		]);
		const theirs = found.stdout.toString().trim().split('\n');
		const report = verifySignatures(message, read('test-only-ed25519.sig'), 'hidfix');
		const entries = parseAllowedSigners(allowed, a);
		if (!report.ok || !entries.ok) throw new Error('fixture');
		const store = { entries: entries.value.map((e) => ({ ...e, source: 'user' as const, path: a })) };
		const d = decideTrust(report.value, store, new Date(Date.UTC(2026, 10, 24, 12)));
		const mine = d.ok ? [...d.value.vouchers[0]!.principals] : [];
		expect(mine).toEqual(['alice@example.org', 'alice@kernel.org', 'backup@example.org']);
		expect(theirs.every((p) => mine.includes(p))).toBe(true);
		// ssh-keygen's own verdict for one principal against the same allowed_signers file.
		const keygenVerdict = (principal: string) =>
			spawnSync(
				'/usr/bin/ssh-keygen',
				[
					'-Y',
					'verify',
					'-f',
					a,
					'-I',
					principal,
					'-n',
					'hidfix',
					'-s',
					join(FIXTURES, 'test-only-ed25519.sig'),
					`-Overify-time=${NOW}`,
				],
				{ input: message },
			).status;
		const verdicts = mine.map(keygenVerdict);
		expect(verdicts).toEqual([0, 0, 0]);
		const refused = ['old', 'gitonly', 'mallory', 'other'].map(keygenVerdict);
		expect(refused).toEqual([255, 255, 255, 255]);
	});
});
