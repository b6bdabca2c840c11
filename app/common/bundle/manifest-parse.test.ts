import { describe, expect, it } from 'vitest';
import { sampleManifest } from '../../test/fixtures/bundles/sample-manifest.js';
import { parseManifest } from './manifest-parse.js';
import { encodeUtf8 } from './utf8.js';

const parse = (value: unknown) => parseManifest(encodeUtf8(JSON.stringify(value)));
/** `[code, path]` of the rejection, or 'ok'. */
const outcome = (value: unknown) => {
	const r = parse(value);
	return r.ok ? 'ok' : [r.error.code, r.error.detail?.path];
};
const base = sampleManifest() as unknown as Record<string, unknown>;
const withField = (path: (string | number)[], value: unknown) => {
	const copy = structuredClone(base) as Record<string | number, unknown>;
	let node = copy;
	for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
	if (value === undefined) delete node[path.at(-1)!];
	else node[path.at(-1)!] = value;
	return copy;
};

describe('parseManifest', () => {
	it('accepts the sample and returns it unchanged', () => {
		expect(parse(base)).toEqual({ ok: true, value: base });
	});

	it.each([
		[['extra'], 1, 'manifest-unknown-field', 'extra'],
		[['targets', 0, 'serial'], '1', 'manifest-unknown-field', 'targets[0].serial'],
		[['programs', 0, 'size'], '100', 'manifest-wrong-type', 'programs[0].size'],
		[['targets'], {}, 'manifest-wrong-type', 'targets'],
		[['author'], 'Ada', 'manifest-wrong-type', 'author'],
		[['title'], undefined, 'manifest-missing-field', 'title'],
		[['capture', 'durationSeconds'], undefined, 'manifest-missing-field', 'capture.durationSeconds'],
		[['version'], '1.0', 'manifest-invalid-value', 'version'],
		[['version'], '01.0.0', 'manifest-invalid-value', 'version'],
		[['targets', 0, 'vid'], '0x25*', 'manifest-invalid-value', 'targets[0].vid'],
		[['targets', 0, 'pid'], '0x0000', 'manifest-invalid-value', 'targets[0].pid'],
		[['targets', 0, 'vid'], '0x256c', 'manifest-invalid-value', 'targets[0].vid'],
		[['programs', 0, 'api'], 'kprobe', 'manifest-invalid-value', 'programs[0].api'],
		[['programs', 0, 'file'], 'src/x.bpf.o', 'manifest-invalid-value', 'programs[0].file'],
		[['programs', 0, 'sha256'], 'A'.repeat(64), 'manifest-invalid-value', 'programs[0].sha256'],
		[['sources', 0, 'file'], '../x.c', 'manifest-invalid-value', 'sources[0].file'],
		[['title'], 'two\nlines', 'manifest-invalid-value', 'title'],
		[['created'], '2026-02-30T00:00:00Z', 'manifest-invalid-value', 'created'],
		[['created'], '2026-11-01 12:00:00', 'manifest-invalid-value', 'created'],
		[['expires'], '2026-10-01T00:00:00Z', 'manifest-invalid-value', 'expires'],
		[['expires'], '2028-11-01T00:00:00Z', 'manifest-invalid-value', 'expires'],
		[['contact'], {}, 'manifest-invalid-value', 'contact'],
		[['contact', 'issue'], 'http://example.org/1', 'manifest-invalid-value', 'contact.issue'],
		[['minKernel'], '6.10', 'manifest-invalid-value', 'minKernel'],
		[['targets'], [], 'manifest-invalid-value', 'targets'],
		[['capture', 'durationSeconds'], 2.5, 'manifest-invalid-value', 'capture.durationSeconds'],
		[['id'], 'nodots', 'manifest-invalid-value', 'id'],
	])('%j = %j → %s at %s', (path, value, code, at) => {
		expect(outcome(withField(path, value))).toEqual([code, at]);
	});

	it('rejects a file listed twice, pointing at the second listing', () => {
		const m = sampleManifest();
		expect(outcome({ ...m, sources: [m.sources[0], { ...m.sources[0] }] })).toEqual([
			'manifest-invalid-value',
			'sources[1].file',
		]);
	});

	it('accepts tracing programs on 6.3 and wildcard targets', () => {
		const m = sampleManifest();
		const tracing = { ...m, minKernel: '6.3', programs: [{ ...m.programs[0]!, api: 'tracing' }] };
		expect(outcome({ ...tracing, targets: [{ bus: '*', group: '*', vid: '*', pid: '*' }] })).toBe('ok');
	});

	it('reports a newer schema as unsupported, not as unknown fields', () => {
		expect(outcome({ ...base, schema: 2, newThing: true })).toEqual([
			'manifest-unsupported-schema',
			'schema',
		]);
	});

	it.each([
		['not JSON', encodeUtf8('{"id": ')],
		['a byte-order mark', encodeUtf8('\ufeff{}')],
		['invalid UTF-8', Uint8Array.of(0x7b, 0xc0, 0xaf, 0x7d)],
		['a duplicated key', encodeUtf8(JSON.stringify(base).replace('{"schema":1,', '{"schema":1,"id":"x.y",'))],
	])('rejects %s as manifest-not-json', (_what, bytes) => {
		const r = parseManifest(bytes);
		expect(r.ok ? 'ok' : r.error.code).toBe('manifest-not-json');
	});
});
