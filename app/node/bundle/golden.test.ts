/**
 * Golden bundles made by the real CLI with ssh-keygen (make-golden.sh) around objects compiled from
 * bpf/: they open, their metadata is read from the real objects, trust variants are decided as
 * specified, and OpenSSH + GNU tar interoperate with the format in both directions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	FIXTURES,
	golden,
	goldenContents,
	NOW,
	storeFromFile,
	storeFromText,
} from '../../test/fixtures/bundles/kit.js';
import { openBundle } from './open-bundle.js';

const fingerprintOf = (pubFile: string) =>
	execFileSync('ssh-keygen', ['-lf', join(FIXTURES, 'keys', pubFile)], { encoding: 'utf8' }).split(' ')[1]!;
const AUTHOR_FP = fingerprintOf('test-only-author-ed25519.pub');
const OTHER_FP = fingerprintOf('test-only-other-ed25519.pub');
const trust = storeFromFile('allowed_signers');
const open = (name: string, opts: Partial<Parameters<typeof openBundle>[1]> = {}) =>
	openBundle(golden(name), { trust, now: NOW, ...opts });
const outcome = (r: ReturnType<typeof openBundle>) => (r.ok ? 'ok' : r.error.code);

describe('golden bundles', () => {
	it('kamvas.hidfix opens with the manifest, signer, files and object facts it was packed with', () => {
		const r = open('kamvas.hidfix');
		if (!r.ok) throw new Error(r.error.message);
		const b = r.value;
		expect({
			id: b.manifest.id,
			version: b.manifest.version,
			created: b.manifest.created,
			expires: b.manifest.expires,
			signers: b.signers,
			files: [...b.files.keys()],
			compressed: b.compressed,
			programs: b.programs.map((p) => ({
				file: p.ref.file,
				api: p.info.api,
				devices: p.info.devices,
				hasProbe: p.info.hasProbe,
				license: p.info.license,
				hooks: p.capabilities
					.map((c) => c.kind)
					.filter((k) => k === 'replaces-descriptor' || k === 'rewrites-input'),
			})),
		}).toEqual({
			id: 'org.hidfix.test.huion-kamvas-pro-19',
			version: '1.0.0',
			created: '2026-11-01T12:00:00Z',
			expires: '2027-01-30T12:00:00Z',
			signers: [
				{ fingerprint: AUTHOR_FP, principals: ['test-only-author@hidfix.invalid'], keyType: 'ssh-ed25519' },
			],
			files: [
				'programs/0010-Huion__Kamvas-Pro-19.bpf.o',
				'src/0010-Huion__Kamvas-Pro-19.bpf.c',
				'src/include/hid_bpf.h',
				'src/include/hid_bpf_helpers.h',
				'README.md',
			],
			compressed: false,
			programs: [
				{
					file: 'programs/0010-Huion__Kamvas-Pro-19.bpf.o',
					api: 'struct_ops',
					devices: [{ bus: 3, group: 4, vid: 0x256c, pid: 0x006b }],
					hasProbe: true,
					license: 'GPL',
					hooks: ['replaces-descriptor', 'rewrites-input'],
				},
			],
		});
	});

	it('natural-scroll.hidfix is gzip-wrapped and its targets were derived from the object', () => {
		const r = open('natural-scroll.hidfix');
		expect(
			r.ok && {
				compressed: r.value.compressed,
				targets: r.value.manifest.targets,
				version: r.value.manifest.version,
			},
		).toEqual({
			compressed: true,
			targets: [{ bus: '0x0003', group: '0x0001', vid: '0x045E', pid: '0x00D1' }],
			version: '2.1.0-rc.1',
		});
	});

	it('two-signers.hidfix needs only one trusted signature, whichever it is', () => {
		const other = readFileSync(join(FIXTURES, 'keys/test-only-other-ed25519.pub'), 'utf8').split(' ');
		const otherStore = storeFromText(`other@example.org namespaces="hidfix" ${other[0]} ${other[1]}\n`);
		const signers = (t: typeof trust) => {
			const r = openBundle(golden('two-signers.hidfix'), { trust: t, now: NOW });
			return r.ok ? r.value.signers.map((s) => [s.fingerprint, s.principals]) : r.error.code;
		};
		expect(signers(trust)).toEqual([[AUTHOR_FP, ['test-only-author@hidfix.invalid']]]);
		expect(signers(otherStore)).toEqual([[OTHER_FP, ['other@example.org']]]);
		expect(signers({ entries: [...otherStore.entries, ...trust.entries] })).toEqual([
			[OTHER_FP, ['other@example.org']],
			[AUTHOR_FP, ['test-only-author@hidfix.invalid']],
		]);
		expect(signers({ entries: [] })).toBe('signature-untrusted');
	});

	it.each([
		['allowed_signers.git-namespace', 'signature-wrong-namespace'],
		['allowed_signers.expired', 'signature-key-expired'],
	])('with %s the golden is refused as %s', (file, code) => {
		expect(outcome(open('kamvas.hidfix', { trust: storeFromFile(file) }))).toBe(code);
	});

	it.each([
		['2026-11-01T11:54:59Z', 'bundle-not-yet-valid'],
		['2026-11-01T11:55:00Z', 'ok'],
		['2027-01-30T11:59:59Z', 'ok'],
		['2027-01-30T12:00:00Z', 'bundle-expired'],
	])('at %s the golden is %s (5 min clock-skew slack before created)', (now, code) => {
		// The key itself has no validity limits in allowed_signers, so only the manifest window applies.
		expect(outcome(open('kamvas.hidfix', { now: new Date(now) }))).toBe(code);
	});

	it('refuses a downgrade and reports same/upgrade otherwise', () => {
		const records = (version: string) => ({
			records: [{ fingerprint: AUTHOR_FP, fixId: 'org.hidfix.test.huion-kamvas-pro-19', version }],
		});
		expect(outcome(open('kamvas.hidfix', { versionRecords: records('1.0.1') }))).toBe('bundle-downgrade');
		const same = open('kamvas.hidfix', { versionRecords: records('1.0.0') });
		expect(same.ok && same.value.downgrade).toEqual([{ kind: 'same', recorded: '1.0.0' }]);
		const up = open('kamvas.hidfix', { versionRecords: records('1.0.0-rc.2') });
		expect(up.ok && up.value.downgrade).toEqual([{ kind: 'upgrade', recorded: '1.0.0-rc.2' }]);
	});
});

describe('OpenSSH and GNU tar interop', () => {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-interop-'));
	const allowed = join(FIXTURES, 'keys/allowed_signers');

	it('a packed bundle is a plain ustar that GNU tar lists and ssh-keygen -Y verify accepts', () => {
		const out = join(dir, 'x');
		mkdirSync(out);
		const listing = execFileSync('tar', ['-xvf', join(FIXTURES, 'kamvas.hidfix'), '-C', out], {
			encoding: 'utf8',
		});
		expect(listing.split('\n')[0]).toBe('manifest.json');
		const verify = (namespace: string) =>
			spawnSync(
				'ssh-keygen',
				[
					'-Y',
					'verify',
					'-f',
					allowed,
					'-I',
					'test-only-author@hidfix.invalid',
					'-n',
					namespace,
					'-s',
					join(out, 'manifest.sig'),
				],
				{ input: readFileSync(join(out, 'manifest.json')) },
			).status;
		expect(verify('hidfix')).toBe(0);
		expect(verify('git')).toBe(255);
	});

	it('a bundle compressed by the gzip tool (FNAME header set) opens as gzip', () => {
		const copy = join(dir, 'named.hidfix');
		writeFileSync(copy, golden('kamvas.hidfix'));
		execFileSync('gzip', ['-9', '-k', copy]);
		const gz = new Uint8Array(readFileSync(`${copy}.gz`));
		expect(gz[3]! & 0x08).toBe(0x08);
		const r = openBundle(gz, { trust, now: NOW });
		expect(r.ok ? r.value.compressed : r.error).toBe(true);
	});

	it('a bundle made only with ssh-keygen -Y sign and GNU tar --format=ustar opens', () => {
		const { files } = goldenContents('kamvas.hidfix');
		const work = join(dir, 'gnu');
		for (const d of ['programs', 'src/include']) mkdirSync(join(work, d), { recursive: true });
		writeFileSync(join(work, 'manifest.json'), readManifestBytes());
		for (const [name, data] of files) writeFileSync(join(work, name), data);
		const key = join(dir, 'author');
		execFileSync('install', ['-m', '0600', join(FIXTURES, 'keys/test-only-author-ed25519'), key]);
		execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-f', key, '-n', 'hidfix', join(work, 'manifest.json')]);
		execFileSync('mv', [join(work, 'manifest.json.sig'), join(work, 'manifest.sig')]);
		const bundle = join(dir, 'gnu.hidfix');
		execFileSync('tar', [
			'--format=ustar',
			'--no-recursion',
			'-cf',
			bundle,
			'-C',
			work,
			'manifest.json',
			'manifest.sig',
			...files.keys(),
		]);
		const r = openBundle(new Uint8Array(readFileSync(bundle)), { trust, now: NOW });
		expect(r.ok ? r.value.signers[0]!.fingerprint : r.error).toBe(AUTHOR_FP);
	});
});

function readManifestBytes(): Uint8Array {
	const r = open('kamvas.hidfix');
	if (!r.ok) throw new Error(r.error.message);
	return r.value.manifestBytes;
}
