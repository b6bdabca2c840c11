import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok } from '../../common/result.js';
import { FIXTURES, goldenContents, NOW, testSigner } from '../../test/fixtures/bundles/kit.js';
import { openBundle } from './open-bundle.js';
import { buildManifest, manifestBytesOf, packBundle, type ManifestFields } from './pack.js';

const dev = testSigner();
const fields: ManifestFields = {
	id: 'org.example.pack-test',
	version: '0.1.0',
	title: 'Pack test',
	summary: 'Packs',
	description: '',
	author: { name: 'Dev' },
	contact: { email: 'dev@example.org' },
	created: '2026-11-20T00:00:00Z',
	expires: '2027-01-01T00:00:00Z',
	capture: { instructions: 'Use it', durationSeconds: 10 },
	minKernel: '6.11',
};
const { files } = goldenContents('kamvas.hidfix');
const programs = [
	{ name: 'programs/k.bpf.o', bytes: files.get('programs/0010-Huion__Kamvas-Pro-19.bpf.o')! },
];
const sources = [{ name: 'src/k.bpf.c', bytes: files.get('src/0010-Huion__Kamvas-Pro-19.bpf.c')! }];
const sign = async (m: Uint8Array) => ok(dev.sign(m));

describe('packBundle', () => {
	it('is deterministic and its plain and gzip outputs open to the same manifest', async () => {
		const a = await packBundle({ fields, programs, sources, sign });
		const b = await packBundle({ fields, programs, sources, sign });
		const z = await packBundle({ fields, programs, sources, sign, gzip: true });
		if (!a.ok || !b.ok || !z.ok) throw new Error('pack failed');
		expect(a.value).toEqual(b.value);
		const plain = openBundle(a.value, { trust: dev.store(), now: NOW });
		const gz = openBundle(z.value, { trust: dev.store(), now: NOW });
		expect(gz.ok && plain.ok && gz.value.manifestBytes).toEqual(plain.ok && plain.value.manifestBytes);
		expect(z.value.length).toBeLessThan(a.value.length / 2);
	});

	it('signs the same bytes whatever the key order of the fields', () => {
		const reversed = Object.fromEntries(Object.entries(fields).reverse()) as ManifestFields;
		const a = buildManifest({ fields, programs, sources });
		const b = buildManifest({ fields: reversed, programs, sources });
		expect(a.ok && b.ok && [manifestBytesOf(a.value), Object.keys(a.value)[1]]).toEqual(
			b.ok && [manifestBytesOf(b.value), 'id'],
		);
	});

	it('derives API flavour and targets from the object', () => {
		const m = buildManifest({ fields, programs, sources });
		expect(m.ok && { targets: m.value.targets, api: m.value.programs[0]!.api }).toEqual({
			targets: [{ bus: '0x0003', group: '0x0004', vid: '0x256C', pid: '0x006B' }],
			api: 'struct_ops',
		});
	});

	it.each([
		[{ ...fields, colour: 'red' }, 'manifest-unknown-field', 'colour'],
		[{ ...fields, version: '1' }, 'manifest-invalid-value', 'version'],
		[
			{ ...fields, targets: [{ bus: '0x0003', group: '*', vid: '0x256C', pid: '0x006B' }] },
			'object-target-mismatch',
			'targets',
		],
	])('refuses fields that would make an invalid bundle (%#)', (f, code, path) => {
		const m = buildManifest({ fields: f as ManifestFields, programs, sources });
		expect(m.ok ? 'ok' : [m.error.code, m.error.detail?.path]).toEqual([code, path]);
	});

	it('refuses an object with no HID-BPF program', () => {
		const m = buildManifest({
			fields,
			programs: [{ name: 'programs/x.bpf.o', bytes: new Uint8Array(64) }],
			sources,
		});
		expect(m.ok ? 'ok' : m.error.code).toBe('object-unreadable');
	});
});

// Every fix `make -C bpf` builds must pack and open with targets taken from its own HID_BPF_CONFIG.
const BPF_OUT = join(FIXTURES, '../../../../bpf/out');
const built = ['stable', 'testing'].flatMap((tier) =>
	existsSync(join(BPF_OUT, tier))
		? readdirSync(join(BPF_OUT, tier))
				.filter((f) => f.endsWith('.bpf.o'))
				.map((f) => join(tier, f))
		: [],
);
describe('objects compiled from bpf/', () => {
	it('finds the example fixes (vitest global setup runs make -C bpf)', () => {
		expect(built.length).toBeGreaterThanOrEqual(4);
	});
	it.each(built)('%s packs and opens', async (rel) => {
		const bytes = new Uint8Array(readFileSync(join(BPF_OUT, rel)));
		const name = `programs/${rel.split('/')[1]}`;
		const packed = await packBundle({ fields, programs: [{ name, bytes }], sources, sign });
		const r = packed.ok ? openBundle(packed.value, { trust: dev.store(), now: NOW }) : packed;
		if (!r.ok) throw new Error(r.error.message);
		const p = r.value.programs[0]!;
		expect(r.value.manifest.targets.length).toBe(p.info.devices.length);
		expect([p.ref.api, p.info.api]).toEqual(['struct_ops', 'struct_ops']);
	});
});
