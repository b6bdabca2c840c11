// Find a HID device's hidraw and evdev nodes through sysfs. Node numbers are never guessed: after a
// reconnect (e.g. attaching an rdesc fixup re-probes the device) the kernel creates new input
// devices with new numbers, so tests must re-read them here.
import { existsSync, readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';

export const HID_DEVICES = '/sys/bus/hid/devices';

/**
 * @typedef {object} HidNodes what a bound HID device exposes right now
 * @property {string} sysname   e.g. `0003:045E:00D1.0001`
 * @property {string} sysPath   e.g. `/sys/devices/virtual/misc/uhid/0003:045E:00D1.0001`
 * @property {number} hidId     the N of `.000N` (hex): the `hid_id` HID-BPF struct_ops attach to
 * @property {string | null} driver  bound driver name (`hid-generic`, …) or null
 * @property {string | null} hidraw  `/dev/hidrawN` or null
 * @property {string[]} inputs  input device sysnames (`input7`, …), sorted
 * @property {string[]} evdev   `/dev/input/eventN` nodes, sorted by input device
 */

/** Parse a sysfs `uevent` file into an object. */
export function readUevent(path) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const line of readFileSync(path, 'utf8').split('\n')) {
		const i = line.indexOf('=');
		if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
	}
	return out;
}

/** The HID device's current report descriptor from sysfs (after any HID-BPF fixup). */
export function readSysfsRdesc(sysPath) {
	return new Uint8Array(readFileSync(`${sysPath}/report_descriptor`));
}

/** Sysnames of all HID devices, e.g. `['0003:045E:00D1.0001']`. */
export function listHidDevices() {
	return existsSync(HID_DEVICES) ? readdirSync(HID_DEVICES).sort() : [];
}

/** `hid_id` of a sysname: the hex instance number after the dot. */
export function hidIdOf(sysname) {
	return parseInt(sysname.slice(sysname.lastIndexOf('.') + 1), 16);
}

const ls = (dir) => (existsSync(dir) ? readdirSync(dir) : []);
const byNumber = (a, b) => Number(a.replace(/\D+/g, '')) - Number(b.replace(/\D+/g, ''));

/**
 * Snapshot of a HID device's nodes (no waiting; see waitBound in uhid.mjs for that).
 *
 * @param {string} sysname a name from /sys/bus/hid/devices
 * @returns {HidNodes}
 */
export function resolveHidNodes(sysname) {
	const sysPath = realpathSync(`${HID_DEVICES}/${sysname}`);
	const driver = existsSync(`${sysPath}/driver`) ? basename(readlinkSync(`${sysPath}/driver`)) : null;
	const hidraw = ls(`${sysPath}/hidraw`).find((n) => /^hidraw\d+$/.test(n));
	const inputs = ls(`${sysPath}/input`)
		.filter((n) => /^input\d+$/.test(n))
		.sort(byNumber);
	const evdev = inputs.flatMap((i) =>
		ls(`${sysPath}/input/${i}`)
			.filter((n) => /^event\d+$/.test(n))
			.map((n) => `/dev/input/${n}`),
	);
	return {
		sysname,
		sysPath,
		hidId: hidIdOf(sysname),
		driver,
		hidraw: hidraw ? `/dev/${hidraw}` : null,
		inputs,
		evdev,
	};
}

/** The `name` file of each input device of a HID device (what evtest/libinput show). */
export function inputNames(nodes) {
	return nodes.inputs.map((i) => readFileSync(`${nodes.sysPath}/input/${i}/name`, 'utf8').trim());
}
