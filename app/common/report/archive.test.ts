import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../node/bundle/hash.js';
import { mouseInputs } from '../../node/report/report-kit.test-helper.js';
import { header, writeTar, concat } from '../bundle/tar-writer.js';
import { decodeUtf8, encodeUtf8 } from '../bundle/utf8.js';
import { readReportArchive, REPORT_LIMITS } from './archive.js';
import { buildReport } from './build.js';

const built = (() => {
	const r = buildReport(mouseInputs(), { sha256Hex });
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
})();
type Entry = { name: string; data: Uint8Array };
const entries = (): Entry[] => built.entries.map((e) => ({ name: e.name, data: e.bytes }));
const json = () =>
	JSON.parse(decodeUtf8(built.entries[0]!.bytes)!) as Record<string, unknown> & {
		device: Record<string, unknown>;
	};

/** The archive with report.json replaced by `edit(report)` (or raw text). */
function withJsonEntries(edit: ((j: ReturnType<typeof json>) => unknown) | string): Entry[] {
	const e = entries();
	e[0] = {
		name: 'report.json',
		data: encodeUtf8(typeof edit === 'string' ? edit : JSON.stringify(edit(json()))),
	};
	return e;
}
const withJson = (edit: Parameters<typeof withJsonEntries>[0]) => writeTar(withJsonEntries(edit));
const read = (bytes: Uint8Array, limits = REPORT_LIMITS) => {
	const r = readReportArchive(bytes, { sha256Hex, limits });
	return r.ok ? 'accepted' : { code: r.error.code, ...r.error.detail };
};

