/**
 * Which connected devices a bundle's targets select: the same test udev-hid-bpf's modalias rule
 * makes (each of bus, group, vendor, product equal or wildcarded), from the core's targetsDevice.
 */
import { targetsDevice } from '../../../app/common/bpf/device-match.js';
import type { DeviceView, TargetView } from '../../../app/common/ipc/contract.js';

export function isTargeted(targets: readonly TargetView[], device: DeviceView): boolean {
	return targetsDevice(targets, device);
}

export const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** `0003:0004:256C:006B`, the spelling the kernel and udev-hid-bpf use. */
export const deviceKey = (d: DeviceView): string =>
	`${hex4(d.bus)}:${hex4(d.group)}:${hex4(d.vid)}:${hex4(d.pid)}`;

const BUSES: Readonly<Record<string, string>> = { '0x0003': 'USB', '0x0005': 'Bluetooth', '0x0018': 'I²C' };

export function targetText(t: TargetView): string {
	const any = (v: string, what: string) => (v === '*' ? `any ${what}` : `${what} ${v}`);
	const bus = t.bus === '*' ? 'any bus' : `${BUSES[t.bus] ?? 'bus'} (${t.bus})`;
	return `${bus}, ${any(t.group, 'group')}, ${any(t.vid, 'vendor')}, ${any(t.pid, 'product')}`;
}
