/**
 * Hostile bundles: each case is a distinct construction that must be refused with its own error
 * code (and the JSON path where one applies). Built programmatically around a real compiled object
 * so that everything except the one broken property is valid.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concat, entryBlocks, header, writeTar } from '../../common/bundle/tar-writer.js';
import { encodeUtf8 } from '../../common/bundle/utf8.js';
import { buildBundle, bundleItems, NOW, testSigner, type TarItem } from '../../test/fixtures/bundles/kit.js';
import { sha256Hex } from './hash.js';
import { openBundle, type OpenOptions } from './open-bundle.js';

const dev = testSigner('dev@example.org');
const stranger = testSigner('mallory@example.org');
const trust = dev.store();
const END = new Uint8Array(1024);
const MiB = 1024 * 1024;

/** A tar of the valid items with raw blocks spliced in at `at` (default: after the signature). */
function withRaw(raw: Uint8Array, at = 2, items: TarItem[] = bundleItems({ signer: dev })): Uint8Array {
	const blocks = items.map((i) => concat(entryBlocks(i.name, i.data)));
	blocks.splice(at, 0, raw);
	return concat([...blocks, END]);
}
const rawEntry = (name: string, type: string, extra: { linkname?: string } = {}) =>
	header({ name, size: 0, type, ...extra });
const valid = () => buildBundle({ signer: dev });
const replaceItem = (name: string, data: Uint8Array) => (items: TarItem[]) =>
	items.map((i) => (i.name === name ? { name, data } : i));
const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b));
const flip = (b: Uint8Array, at: number) => {
	const c = b.slice();
	c[at]! ^= 0x01;
	return c;
};

interface Case {
	bundle: () => Uint8Array;
	code: string;
	path?: string;
	opts?: Partial<OpenOptions>;
}

