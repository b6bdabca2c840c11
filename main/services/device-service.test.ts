import { afterEach, describe, expect, it } from 'vitest';
import { fakeSysfs } from '../../app/node/capture/fake-sysfs.test-helper.js';
import { listHidDevices, parseHidUevent } from './device-service.js';

const KAMVAS_UEVENT = [
	'DRIVER=hid-generic',
	'HID_ID=0003:0000256C:0000006B',
	'HID_NAME=HUION Huion Tablet_GT1902',
	'HID_PHYS=usb-0000:00:14.0-2/input0',
	'MODALIAS=hid:b0003g0004v0000256Cp0000006B',
	'',
].join('\n');

describe('parseHidUevent', () => {
	it('reads bus, vendor, product from HID_ID and the group from MODALIAS', () => {
		expect(parseHidUevent('0003:256C:006B.0001', KAMVAS_UEVENT)).toEqual({
			sysname: '0003:256C:006B.0001',
			name: 'HUION Huion Tablet_GT1902',
			bus: 3,
			group: 4,
			vid: 0x256c,
			pid: 0x6b,
		});
	});

	it('is undefined without HID_ID', () => {
		expect(parseHidUevent('0003:256C:006B.0001', 'DRIVER=x\n')).toBeUndefined();
	});
});

describe('listHidDevices', () => {
	let sys: ReturnType<typeof fakeSysfs> | undefined;
	afterEach(() => sys?.cleanup());

	it('lists the devices of a sysfs tree with their hidraw nodes, sorted by name', async () => {
		sys = fakeSysfs();
		sys.add({ sysname: '0003:256C:006B.0002', hidraw: 3, uevent: KAMVAS_UEVENT });
		sys.add({
			sysname: '0003:045E:0040.0001',
			uevent:
				'HID_ID=0003:0000045E:00000040\nHID_NAME=Microsoft Optical Mouse\nMODALIAS=hid:b0003g0001v0000045Ep00000040\n',
		});
		expect(await listHidDevices(sys.roots)).toEqual({
			ok: true,
			value: [
				{
					sysname: '0003:045E:0040.0001',
					name: 'Microsoft Optical Mouse',
					bus: 3,
					group: 1,
					vid: 0x45e,
					pid: 0x40,
				},
				{
					sysname: '0003:256C:006B.0002',
					name: 'HUION Huion Tablet_GT1902',
					bus: 3,
					group: 4,
					vid: 0x256c,
					pid: 0x6b,
					hidraw: `${sys.roots.dev}/hidraw3`,
				},
			],
		});
	});

	it('treats a machine without a HID bus as having no devices', async () => {
		expect(await listHidDevices({ sysfs: '/nonexistent-sysfs', dev: '/dev' })).toEqual({
			ok: true,
			value: [],
		});
	});
});
