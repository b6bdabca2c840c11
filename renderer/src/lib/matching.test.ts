import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../../app/common/ipc/contract.js';
import { deviceKey, isTargeted, targetText } from './matching.js';

const kamvas: DeviceView = {
	sysname: '0003:256C:006B.0001',
	name: 'Kamvas',
	bus: 3,
	group: 4,
	vid: 0x256c,
	pid: 0x6b,
};
const kamvasTarget = { bus: '0x0003', group: '0x0004', vid: '0x256C', pid: '0x006B' };

describe('isTargeted', () => {
	it('matches equal ids and wildcards, as the udev-hid-bpf modalias rule does', () => {
		expect(isTargeted([kamvasTarget], kamvas)).toBe(true);
		expect(isTargeted([{ bus: '*', group: '*', vid: '0x256C', pid: '*' }], kamvas)).toBe(true);
	});

	it('does not match a different group, bus or product', () => {
		expect(isTargeted([{ ...kamvasTarget, group: '0x0001' }], kamvas)).toBe(false);
		expect(isTargeted([{ ...kamvasTarget, bus: '0x0005' }], kamvas)).toBe(false);
		expect(isTargeted([{ ...kamvasTarget, pid: '0x006C' }], kamvas)).toBe(false);
	});

	it('never matches through a malformed target', () => {
		expect(isTargeted([{ ...kamvasTarget, vid: '256C' }], kamvas)).toBe(false);
		expect(isTargeted([], kamvas)).toBe(false);
	});
});

describe('display', () => {
	it('spells devices and targets the kernel’s way', () => {
		expect(deviceKey(kamvas)).toBe('0003:0004:256C:006B');
		expect(targetText({ bus: '0x0005', group: '*', vid: '0x256C', pid: '*' })).toBe(
			'Bluetooth (0x0005), any group, vendor 0x256C, any product',
		);
	});
});
