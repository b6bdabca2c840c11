/**
 * The HID devices bound right now, read from sysfs without privileges.
 *
 * Each device's ids come from its `uevent` (`HID_ID=bus:vid:pid`, `HID_NAME`, and the group from
 * `MODALIAS=hid:bBBBBgGGGGvVVVVVVVVpPPPPPPPP`, the same fields udev-hid-bpf matches a fix against);
 * the hidraw node comes from the capture module's resolution so both agree on what a device is.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failReply, okReply, type DeviceView, type Reply } from '../../app/common/ipc/contract.js';
import {
	isHidSysname,
	resolveHidNodes,
	SYSTEM_ROOTS,
	type SysfsRoots,
} from '../../app/node/capture/sysfs-nodes.js';

const HID_ID_RE = /^([0-9A-Fa-f]+):([0-9A-Fa-f]+):([0-9A-Fa-f]+)$/;
const MODALIAS_GROUP_RE = /^hid:b[0-9A-Fa-f]{4}g([0-9A-Fa-f]{4})v/;

/** Parses one uevent file; undefined when it does not describe a HID device. */
export function parseHidUevent(sysname: string, text: string): DeviceView | undefined {
	const props = new Map<string, string>();
	for (const line of text.split('\n')) {
		const eq = line.indexOf('=');
		if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1));
	}
	const id = HID_ID_RE.exec(props.get('HID_ID') ?? '');
	if (id === null) return undefined;
	const hex = (s: string | undefined) => Number.parseInt(s ?? '0', 16);
	const group = MODALIAS_GROUP_RE.exec(props.get('MODALIAS') ?? '');
	return {
		sysname,
		name: props.get('HID_NAME') ?? '',
		bus: hex(id[1]),
		// Group 0 is HID_GROUP_ANY in matches; a device without MODALIAS then only meets "*" targets.
		group: hex(group?.[1]),
		vid: hex(id[2]),
		pid: hex(id[3]),
	};
}

export async function listHidDevices(
	roots: SysfsRoots = SYSTEM_ROOTS,
): Promise<Reply<readonly DeviceView[]>> {
	const dir = join(roots.sysfs, 'bus/hid/devices');
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		// No HID bus at all (no HID driver loaded, some containers): nothing is connected.
		if (code === 'ENOENT') return okReply([]);
		return failReply(
			'device-list-failed',
			`Cannot list HID devices in ${dir}: ${code ?? (e as Error).message}.`,
		);
	}
	const out: DeviceView[] = [];
	for (const sysname of names.filter(isHidSysname).sort()) {
		let text: string;
		try {
			text = await readFile(join(dir, sysname, 'uevent'), 'utf8');
		} catch {
			continue; // unplugged between readdir and read
		}
		const device = parseHidUevent(sysname, text);
		if (device === undefined) continue;
		const nodes = await resolveHidNodes(sysname, roots);
		out.push(nodes.ok ? { ...device, hidraw: nodes.value.hidraw } : device);
	}
	return okReply(out);
}
