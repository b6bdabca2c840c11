import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits.js';
import { parseOctal, readTar } from './tar-reader.js';
import { concat, header, writeTar } from './tar-writer.js';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const code = (tar: Uint8Array, limits = DEFAULT_LIMITS) => {
	const r = readTar(tar, limits);
	return r.ok ? 'ok' : r.error.code;
};

describe('readTar', () => {
	it('round-trips what writeTar writes, as zero-copy views', () => {
		const tar = writeTar([
			{ name: 'manifest.json', data: bytes('{}') },
			{ name: `src/${'d'.repeat(90)}/${'f'.repeat(60)}.c`, data: new Uint8Array(513).fill(7) },
			{ name: 'src/empty', data: new Uint8Array(0) },
		]);
		const r = readTar(tar, DEFAULT_LIMITS);
		expect(r.ok && r.value.map((e) => [e.name, e.data.length, e.offset])).toEqual([
			['manifest.json', 2, 0],
			[`src/${'d'.repeat(90)}/${'f'.repeat(60)}.c`, 513, 1024],
			['src/empty', 0, 2560],
		]);
		expect(r.ok && r.value[1]!.data.buffer).toBe(tar.buffer);
	});

	it('accepts zero padding after the end blocks (GNU tar record padding)', () => {
		expect(code(concat([writeTar([{ name: 'a', data: bytes('x') }]), new Uint8Array(8192)]))).toBe('ok');
	});

	it.each([
		['no end blocks at all', concat([header({ name: 'a', size: 0 })]), 'tar-missing-end'],
		['one end block only', concat([header({ name: 'a', size: 0 }), new Uint8Array(512)]), 'tar-missing-end'],
		['half a header', writeTar([{ name: 'a', data: bytes('x') }]).subarray(0, 300), 'tar-truncated'],
		[
			'cut inside the body',
			concat([header({ name: 'a', size: 2000 }), new Uint8Array(1024)]),
			'tar-truncated',
		],
		['garbage after the end', concat([writeTar([]), bytes('x')]), 'tar-trailing-data'],
		[
			'checksum off by one',
			concat([header({ name: 'a', size: 0, checksum: 1 }), new Uint8Array(1024)]),
			'tar-bad-checksum',
		],
		[
			'GNU magic',
			concat([header({ name: 'a', size: 0, magic: 'ustar  \0' }), new Uint8Array(1024)]),
			'tar-bad-header',
		],
		[
			'base-256 size',
			concat([
				header({ name: 'a', size: 0, rawSize: Uint8Array.of(0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) }),
				new Uint8Array(1536),
			]),
			'tar-bad-header',
		],
		[
			'bytes hidden after the name NUL',
			concat([header({ name: 'a\0b', size: 0 }), new Uint8Array(1024)]),
			'tar-bad-header',
		],
		[
			'link target on a regular file',
			concat([header({ name: 'a', size: 0, linkname: 'b' }), new Uint8Array(1024)]),
			'tar-bad-header',
		],
		[
			'data in the padding',
			concat([
				header({ name: 'a', size: 1 }),
				bytes('x'),
				new Uint8Array(510),
				bytes('y'),
				new Uint8Array(1024),
			]),
			'tar-bad-padding',
		],
		[
			'symlink',
			concat([header({ name: 'a', size: 0, type: '2', linkname: '/etc/shadow' }), new Uint8Array(1024)]),
			'entry-link',
		],
		[
			'pax header',
			concat([header({ name: 'a', size: 0, type: 'x' }), new Uint8Array(1024)]),
			'entry-extended-header',
		],
		[
			'contiguous file',
			concat([header({ name: 'a', size: 0, type: '7' }), new Uint8Array(1024)]),
			'entry-type-unknown',
		],
	])('rejects %s', (_what, tar, expected) => {
		expect(code(tar)).toBe(expected);
	});

	it('enforces the entry count and entry size limits', () => {
		const tar = writeTar([1, 2, 3].map((i) => ({ name: `f${i}`, data: new Uint8Array(100) })));
		expect(code(tar, { ...DEFAULT_LIMITS, maxEntries: 2 })).toBe('too-many-entries');
		expect(code(tar, { ...DEFAULT_LIMITS, maxEntryBytes: 99 })).toBe('entry-too-large');
		expect(code(tar, { ...DEFAULT_LIMITS, maxEntries: 3, maxEntryBytes: 100 })).toBe('ok');
	});
});

describe('parseOctal', () => {
	it.each([
		['00000000644\0', 0o644],
		['     17 ', 0o17],
		['0000000', 0],
		['', undefined],
		['12x', undefined],
		['18', undefined],
		['1 2', undefined],
	])('%j → %s', (text, value) => {
		expect(parseOctal(bytes(text))).toBe(value);
	});
});

describe('readTar errors', () => {
	it('say what is wrong with the archive and leave the advice to the caller', () => {
		const symlink = concat([header({ name: 'a', size: 0, type: '2', linkname: 'b' }), new Uint8Array(1024)]);
		expect(readTar(symlink, DEFAULT_LIMITS)).toStrictEqual({
			ok: false,
			error: {
				code: 'entry-link',
				message: 'Archive entry "a" is a symbolic link; only regular files are allowed.',
				what: 'is a symbolic link',
				detail: { entry: 'a', offset: 0 },
			},
		});
		expect(readTar(concat([writeTar([]), bytes('x')]), DEFAULT_LIMITS)).toStrictEqual({
			ok: false,
			error: {
				code: 'tar-trailing-data',
				message: 'The archive has unexpected data after its end marker.',
				detail: { offset: 1024 },
			},
		});
	});
});
