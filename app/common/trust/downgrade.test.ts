import { describe, expect, it } from 'vitest';
import {
	EMPTY_VERSION_RECORDS,
	checkDowngrade,
	parseVersionRecords,
	recordVersion,
	serializeVersionRecords,
	type VersionRecords,
} from './downgrade.js';

const FP = 'SHA256:MLaex1kxgXQbO4wfIzjpcLOemqPx7LNCt7QOuMjBaiQ';
const FP2 = 'SHA256:PdDhLv3/vXgGRM1OfnfIMqAK3Vh6dMioBPJroK4amaI';
const FIX = '0010-Example__Mouse';

function records(...rs: [string, string, string][]): VersionRecords {
	return { records: rs.map(([fingerprint, fixId, version]) => ({ fingerprint, fixId, version })) };
}

describe('downgrade policy', () => {
	it('allows first, same and newer; refuses older naming both versions', () => {
		const r = records([FP, FIX, '1.2.0']);
		expect({
			first: checkDowngrade(EMPTY_VERSION_RECORDS, FP, FIX, '1.0.0'),
			same: checkDowngrade(r, FP, FIX, '1.2.0'),
			sameWithBuild: checkDowngrade(r, FP, FIX, '1.2.0+rebuild'),
			newer: checkDowngrade(r, FP, FIX, '1.10.0'),
			otherKey: checkDowngrade(r, FP2, FIX, '0.1.0'),
			otherFix: checkDowngrade(r, FP, 'other', '0.1.0'),
		}).toEqual({
			first: { ok: true, value: { kind: 'first' } },
			same: { ok: true, value: { kind: 'same', recorded: '1.2.0' } },
			sameWithBuild: { ok: true, value: { kind: 'same', recorded: '1.2.0' } },
			newer: { ok: true, value: { kind: 'upgrade', recorded: '1.2.0' } },
			otherKey: { ok: true, value: { kind: 'first' } },
			otherFix: { ok: true, value: { kind: 'first' } },
		});
		expect(checkDowngrade(r, FP, FIX, '1.2.0-rc.1')).toEqual({
			ok: false,
			error: {
				code: 'downgrade',
				message: `This bundle is version 1.2.0-rc.1 of "${FIX}", but version 1.2.0 from the same author (${FP}) was already accepted. hidfix refuses older versions so a fixed bug cannot come back.`,
			},
		});
		const bad = checkDowngrade(r, FP, FIX, 'v1.3');
		expect(bad.ok ? 'ok' : bad.error.code).toBe('bad-version');
	});

	it('records only upward', () => {
		let r = records([FP, FIX, '1.0.0'], [FP2, FIX, '3.0.0']);
		const up = recordVersion(r, FP, FIX, '1.1.0');
		if (!up.ok) throw new Error(up.error.message);
		r = up.value;
		const down = recordVersion(r, FP, FIX, '1.0.5');
		expect(down.ok ? 'ok' : down.error.code).toBe('downgrade');
		expect(r).toEqual(records([FP2, FIX, '3.0.0'], [FP, FIX, '1.1.0']));
		const badFp = recordVersion(r, 'MD5:xx', FIX, '1.0.0');
		expect(badFp.ok ? 'ok' : badFp.error.code).toBe('bad-input');
	});

	it('round-trips the file format and refuses damaged files', () => {
		const r = records([FP2, 'b', '1.0.0'], [FP, 'a', '2.0.0-rc.1']);
		const text = serializeVersionRecords(r);
		const back = parseVersionRecords(text);
		expect(back.ok && back.value).toEqual(records([FP, 'a', '2.0.0-rc.1'], [FP2, 'b', '1.0.0']));
		const code = (t: string) => {
			const x = parseVersionRecords(t);
			return x.ok ? 'ok' : x.error.code;
		};
		const rec = (o: object) => JSON.stringify({ format: 'hidfix-versions/1', records: [o] });
		expect([
			code(''),
			code('{'),
			code('[]'),
			code('{"format":"hidfix-versions/2","records":[]}'),
			code('{"format":"hidfix-versions/1"}'),
			code(rec({ fingerprint: 'x', fixId: 'a', version: '1.0.0' })),
			code(rec({ fingerprint: FP, fixId: '', version: '1.0.0' })),
			code(rec({ fingerprint: FP, fixId: 'a', version: '1.0' })),
			code(rec(null as unknown as object)),
			code(
				JSON.stringify({
					format: 'hidfix-versions/1',
					records: [
						{ fingerprint: FP, fixId: 'a', version: '1.0.0' },
						{ fingerprint: FP, fixId: 'a', version: '2.0.0' },
					],
				}),
			),
		]).toEqual(Array(10).fill('versions-corrupt'));
	});
});
