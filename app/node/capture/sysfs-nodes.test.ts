import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSysfs } from './fake-sysfs.test-helper.js';
import { hidIdOf, readHidDeviceInfo, resolveDeviceArgument, resolveHidNodes } from './sysfs-nodes.js';

const MOUSE = '0003:045E:00D1.000A';
let fs = fakeSysfs();
afterEach(() => {
	fs.cleanup();
	fs = fakeSysfs();
});

describe('resolveHidNodes', () => {
	it('finds hidraw and every event node, sorted numerically', async () => {
		const path = fs.add({
			sysname: MOUSE,
			hidraw: 3,
			inputs: [
				[11, 10],
				[7, 9],
			],
		});
		const r = await resolveHidNodes(MOUSE, fs.roots);
		expect(r).toEqual({
			ok: true,
			value: {
				sysname: MOUSE,
				hidId: 10,
				sysfsPath: join(fs.roots.sysfs, 'bus/hid/devices', MOUSE),
				hidraw: join(fs.roots.dev, 'hidraw3'),
				events: [join(fs.roots.dev, 'input/event9'), join(fs.roots.dev, 'input/event10')],
			},
		});
		expect(path).toContain('uhid');
	});

	it('follows a re-probe: new input and event numbers after the device comes back', async () => {
		fs.add({ sysname: MOUSE, hidraw: 0, inputs: [[0, 2]] });
		const before = await resolveHidNodes(MOUSE, fs.roots);
		fs.add({ sysname: MOUSE, hidraw: 0, inputs: [[1, 3]] });
		const after = await resolveHidNodes(MOUSE, fs.roots);
		expect(before.ok && before.value.events).toEqual([join(fs.roots.dev, 'input/event2')]);
		expect(after.ok && after.value.events).toEqual([join(fs.roots.dev, 'input/event3')]);
	});

	it('reports a device without hidraw as no-hidraw-node (re-probing), a missing one as device-not-found', async () => {
		fs.add({ sysname: MOUSE, inputs: [[0, 1]] });
		const noRaw = await resolveHidNodes(MOUSE, fs.roots);
		const missing = await resolveHidNodes('0003:045E:00D1.000B', fs.roots);
		const bad = await resolveHidNodes('../../etc', fs.roots);
		expect([noRaw, missing, bad].map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
			'no-hidraw-node',
			'device-not-found',
			'bad-device-argument',
		]);
	});

	it('accepts a device without input nodes (vendor interfaces have none)', async () => {
		fs.add({ sysname: MOUSE, hidraw: 1 });
		const r = await resolveHidNodes(MOUSE, fs.roots);
		expect(r.ok && r.value.events).toEqual([]);
	});

	it('computes hid_id from the hex suffix', () => {
		expect([hidIdOf('0003:256C:006B.0017'), hidIdOf('0003:1234:5678.0001')]).toEqual([0x17, 1]);
	});
});

describe('resolveDeviceArgument', () => {
	it('accepts a sysname, a sysfs path and a /dev/hidrawN node', async () => {
		fs.add({ sysname: MOUSE, hidraw: 4 });
		const got = await Promise.all(
			[MOUSE, `/sys/bus/hid/devices/${MOUSE}/`, '/dev/hidraw4'].map((a) =>
				resolveDeviceArgument(a, fs.roots),
			),
		);
		expect(got).toEqual([
			{ ok: true, value: MOUSE },
			{ ok: true, value: MOUSE },
			{ ok: true, value: MOUSE },
		]);
	});

	it('rejects unknown hidraw nodes and free text with actionable messages', async () => {
		const a = await resolveDeviceArgument('/dev/hidraw9', fs.roots);
		const b = await resolveDeviceArgument('my mouse', fs.roots);
		expect(a.ok ? '' : a.error.code).toBe('device-not-found');
		expect(b.ok ? '' : b.error.message).toMatch(/sysname.*\/dev\/hidrawN/);
	});
});

describe('readHidDeviceInfo', () => {
	it('reads name, ids and the descriptor for the recording header', async () => {
		const path = fs.add({
			sysname: MOUSE,
			hidraw: 0,
			uevent:
				'DRIVER=hid-generic\nHID_ID=0003:0000045E:000000D1\nHID_NAME=Microsoft Optical Mouse\nHID_PHYS=\n',
			rdesc: Uint8Array.from([0x05, 0x01, 0x09, 0x02]),
		});
		expect(await readHidDeviceInfo(path)).toEqual({
			ok: true,
			value: {
				name: 'Microsoft Optical Mouse',
				bus: 3,
				vendor: 0x45e,
				product: 0xd1,
				rdesc: Uint8Array.from([0x05, 0x01, 0x09, 0x02]),
			},
		});
	});
});