describe('readReportArchive rejects hostile reports with typed errors', () => {
	const cases: [string, () => Uint8Array, object][] = [
		[
			'random bytes',
			() => Uint8Array.from({ length: 2048 }, (_, i) => (i * 7) & 0xff),
			{ code: 'archive-malformed', tar: 'tar-bad-checksum', offset: 0 },
		],
		[
			'a symbolic link',
			() =>
				concat([
					header({ name: 'note.txt', size: 0, type: '2', linkname: '/etc/passwd' }),
					new Uint8Array(1024),
				]),
			{ code: 'archive-malformed', tar: 'entry-link', entry: 'note.txt', offset: 0 },
		],
		[
			'a path climbing out',
			() => writeTar([...entries(), { name: '../.bashrc', data: encodeUtf8('x') }]),
			{ code: 'entry-not-allowed', entry: '../.bashrc' },
		],
		[
			'a file outside the list',
			() => writeTar([...entries(), { name: 'run.sh', data: encodeUtf8('x') }]),
			{ code: 'entry-not-allowed', entry: 'run.sh' },
		],
		[
			'a duplicate entry',
			() => writeTar([...entries(), entries()[3]!]),
			{ code: 'entry-duplicate', entry: 'note.txt' },
		],
		['no report.json', () => writeTar(entries().slice(1)), { code: 'entry-missing', entry: 'report.json' }],
		[
			'no HTML summary',
			() => writeTar(entries().filter((e) => e.name !== 'summary.html')),
			{ code: 'entry-missing', entry: 'summary.html' },
		],
		['report.json not JSON', () => withJson('{"format":'), { code: 'json-invalid', entry: 'report.json' }],
		[
			'a duplicate key',
			() => withJson('{"schema":1,"schema":1}'),
			{ code: 'json-invalid', entry: 'report.json' },
		],
		[
			'a newer schema',
			() => withJson((j) => ({ ...j, schema: 2 })),
			{ code: 'schema-unsupported', path: 'schema' },
		],
		[
			'another format',
			() => withJson((j) => ({ ...j, format: 'x' })),
			{ code: 'field-invalid', path: 'format' },
		],
		[
			'an unknown field',
			() => withJson((j) => ({ ...j, device: { ...j.device, serial: 'x' } })),
			{ code: 'field-unknown', path: 'device.serial' },
		],
		[
			'a missing field',
			() => withJson((j) => ({ ...j, note: undefined })),
			{ code: 'field-missing', path: 'note' },
		],
		[
			'a wrong type',
			() =>
				withJson((j) => ({
					...j,
					captures: {
						before: { ...(j.captures as { before: object }).before, hidrawReports: '5' },
						after: null,
					},
				})),
			{ code: 'field-wrong-type', path: 'captures.before.hidrawReports' },
		],
		[
			'an escape sequence in the name',
			() => withJson((j) => ({ ...j, device: { ...j.device, name: 'a\u001b]0;pwned\u0007' } })),
			{ code: 'field-invalid', path: 'device.name' },
		],
		[
			'a huge name',
			() => withJson((j) => ({ ...j, device: { ...j.device, name: 'x'.repeat(257) } })),
			{ code: 'field-invalid', path: 'device.name' },
		],
		[
			'a bad sysname',
			() => withJson((j) => ({ ...j, device: { ...j.device, sysname: '../../etc' } })),
			{ code: 'field-invalid', path: 'device.sysname' },
		],
		[
			'an entry naming a summary',
			() =>
				withJson((j) => ({
					...j,
					entries: [
						...(j.entries as object[]),
						{ name: 'summary.md', size: 1, sha256: 'a'.repeat(64), description: 'x' },
					],
				})),
			{ code: 'field-invalid', path: 'entries[15].name' },
		],
		[
			'a file listed twice',
			() => withJson((j) => ({ ...j, entries: [...(j.entries as object[]), (j.entries as object[])[0]] })),
			{ code: 'entry-duplicate', path: 'entries[15].name', entry: 'note.txt' },
		],
		[
			'a listed file that is absent',
			() => writeTar(entries().filter((e) => e.name !== 'dmesg.txt')),
			{ code: 'entry-missing', entry: 'dmesg.txt', path: 'entries[13]' },
		],
		[
			'a recording altered after export',
			() =>
				writeTar(
					entries().map((e) =>
						e.name === 'after.hid.txt'
							? {
									...e,
									data: encodeUtf8(
										decodeUtf8(e.data)!.replace('E: 000000.008000 6 11 08', 'E: 000000.008000 6 11 09'),
									),
								}
							: e,
					),
				),
			{ code: 'entry-mismatch', entry: 'after.hid.txt', path: 'entries[2]' },
		],
		[
			'a file the report does not list',
			() =>
				withJson((j) => ({
					...j,
					entries: (j.entries as { name: string }[]).filter((e) => e.name !== 'udevadm.txt'),
					udevadm: { readable: false, reason: 'x', lines: 0, file: null },
				})),
			{ code: 'entry-unlisted', entry: 'udevadm.txt' },
		],
		[
			'a reference to a file not in the report',
			() => {
				const a = withJsonEntries((j) => ({
					...j,
					entries: (j.entries as { name: string }[]).filter((e) => e.name !== 'udevadm.txt'),
				}));
				return writeTar(a.filter((e) => e.name !== 'udevadm.txt'));
			},
			{ code: 'field-invalid', path: 'udevadm.file', entry: 'udevadm.txt' },
		],
	];
	it.each(cases)('%s', (_what, make, expected) => {
		expect(read(make())).toEqual(expected);
	});

	it('applies the size limits before parsing', () => {
		const bytes = writeTar(entries());
		expect([
			read(bytes, { ...REPORT_LIMITS, maxReportBytes: 4096 }),
			read(bytes, { ...REPORT_LIMITS, maxEntryBytes: 4096 }),
			read(bytes, { ...REPORT_LIMITS, maxJsonBytes: 1024 }),
		]).toEqual([
			{ code: 'report-too-large', limit: 4096, actual: bytes.length },
			{ code: 'entry-too-large', tar: 'entry-too-large', entry: 'report.json', offset: 0 },
			{ code: 'entry-too-large', entry: 'report.json', limit: 1024, actual: built.entries[0]!.size },
		]);
	});

	it('accepts the archive as built (the baseline every case above breaks)', () => {
		expect(read(writeTar(entries()))).toBe('accepted');
	});
});
