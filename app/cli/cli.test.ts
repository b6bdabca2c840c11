/**
 * The `hidfix` CLI, run in-process against the golden bundles and temp trust stores, and `pack`
 * through the real ssh-keygen.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, goldenContents } from '../test/fixtures/bundles/kit.js';
import { EXIT } from './exit-codes.js';
import { runCli } from './run.js';

const KEYS = join(FIXTURES, 'keys');
const NOW = '2026-11-24T15:00:00Z';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-cli-'));
	let out = '';
	let err = '';
	const code = await runCli(argv, {
		out: (t) => (out += t),
		err: (t) => (err += t),
		env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state'), ...env },
		cwd: dir,
		now: () => new Date(NOW),
		systemDir: join(dir, 'etc'),
	});
	return { code, out, err, dir };
}
const trusted = ['--system-keys', join(KEYS, 'allowed_signers')];
const bundle = (name: string) => join(FIXTURES, name);

describe('hidfix verify', () => {
	it('accepts a golden bundle from a trusted key (exit 0)', async () => {
		const r = await cli(['verify', ...trusted, bundle('kamvas.hidfix')]);
		expect([r.code, r.out]).toEqual([
			0,
			expect.stringMatching(
				/^OK: org\.hidfix\.test\.huion-kamvas-pro-19 1\.0\.0 .*test-only-author@hidfix\.invalid \(SHA256:/,
			),
		]);
	});

	it.each([
		[[bundle('kamvas.hidfix')], EXIT.untrusted, 'signature-untrusted'],
		[['--now', '2027-03-01T00:00:00Z', ...trusted, bundle('kamvas.hidfix')], EXIT.validity, 'bundle-expired'],
		[
			['--system-keys', join(KEYS, 'allowed_signers.expired'), bundle('kamvas.hidfix')],
			EXIT.untrusted,
			'signature-key-expired',
		],
		[[...trusted, join(FIXTURES, 'kamvas.fields.json')], EXIT.container, 'tar-bad-checksum'],
	])('refuses %j with exit %i and code %s', async (args, exit, code) => {
		const r = await cli(['verify', '--json', ...args]);
		expect([r.code, JSON.parse(r.out).code]).toEqual([exit, code]);
	});

	it('refuses a tampered copy with the payload exit code and an actionable message', async () => {
		const { dir } = await cli(['--help']);
		const bytes = readFileSync(bundle('kamvas.hidfix'));
		bytes[4096 + 2000] ^= 1; // inside the object, past manifest and signature
		writeFileSync(join(dir, 't.hidfix'), bytes);
		const r = await cli(['verify', ...trusted, join(dir, 't.hidfix')]);
		expect([r.code, r.err]).toEqual([
			EXIT.payload,
			expect.stringContaining('REJECTED (payload-hash-mismatch)'),
		]);
	});

	it('refuses a downgrade recorded in the versions file (exit 15)', async () => {
		const { dir } = await cli(['--help']);
		const fp = execFileSync('ssh-keygen', ['-lf', join(KEYS, 'test-only-author-ed25519.pub')], {
			encoding: 'utf8',
		}).split(' ')[1];
		const versions = {
			format: 'hidfix-versions/1',
			records: [{ fingerprint: fp, fixId: 'org.hidfix.test.huion-kamvas-pro-19', version: '2.0.0' }],
		};
		writeFileSync(join(dir, 'v.json'), JSON.stringify(versions), { mode: 0o600 }); // store-permissions: owner-only
		const r = await cli(['verify', ...trusted, '--versions', join(dir, 'v.json'), bundle('kamvas.hidfix')]);
		expect([r.code, r.err]).toEqual([EXIT.downgrade, expect.stringContaining('bundle-downgrade')]);
	});

	it.each([
		[['verify']],
		[['verify', 'a', 'b']],
		[['verify', '--frobnicate', 'x']],
		[['explode']],
		[['verify', '--now', 'soon', 'x']],
	])('%j is a usage error (exit 2)', async (argv) => {
		const r = await cli(argv);
		expect([r.code, r.err]).toEqual([EXIT.usage, expect.stringContaining('hidfix --help')]);
	});

	it('a missing file is an I/O error (exit 3)', async () => {
		expect((await cli(['verify', '/nonexistent.hidfix'])).code).toBe(EXIT.io);
	});
});

describe('hidfix inspect', () => {
	it('shows an untrusted bundle as UNVERIFIED with its contents and the verify exit code', async () => {
		const r = await cli(['inspect', bundle('natural-scroll.hidfix')]);
		expect(r.code).toBe(EXIT.untrusted);
		expect(r.out).toMatch(/^Status: +UNVERIFIED \(signature-untrusted\)/);
		expect(r.out).toContain('Fix:        org.hidfix.test.microsoft-natural-scroll 2.1.0-rc.1');
	});

	it('--json gives manifest, signers and per-program capabilities for a trusted bundle', async () => {
		const r = await cli(['inspect', '--json', ...trusted, bundle('kamvas.hidfix')]);
		const j = JSON.parse(r.out);
		expect({
			code: r.code,
			verified: j.verified,
			id: j.manifest.id,
			devices: j.programs[0].devices,
			kinds: j.programs[0].capabilities.map((c: { kind: string }) => c.kind).sort(),
		}).toEqual({
			code: 0,
			verified: true,
			id: 'org.hidfix.test.huion-kamvas-pro-19',
			devices: [{ bus: 3, group: 4, vid: 0x256c, pid: 0x6b }],
			kinds: ['probes-device', 'replaces-descriptor', 'rewrites-input'],
		});
	});
});

describe('hidfix keys', () => {
	it('add → verify ok → list → remove → verify untrusted, all in the user store', async () => {
		const { dir } = await cli(['--help']);
		const env = { XDG_CONFIG_HOME: join(dir, 'config') };
		const pub = join(KEYS, 'test-only-author-ed25519.pub');
		const add = await cli(['keys', 'add', '--principal', 'ada@example.org', pub], env);
		expect([add.code, add.out]).toEqual([0, expect.stringContaining('Trusted: 256 SHA256:')]);
		expect((await cli(['verify', bundle('kamvas.hidfix')], env)).code).toBe(0);
		const list = await cli(['keys', 'list', '--json'], env);
		const [entry] = JSON.parse(list.out);
		expect([entry.principals, entry.namespaces, entry.source]).toEqual(['ada@example.org', 'hidfix', 'user']);
		expect((await cli(['keys', 'remove', 'ada@example.org'], env)).code).toBe(0);
		expect((await cli(['verify', bundle('kamvas.hidfix')], env)).code).toBe(EXIT.untrusted);
	});
});

describe('hidfix keys add --system', () => {
	it('writes the system store (the one the privileged helper reads), not the user one', async () => {
		const { dir } = await cli(['--help']);
		const system = ['--system-keys', join(dir, 'allowed_signers')];
		const env = { XDG_CONFIG_HOME: join(dir, 'config') };
		const pub = join(KEYS, 'test-only-author-ed25519.pub');
		const add = await cli(['keys', 'add', '--system', ...system, '--principal', 'ada@example.org', pub], env);
		expect(add.code).toBe(0);
		const list = await cli(['keys', 'list', ...system, '--json'], env);
		expect(JSON.parse(list.out).map((e: { source: string }) => e.source)).toEqual(['system']);
		expect(readFileSync(join(dir, 'allowed_signers'), 'utf8')).toMatch(
			/^ada@example\.org namespaces="hidfix" ssh-ed25519 /m,
		);
	});
});

describe('hidfix pack', () => {
	const { files } = goldenContents('kamvas.hidfix');
	const setup = async () => {
		const { dir } = await cli(['--help']);
		execFileSync('install', ['-m', '0600', join(KEYS, 'test-only-author-ed25519'), join(dir, 'key')]);
		writeFileSync(join(dir, 'k.bpf.o'), files.get('programs/0010-Huion__Kamvas-Pro-19.bpf.o')!);
		writeFileSync(join(dir, 'k.bpf.c'), files.get('src/0010-Huion__Kamvas-Pro-19.bpf.c')!);
		copyFileSync(join(FIXTURES, 'kamvas.fields.json'), join(dir, 'fields.json'));
		return dir;
	};
	const packArgs = (dir: string) => [
		'pack',
		'--manifest',
		join(dir, 'fields.json'),
		'--program',
		join(dir, 'k.bpf.o'),
		'--source',
		join(dir, 'k.bpf.c'),
		'--key',
		join(dir, 'key'),
	];

	it('signs through ssh-keygen; the result verifies and defaults created/expires from --now', async () => {
		const dir = await setup();
		const packed = await cli([
			...packArgs(dir),
			'--gzip',
			'--now',
			'2026-11-20T10:00:00Z',
			'-o',
			join(dir, 'out.hidfix'),
		]);
		expect([packed.code, packed.out]).toEqual([0, expect.stringContaining('Wrote ')]);
		const r = await cli(['inspect', '--json', ...trusted, join(dir, 'out.hidfix')]);
		const j = JSON.parse(r.out);
		expect([r.code, j.compressed, j.manifest.created, j.manifest.expires]).toEqual([
			0,
			true,
			'2026-11-20T10:00:00Z',
			'2027-02-18T10:00:00Z',
		]);
	});

	it('reports a bad manifest field with its path (exit 4)', async () => {
		const dir = await setup();
		const f = JSON.parse(readFileSync(join(dir, 'fields.json'), 'utf8'));
		writeFileSync(
			join(dir, 'fields.json'),
			JSON.stringify({ ...f, capture: { ...f.capture, durationSeconds: 'long' } }),
		);
		const r = await cli([...packArgs(dir), '-o', join(dir, 'out.hidfix')]);
		expect([r.code, r.err]).toEqual([EXIT.pack, expect.stringContaining('[capture.durationSeconds]')]);
	});

	it('refuses derived fields in the fields file (exit 2)', async () => {
		const dir = await setup();
		writeFileSync(join(dir, 'fields.json'), JSON.stringify({ programs: [] }));
		const r = await cli([...packArgs(dir), '-o', join(dir, 'out.hidfix')]);
		expect([r.code, r.err]).toEqual([EXIT.usage, expect.stringContaining('"programs" is derived')]);
	});
});

it('the executable starts with a node shebang (package.json bin)', () => {
	expect(readFileSync(join(FIXTURES, '../../../cli/hidfix.ts'), 'utf8').split('\n')[0]).toBe(
		'#!/usr/bin/env node',
	);
});

describe('hidfix record', () => {
	it('is wired into the CLI: usage lists it, and a device that is not plugged in is named', async () => {
		const help = await cli(['--help']);
		expect(help.out).toContain('hidfix record <device>');
		const r = await cli(['record', '0003:045E:00D1.7FFF', '--duration', '1']);
		expect([r.code, r.err]).toEqual([20, expect.stringContaining('0003:045E:00D1.7FFF is not present')]);
	});
});
