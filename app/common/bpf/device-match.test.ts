import { beforeAll, describe, expect, it } from 'vitest';
import { buildExampleFixes, buildTestdata, type BuiltObject } from '../../test/fixtures/bpf/build-objects.js';
import {
	deviceFromModalias,
	deviceMatches,
	matchFromRaw,
	matchFromText,
	matchKey,
	matchManifestTargets,
	matchTargets,
	matchToText,
	targetsDevice,
	type HidDeviceMatch,
} from './device-match.js';
import { readObjectInfo } from './object-info.js';

const kamvas: HidDeviceMatch = { bus: 0x03, group: 0x0004, vid: 0x256c, pid: 0x006b };

describe('deviceMatches', () => {
	it('compares each field, with "any" as a wildcard', () => {
		const dev = { bus: 3, group: 4, vid: 0x256c, pid: 0x6b };
		expect(deviceMatches(kamvas, dev)).toBe(true);
		expect(deviceMatches({ ...kamvas, pid: 0x6c }, dev)).toBe(false);
		expect(deviceMatches({ ...kamvas, group: 1 }, dev)).toBe(false);
		expect(deviceMatches({ bus: 'any', group: 'any', vid: 0x256c, pid: 'any' }, dev)).toBe(true);
		expect(deviceMatches({ bus: 5, group: 'any', vid: 'any', pid: 'any' }, dev)).toBe(false);
	});

	it('reads 0 in HID_DEVICE as any', () => {
		expect(matchFromRaw({ bus: 0, group: 0, vid: 0x256c, pid: 0 })).toEqual({
			bus: 'any',
			group: 'any',
			vid: 0x256c,
			pid: 'any',
		});
	});
});

describe('manifest spelling', () => {
	it('round-trips "0xHHHH" / "*" targets', () => {
		const text = { bus: '0x0003', group: '*', vid: '0x256C', pid: '0x006B' };
		const m = matchFromText(text);
		expect(m).toEqual({ bus: 3, group: 'any', vid: 0x256c, pid: 0x6b });
		expect(m && matchToText(m)).toEqual(text);
		expect(matchKey(m as HidDeviceMatch)).toBe('0003:*:256C:006B');
	});

	it('refuses what the manifest validator refuses', () => {
		for (const bad of ['0x0000', '3', '0x3', '0x256c', '0x12345', 'any', '']) {
			expect(matchFromText({ bus: bad, group: '*', vid: '*', pid: '*' }), bad).toBeUndefined();
		}
		expect(matchToText({ bus: 3, group: 'any', vid: 0x12345678, pid: 'any' })).toBeUndefined();
	});
});

describe('matchTargets', () => {
	let objects: Map<string, BuiltObject>;
	beforeAll(() => {
		objects = new Map([...buildTestdata(), ...buildExampleFixes().map((o) => [o.name, o] as const)]);
	});
	const devicesOf = (name: string) => {
		const r = readObjectInfo(objects.get(name)?.bytes ?? new Uint8Array());
		if (!r.ok) throw new Error(r.error.message);
		return r.value.devices;
	};

	it('accepts a manifest that lists exactly the object devices, in any order, duplicates ignored', () => {
		const devices = devicesOf('0010-Huion__Kamvas-Pro-19.bpf.o');
		expect(matchTargets([kamvas, kamvas], devices)).toEqual({ ok: true, value: undefined });
		const multi = devicesOf('0010-Multi__Everything.bpf.o');
		expect(matchTargets([...multi].reverse(), multi)).toEqual({ ok: true, value: undefined });
	});

	it('rejects a manifest narrower or wider than the object, listing the differences', () => {
		const multi = devicesOf('0010-Multi__Everything.bpf.o');
		const manifest: HidDeviceMatch[] = [multi[0] as HidDeviceMatch, kamvas];
		expect(matchTargets(manifest, multi)).toEqual({
			ok: false,
			error: {
				code: 'targets-differ',
				message:
					'manifest targets and object device matches differ (only in manifest: 0003:0004:256C:006B; only in object: 0005:*:256C:*, 0018:0004:*:*, *:*:12345678:FFFF)',
				onlyInManifest: [kamvas],
				onlyInObject: multi.slice(1),
			},
		});
	});

	it('rejects a wildcard in the object that the manifest spelled out', () => {
		const r = matchTargets(
			[{ bus: 5, group: 1, vid: 0x256c, pid: 0x6b }],
			devicesOf('0010-Multi__Everything.bpf.o').slice(1, 2),
		);
		expect(r.ok ? 'ok' : r.error.code).toBe('targets-differ');
	});

	it('checks manifest-spelled targets against the object', () => {
		const devices = devicesOf('0010-Huion__Kamvas-Pro-19.bpf.o');
		expect(
			matchManifestTargets([{ bus: '0x0003', group: '0x0004', vid: '0x256C', pid: '0x006B' }], devices),
		).toEqual({
			ok: true,
			value: undefined,
		});
		const wider = matchManifestTargets(
			[{ bus: '0x0003', group: '*', vid: '0x256C', pid: '0x006B' }],
			devices,
		);
		expect(wider.ok ? 'ok' : wider.error.code).toBe('targets-differ');
		expect(matchManifestTargets([{ bus: '3', group: '*', vid: '*', pid: '*' }], devices)).toEqual({
			ok: false,
			error: { code: 'invalid-target', message: 'manifest target 0 is not "*" or "0xHHHH" in every field' },
		});
	});

	it('rejects an object without device metadata', () => {
		expect(matchTargets([kamvas], devicesOf('0010-Odd__Shapes.bpf.o'))).toEqual({
			ok: false,
			error: {
				code: 'object-has-no-devices',
				message: 'the BPF object declares no HID_BPF_CONFIG device matches',
			},
		});
	});
});

describe('deviceFromModalias and targetsDevice', () => {
	it('match bus, group, vendor and product from the modalias, with wildcards', () => {
		const ids = deviceFromModalias('hid:b0003g0001v0000045Ep000000D1')!;
		expect(matchKey(ids)).toBe('0003:0001:045E:00D1');
		const t = (bus: string, group: string, vid: string, pid: string) =>
			targetsDevice([{ bus, group, vid, pid }], ids);
		expect([
			t('0x0003', '*', '0x045E', '0x00D1'),
			t('0x0003', '0x0001', '0x045E', '0x00D1'),
			t('0x0005', '*', '0x045E', '0x00D1'),
			t('*', '0x0004', '*', '*'),
			t('*', '*', '0x045E', '0x00D2'),
		]).toEqual([true, true, false, false, false]);
		expect(deviceFromModalias('usb:v045Ep00D1')).toBeUndefined();
	});

	it('judge a device without a known group on bus, vendor and product', () => {
		const noGroup = { bus: 3, vid: 0x045e, pid: 0x00d1 };
		expect([
			targetsDevice([{ bus: '0x0003', group: '0x0004', vid: '0x045E', pid: '0x00D1' }], noGroup),
			targetsDevice([{ bus: '0x0003', group: '*', vid: '0x045E', pid: '0x00D2' }], noGroup),
		]).toEqual([true, false]);
	});
});
