import { chmodSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTHOR_FINGERPRINT, corrupted, NOW, tempWorld } from '../test/fixtures.js';
import { createBundleService } from './bundle-service.js';
import { OfferedPaths, underDirectory } from './path-policy.js';

const world = tempWorld();
afterAll(() => world.cleanup());
const kamvas = world.file('kamvas.hidfix');
const service = (userPath: string, offered = new OfferedPaths()) =>
	createBundleService({ trust: { userPath }, paths: offered, now: () => NOW });

describe('bundle service', () => {
	it('shows a trusted golden bundle: signer, fix, targets, capabilities, files', async () => {
		const offered = new OfferedPaths();
		offered.offer(kamvas);
		const reply = await service(world.trustedKeys, offered).openPath(kamvas);
		if (!reply.ok) throw new Error(reply.message);
		const v = reply.value;
		expect(v.fileName).toBe('kamvas.hidfix');
		expect(v.signers).toEqual([
			{
				fingerprint: AUTHOR_FINGERPRINT,
				principals: ['test-only-author@hidfix.invalid'],
				keyType: 'ssh-ed25519',
			},
		]);
		expect(v.fix.title).toBe('Huion Kamvas Pro 19: pen and touch');
		expect(v.targets).toEqual([{ bus: '0x0003', group: '0x0004', vid: '0x256C', pid: '0x006B' }]);
		expect(v.programs.map((p) => p.file)).toEqual(['programs/0010-Huion__Kamvas-Pro-19.bpf.o']);
		expect(v.programs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(v.programs[0]!.capabilities.map((c) => c.kind)).toContain('replaces-descriptor');
		expect(v.sources.map((s) => s.file)).toContain('src/0010-Huion__Kamvas-Pro-19.bpf.c');
		// Plain data only: survives structured clone (IPC) unchanged.
		expect(structuredClone(v)).toEqual(v);
	});

	it('refuses a path main never offered, without reading it', async () => {
		const reply = await service(world.trustedKeys).openPath(kamvas);
		expect(reply).toEqual({
			ok: false,
			code: 'path-not-allowed',
			message: 'hidfix can only open bundles you opened with it (double-click, or Open with hidfix).',
		});
	});

	it('says who signed an untrusted bundle and how to trust them', async () => {
		const reply = await service(world.noKeys).openBytes(
			'kamvas.hidfix',
			new Uint8Array(readFileSync(kamvas)),
		);
		expect(reply.ok).toBe(false);
		if (reply.ok) return;
		expect(reply.code).toBe('signature-untrusted');
		expect(reply.message).toContain(AUTHOR_FINGERPRINT);
		expect(reply.message).toContain('hidfix keys add');
	});

	it('returns the bundle error code for a corrupted file', async () => {
		const bad = world.file('bad.hidfix', corrupted('kamvas.hidfix'));
		const reply = await createBundleService({
			trust: { userPath: world.trustedKeys },
			paths: underDirectory(world.dir),
			now: () => NOW,
		}).openPath(bad);
		expect(reply).toMatchObject({ ok: false, code: 'tar-bad-checksum' });
	});

	it('reports a trust store other users can write as trust-store-invalid', async () => {
		const loose = world.file('loose_signers', new TextEncoder().encode(''));
		chmodSync(loose, 0o666);
		const reply = await service(loose).openBytes('x.hidfix', corrupted('kamvas.hidfix'));
		expect(reply).toMatchObject({
			ok: false,
			code: 'trust-store-invalid',
			detail: { trustCode: 'store-permissions' },
		});
	});
});