const CASES: Record<string, Case> = {
	// container: size and compression
	'bundle over 64 MiB': { bundle: () => new Uint8Array(64 * MiB + 1), code: 'bundle-too-large' },
	'gzip bomb (65 MiB of zeros)': { bundle: () => gz(new Uint8Array(65 * MiB)), code: 'gzip-too-large' },
	'gzip with trailing garbage': {
		bundle: () => concat([gz(valid()), encodeUtf8('tail')]),
		code: 'gzip-trailing-data',
	},
	'gzip with trailing zeros': {
		bundle: () => concat([gz(valid()), new Uint8Array(16)]),
		code: 'gzip-trailing-data',
	},
	'two gzip members': {
		bundle: () => concat([gz(valid()), gz(new Uint8Array(1024))]),
		code: 'gzip-trailing-data',
	},
	'gzip CRC damaged': {
		bundle: () => {
			const g = gz(valid());
			return flip(g, g.length - 6);
		},
		code: 'gzip-corrupt',
	},
	'gzip cut short': { bundle: () => gz(valid()).subarray(0, 200), code: 'gzip-corrupt' },
	'gzip with FEXTRA header': {
		bundle: () => {
			const g = gz(valid());
			g[3] = 0x04;
			return g;
		},
		code: 'gzip-corrupt',
	},
	// tar structure
	'archive cut inside a header': { bundle: () => valid().subarray(0, 1024 + 100), code: 'tar-truncated' },
	'archive cut inside a body': {
		bundle: () => valid().subarray(0, 1536 + 512 + 4096),
		code: 'tar-truncated',
	},
	'no end-of-archive blocks': {
		bundle: () => {
			const v = valid();
			return v.subarray(0, v.length - 1024);
		},
		code: 'tar-missing-end',
	},
	'garbage after the end blocks': {
		bundle: () => concat([valid(), encodeUtf8('#!/bin/sh\n')]),
		code: 'tar-trailing-data',
	},
	'header checksum wrong': { bundle: () => flip(valid(), 100), code: 'tar-bad-checksum' },
	'GNU (non-POSIX) magic': {
		bundle: () => withRaw(concat([header({ name: 'src/x.c', size: 0, magic: 'ustar  \0' })])),
		code: 'tar-bad-header',
	},
	'data hidden in entry padding': {
		bundle: () =>
			withRaw(
				concat([header({ name: 'src/x.c', size: 1 }), encodeUtf8('x'), new Uint8Array(510), encodeUtf8('!')]),
			),
		code: 'tar-bad-padding',
	},
	'257 entries': {
		bundle: () =>
			buildBundle({
				signer: dev,
				entries: (i) => [
					...i,
					...Array.from({ length: 253 }, (_, n) => ({ name: `src/f${n}.c`, data: new Uint8Array(0) })),
				],
			}),
		code: 'too-many-entries',
	},
	'entry claiming 17 MiB': {
		bundle: () => withRaw(header({ name: 'src/big.c', size: 17 * MiB })),
		code: 'entry-too-large',
	},
	'manifest over 64 KiB': {
		bundle: () => buildBundle({ signer: dev, manifest: (m) => ({ ...m, description: 'x'.repeat(70_000) }) }),
		code: 'entry-too-large',
	},
	// entry types
	'symbolic link': {
		bundle: () => withRaw(rawEntry('src/link.c', '2', { linkname: '/etc/shadow' })),
		code: 'entry-link',
	},
	'hard link': {
		bundle: () => withRaw(rawEntry('src/hard.c', '1', { linkname: 'manifest.json' })),
		code: 'entry-link',
	},
	'character device': { bundle: () => withRaw(rawEntry('src/tty', '3')), code: 'entry-special-file' },
	'block device': { bundle: () => withRaw(rawEntry('src/sda', '4')), code: 'entry-special-file' },
	FIFO: { bundle: () => withRaw(rawEntry('src/fifo', '6')), code: 'entry-special-file' },
	'directory entry': { bundle: () => withRaw(rawEntry('src/', '5')), code: 'entry-directory' },
	'pax extended header': {
		bundle: () => withRaw(concat([header({ name: 'PaxHeader/x', size: 0, type: 'x' })])),
		code: 'entry-extended-header',
	},
	'GNU long-name header': {
		bundle: () => withRaw(rawEntry('././@LongLink', 'L')),
		code: 'entry-extended-header',
	},
	'vendor-specific type': { bundle: () => withRaw(rawEntry('src/x.c', 'V')), code: 'entry-type-unknown' },
	// names
	'absolute path': {
		bundle: () => withRaw(concat(entryBlocks('/etc/cron.d/x', encodeUtf8('x')))),
		code: 'entry-path-unsafe',
	},
	'dot-dot path': {
		bundle: () => withRaw(concat(entryBlocks('src/../../.bashrc', encodeUtf8('x')))),
		code: 'entry-path-unsafe',
	},
	'name outside the allow-list': {
		bundle: () => withRaw(concat(entryBlocks('install.sh', encodeUtf8('x')))),
		code: 'entry-path-not-allowed',
	},
	'program outside programs/': {
		bundle: () => withRaw(concat(entryBlocks('src/evil.bpf.o', encodeUtf8('x'))), 4),
		code: 'payload-unlisted',
	},
	'duplicate entry': {
		bundle: () => buildBundle({ signer: dev, entries: (i) => [...i, i[2]!] }),
		code: 'entry-duplicate',
	},
	'upper-case directory name': {
		bundle: () =>
			buildBundle({ signer: dev, entries: (i) => [...i, { name: 'SRC/kamvas.bpf.c', data: i[3]!.data }] }),
		code: 'entry-path-not-allowed',
	},
	'same source twice up to case': {
		bundle: () =>
			buildBundle({ signer: dev, entries: (i) => [...i, { name: 'src/KAMVAS.bpf.c', data: i[3]!.data }] }),
		code: 'entry-duplicate',
	},
	// layout
	'manifest not first': {
		bundle: () => buildBundle({ signer: dev, entries: (i) => [i[1]!, i[0]!, ...i.slice(2)] }),
		code: 'manifest-not-first',
	},
	'no manifest': {
		bundle: () => buildBundle({ signer: dev, entries: (i) => i.slice(1) }),
		code: 'manifest-missing',
	},
	'no signature file': {
		bundle: () => buildBundle({ signer: dev, signature: null }),
		code: 'signature-missing',
	},
	// signatures and trust
	'signature file is not a signature': {
		bundle: () => buildBundle({ signer: dev, signature: 'hello\n' }),
		code: 'signature-malformed',
	},
	'signature over other bytes': {
		bundle: () => buildBundle({ signer: dev, signature: dev.sign(encodeUtf8('{}')) }),
		code: 'signature-invalid',
	},
	'manifest byte changed after signing': {
		bundle: () =>
			buildBundle({
				signer: dev,
				entries: (i) => [{ name: 'manifest.json', data: flip(i[0]!.data, 30) }, ...i.slice(1)],
			}),
		code: 'signature-invalid',
	},
	'signed by an unknown key': {
		bundle: () => buildBundle({ signer: stranger }),
		code: 'signature-untrusted',
	},
	'signed in the git namespace': {
		bundle: () => buildBundle({ signer: dev, namespace: 'git' }),
		code: 'signature-wrong-namespace',
	},
	'key trusted for git only': {
		bundle: valid,
		opts: { trust: dev.store('namespaces="git"') },
		code: 'signature-wrong-namespace',
	},
	'key expired in the trust store': {
		bundle: valid,
		opts: { trust: dev.store('namespaces="hidfix",valid-before="20261101"') },
		code: 'signature-key-expired',
	},
	'key not yet valid in the trust store': {
		bundle: valid,
		opts: { trust: dev.store('namespaces="hidfix",valid-after="20270101"') },
		code: 'signature-key-not-yet-valid',
	},
	'empty trust store': { bundle: valid, opts: { trust: { entries: [] } }, code: 'signature-untrusted' },
	// manifest (validly signed, so these reach the validator)
	'manifest not JSON': {
		bundle: () => buildBundle({ signer: dev, manifestBytes: encodeUtf8('id: x\n') }),
		code: 'manifest-not-json',
	},
	'manifest with a duplicate key': {
		bundle: () => buildBundle({ signer: dev, manifestBytes: encodeUtf8('{"schema":1,"schema":1}') }),
		code: 'manifest-not-json',
	},
	'manifest schema 2': {
		bundle: () => buildBundle({ signer: dev, manifest: (m) => ({ ...m, schema: 2 }) }),
		code: 'manifest-unsupported-schema',
		path: 'schema',
	},
	'unknown top-level field': {
		bundle: () => buildBundle({ signer: dev, manifest: (m) => ({ ...m, postInstall: 'rm -rf /' }) }),
		code: 'manifest-unknown-field',
		path: 'postInstall',
	},
	'unknown nested field': {
		bundle: () =>
			buildBundle({ signer: dev, manifest: (m) => ({ ...m, targets: [{ ...m.targets[0], serial: 'x' }] }) }),
		code: 'manifest-unknown-field',
		path: 'targets[0].serial',
	},
	'size as a string': {
		bundle: () =>
			buildBundle({
				signer: dev,
				manifest: (m) => ({ ...m, programs: [{ ...m.programs[0], size: String(m.programs[0]!.size) }] }),
			}),
		code: 'manifest-wrong-type',
		path: 'programs[0].size',
	},
	'missing contact': {
		bundle: () => buildBundle({ signer: dev, manifest: ({ contact: _c, ...m }) => m }),
		code: 'manifest-missing-field',
		path: 'contact',
	},
	'version not semver': {
		bundle: () => buildBundle({ signer: dev, manifest: (m) => ({ ...m, version: 'v1.2' }) }),
		code: 'manifest-invalid-value',
		path: 'version',
	},
	'partial wildcard target': {
		bundle: () =>
			buildBundle({
				signer: dev,
				manifest: (m) => ({ ...m, targets: [{ ...m.targets[0], vid: '0x25**' }] }),
			}),
		code: 'manifest-invalid-value',
		path: 'targets[0].vid',
	},
	'unknown program API flavour': {
		bundle: () =>
			buildBundle({
				signer: dev,
				manifest: (m) => ({ ...m, programs: [{ ...m.programs[0], api: 'kprobe' }] }),
			}),
		code: 'manifest-invalid-value',
		path: 'programs[0].api',
	},
	// time window and downgrade
	expired: {
		bundle: valid,
		opts: { now: new Date('2027-01-20T00:00:00Z') },
		code: 'bundle-expired',
		path: 'expires',
	},
	'created in the future': {
		bundle: valid,
		opts: { now: new Date('2026-11-19T23:54:59Z') },
		code: 'bundle-not-yet-valid',
		path: 'created',
	},
	downgrade: {
		bundle: valid,
		opts: {
			versionRecords: {
				records: [{ fingerprint: dev.fingerprint, fixId: 'org.example.kamvas', version: '1.10.0' }],
			},
		},
		code: 'bundle-downgrade',
		path: 'version',
	},
	'corrupt version record for this fix': {
		bundle: valid,
		opts: {
			versionRecords: {
				records: [{ fingerprint: dev.fingerprint, fixId: 'org.example.kamvas', version: 'latest' }],
			},
		},
		code: 'version-record-invalid',
		path: 'version',
	},
	// payloads
	'payload not in the manifest': {
		bundle: () =>
			buildBundle({
				signer: dev,
				entries: (i) => [...i, { name: 'src/extra.c', data: encodeUtf8('int x;') }],
			}),
		code: 'payload-unlisted',
	},
	'listed source missing': {
		bundle: () => buildBundle({ signer: dev, entries: (i) => i.slice(0, 3) }),
		code: 'payload-missing',
		path: 'sources[0]',
	},
	'listed program missing': {
		bundle: () => buildBundle({ signer: dev, entries: (i) => [...i.slice(0, 2), i[3]!] }),
		code: 'payload-missing',
		path: 'programs[0]',
	},
	'source one byte longer': {
		bundle: () =>
			buildBundle({
				signer: dev,
				entries: (i) => replaceItem('src/kamvas.bpf.c', concat([i[3]!.data, encodeUtf8('\n')]))(i),
			}),
		code: 'payload-size-mismatch',
		path: 'sources[0].size',
	},
	'object byte changed': {
		bundle: () =>
			buildBundle({
				signer: dev,
				entries: (i) => replaceItem('programs/kamvas.bpf.o', flip(i[2]!.data, 5000))(i),
			}),
		code: 'payload-hash-mismatch',
		path: 'programs[0].sha256',
	},
	// objects against the manifest
	'manifest targets another device': {
		bundle: () =>
			buildBundle({
				signer: dev,
				manifest: (m) => ({ ...m, targets: [{ ...m.targets[0], pid: '0x006C' }] }),
			}),
		code: 'object-target-mismatch',
		path: 'targets',
	},
	'manifest widens the target to any device': {
		bundle: () =>
			buildBundle({
				signer: dev,
				manifest: (m) => ({ ...m, targets: [{ bus: '*', group: '*', vid: '*', pid: '*' }] }),
			}),
		code: 'object-target-mismatch',
		path: 'targets',
	},
	'manifest claims the tracing API': {
		bundle: () =>
			buildBundle({
				signer: dev,
				manifest: (m) => ({ ...m, programs: [{ ...m.programs[0], api: 'tracing' }] }),
			}),
		code: 'object-api-mismatch',
		path: 'programs[0].api',
	},
	'program is not an ELF object': {
		bundle: () => {
			const junk = encodeUtf8('#!/bin/sh\necho pwned\n');
			return buildBundle({
				signer: dev,
				manifest: (m) => ({
					...m,
					programs: [{ ...m.programs[0], size: junk.length, sha256: sha256Hex(junk) }],
				}),
				entries: replaceItem('programs/kamvas.bpf.o', junk),
			});
		},
		code: 'object-unreadable',
		path: 'programs[0].file',
	},
};

describe('openBundle on hostile bundles', () => {
	it('accepts the unbroken bundle the cases start from', () => {
		const r = openBundle(valid(), { trust, now: NOW });
		expect(r.ok ? r.value.manifest.id : r.error).toBe('org.example.kamvas');
	});

	it('has at least 30 distinct constructions and exercises most error codes', () => {
		expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(30);
		expect(new Set(Object.values(CASES).map((c) => c.code)).size).toBeGreaterThanOrEqual(40);
	});

	it.each(Object.entries(CASES))('%s → rejected', (_name, c) => {
		const r = openBundle(c.bundle(), { trust, now: NOW, ...c.opts });
		expect(r.ok ? 'accepted' : { code: r.error.code, path: r.error.detail?.path }).toEqual({
			code: c.code,
			path: c.path,
		});
		if (!r.ok) expect(r.error.message.length).toBeGreaterThan(20);
	});
});

// Sanity for the writer used above: a lone raw entry followed by the end is what the cases assume.
it('writeTar and withRaw agree on the unbroken layout', () => {
	expect(withRaw(new Uint8Array(0))).toEqual(writeTar(bundleItems({ signer: dev })));
});
