import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatKeyListing, keysAdd, keysList, keysRemove } from './keys.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/keys');
const pubPath = (t: string) => join(FIXTURES, `test-only-${t}.pub`);
const pubLine = (t: string) => readFileSync(pubPath(t), 'utf8').trim();
const lf = (t: string) => readFileSync(join(FIXTURES, `test-only-${t}.lf.txt`), 'utf8').trim();
const fp = (t: string) => lf(t).split(' ')[1]!;
const NOW = new Date(Date.UTC(2026, 10, 24));

let dir: string;
let paths: { systemPath: string; userPath: string };
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'hidfix-keys-'));
	paths = {
		systemPath: join(dir, 'etc', 'allowed_signers'),
		userPath: join(dir, 'config', 'hidfix', 'allowed_signers'),
	};
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('hidfix keys', () => {
	it('adds from a key line or a .pub file, and lists fingerprints exactly like ssh-keygen -lf', async () => {
		const a = await keysAdd({ ...paths, key: pubLine('ed25519'), principal: 'alice@example.org', now: NOW });
		const b = await keysAdd({
			...paths,
			key: pubPath('rsa-3072'),
			principal: '*@kernel.org',
			validBefore: new Date(Date.UTC(2030, 0, 1)),
			now: NOW,
		});
		expect([a.ok, b.ok]).toEqual([true, true]);
		const list = await keysList(paths);
		if (!list.ok) throw new Error(list.error.message);
		expect(list.value.map((k) => k.keygenLine)).toEqual([lf('ed25519'), lf('rsa-3072')]);
		expect(
			execFileSync('/usr/bin/ssh-keygen', ['-lf', pubPath('ed25519')], { encoding: 'utf8' }).trim(),
		).toBe(list.value[0]!.keygenLine);
		expect(list.value.map(formatKeyListing)).toEqual([
			`${lf('ed25519')}\talice@example.org [namespaces=hidfix]\t(user: ${paths.userPath}:1)`,
			`${lf('rsa-3072')}\t*@kernel.org [namespaces=hidfix valid-before=20300101000000Z]\t(user: ${paths.userPath}:2)`,
		]);
		expect(readFileSync(paths.userPath, 'utf8')).toBe(
			`alice@example.org namespaces="hidfix" ${pubLine('ed25519')}\n` +
				`*@kernel.org namespaces="hidfix",valid-before="20300101000000Z" ${pubLine('rsa-3072')}\n`,
		);
	});

	it('writes a store that ssh-keygen -Y verify accepts', async () => {
		await keysAdd({
			...paths,
			key: pubLine('ecdsa-p256'),
			principal: 'bob@example.org',
			validBefore: '20991231Z',
			now: NOW,
		});
		const r = spawnSync(
			'/usr/bin/ssh-keygen',
			[
				'-Y',
				'verify',
				'-f',
				paths.userPath,
				'-I',
				'bob@example.org',
				'-n',
				'hidfix',
				'-s',
				join(FIXTURES, 'test-only-ecdsa-p256.sig'),
			],
			{ input: readFileSync(join(FIXTURES, 'signed-message.txt')) },
		);
		expect(r.status).toBe(0);
	});

	it('refuses duplicates, bad principals, past expiry and non-keys', async () => {
		await keysAdd({ ...paths, key: pubLine('ed25519'), principal: 'alice@example.org', now: NOW });
		const code = async (o: Partial<Parameters<typeof keysAdd>[0]>) => {
			const r = await keysAdd({
				...paths,
				key: pubLine('ed25519'),
				principal: 'x@example.org',
				now: NOW,
				...o,
			});
			return r.ok ? 'ok' : r.error.code;
		};
		const privateKey = join(dir, 'id_ed25519');
		execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', privateKey]);
		const priv = await keysAdd({ ...paths, key: privateKey, principal: 'p', now: NOW });
		expect(priv.ok ? 'ok' : priv.error.message).toBe(
			`${privateKey} is a private key. Give the public key (the .pub file) instead.`,
		);
		expect({
			duplicate: await code({ principal: 'alice@example.org' }),
			spaces: await code({ principal: 'alice example' }),
			comma: await code({ principal: 'a,b' }),
			quote: await code({ principal: 'a"b' }),
			control: await code({ principal: 'a\u001b[31mb' }),
			past: await code({ validBefore: '20200101Z' }),
			badDate: await code({ validBefore: 'tomorrow' }),
			notAKey: await code({ key: join(FIXTURES, 'signed-message.txt') }),
			missingFile: await code({ key: join(dir, 'nope.pub') }),
			otherPrincipal: await code({}),
		}).toEqual({
			duplicate: 'key-exists',
			spaces: 'bad-input',
			comma: 'bad-input',
			quote: 'bad-input',
			control: 'bad-input',
			past: 'bad-input',
			badDate: 'bad-input',
			notAKey: 'bad-input',
			missingFile: 'bad-input',
			otherPrincipal: 'ok',
		});
	});

	it('removes by fingerprint or principal, keeping other lines byte for byte', async () => {
		mkdirSync(join(dir, 'config', 'hidfix'), { recursive: true });
		const original = `# my keys\nalice ${pubLine('ed25519')}\n\nbob,carol ${pubLine('ecdsa-p256')}\ndave ${pubLine('ed25519')}\n`;
		writeFileSync(paths.userPath, original, { mode: 0o644 });
		const byFp = await keysRemove({ ...paths, selector: fp('ed25519') });
		expect(byFp.ok && byFp.value.map((k) => [k.principals, k.line])).toEqual([
			['alice', 2],
			['dave', 5],
		]);
		expect(readFileSync(paths.userPath, 'utf8')).toBe(`# my keys\n\nbob,carol ${pubLine('ecdsa-p256')}\n`);
		const byPrincipal = await keysRemove({ ...paths, selector: 'carol' });
		expect(byPrincipal.ok && byPrincipal.value.map((k) => k.fingerprint)).toEqual([fp('ecdsa-p256')]);
		expect(readFileSync(paths.userPath, 'utf8')).toBe('# my keys\n\n');
	});

	it('explains when the key is only in the system store', async () => {
		mkdirSync(join(dir, 'etc'));
		writeFileSync(paths.systemPath, `distro ${pubLine('rsa-3072')}\n`, { mode: 0o644 });
		const r = await keysRemove({ ...paths, selector: fp('rsa-3072') });
		expect(r.ok ? 'ok' : [r.error.code, r.error.message]).toEqual([
			'key-not-found',
			`${fp('rsa-3072')} is trusted by the system store ${paths.systemPath}, which only an administrator can change.`,
		]);
		const none = await keysRemove({ ...paths, selector: 'nobody' });
		expect(none.ok ? 'ok' : none.error.message).toBe(
			'No trusted key matches nobody. See `hidfix keys list`.',
		);
		const list = await keysList(paths);
		expect(list.ok && list.value.map((k) => [k.source, k.fingerprint])).toEqual([['system', fp('rsa-3072')]]);
	});

	it('drops control characters from a key comment', async () => {
		const line = `${pubLine('ed25519').split(' ').slice(0, 2).join(' ')} evil\u001b]0;title\u0007name`;
		const r = await keysAdd({ ...paths, key: line, principal: 'e@example.org', now: NOW });
		expect(r.ok && r.value.keygenLine).toBe(`256 ${fp('ed25519')} evil]0;titlename (ED25519)`);
	});
});
