// Real device data for kernel tests: raw report descriptors (`*.hid.bin`, as read from sysfs) and
// hid-recorder text files (`*.hid.txt`) from app/test/fixtures/. See that dir's README for origins.
import { readFileSync, readdirSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

/** Absolute path of app/test/fixtures/. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../../app/test/fixtures/', import.meta.url));

/** File names in the fixtures dir ending in `suffix` (e.g. `.hid.bin`), sorted. */
export function listFixtures(suffix = '') {
	return readdirSync(FIXTURES_DIR)
		.filter((f) => f.endsWith(suffix))
		.sort();
}

/**
 * Read a raw report descriptor fixture.
 *
 * @param {string} name file name in app/test/fixtures, e.g. `huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin`
 * @returns {Uint8Array} the descriptor bytes
 */
export function loadRdesc(name) {
	return new Uint8Array(readFileSync(FIXTURES_DIR + name));
}

/**
 * IDs encoded in a linuxwacom-style fixture name `…-BBBB-VVVV-PPPP.NNNN.hid.bin`, or undefined.
 *
 * @param {string} name
 * @returns {{ bus: number, vendor: number, product: number } | undefined}
 */
export function idsFromName(name) {
	const m = /-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{4})\.[0-9A-Fa-f]{4}\.hid\.bin$/.exec(name);
	if (!m) return undefined;
	return { bus: parseInt(m[1], 16), vendor: parseInt(m[2], 16), product: parseInt(m[3], 16) };
}

/**
 * @typedef {object} Recording one device of a hid-recorder file
 * @property {string} name     `N:` line ('' if absent)
 * @property {string} phys     `P:` line ('' if absent)
 * @property {number} bus      `I:` bus (e.g. 3 = USB)
 * @property {number} vendor   `I:` vendor id
 * @property {number} product  `I:` product id
 * @property {Uint8Array} rdesc `R:` report descriptor
 * @property {{ time: number, bytes: Uint8Array }[]} events `E:` reports (time in seconds)
 */

/**
 * Parse hid-recorder text (`R:`, `N:`, `P:`, `I:`, `E:`; `#` comments and `B:` ignored; `D: n`
 * starts another device). Lengths in `R:`/`E:` are checked against the byte count.
 *
 * @param {string} text
 * @returns {Recording[]} one entry per device, in file order
 */
export function parseRecording(text) {
	/** @type {Recording[]} */
	const devices = [];
	let cur;
	const device = () => {
		if (!cur) {
			cur = { name: '', phys: '', bus: 0, vendor: 0, product: 0, rdesc: new Uint8Array(), events: [] };
			devices.push(cur);
		}
		return cur;
	};
	const bytes = (fields, lineNo) => {
		const len = Number(fields[0]);
		const data = Uint8Array.from(fields.slice(1), (h) => parseInt(h, 16));
		if (!Number.isInteger(len) || data.length !== len || data.some(Number.isNaN))
			throw new Error(`hid-recorder line ${lineNo}: length ${fields[0]} does not match ${data.length} bytes`);
		return data;
	};
	text.split('\n').forEach((raw, i) => {
		const line = raw.trimEnd();
		const m = /^([A-Z]): ?(.*)$/.exec(line);
		if (!m || line.startsWith('#')) return;
		const [, tag, rest] = m;
		const fields = rest.split(/\s+/).filter(Boolean);
		switch (tag) {
			case 'D':
				cur = undefined;
				device();
				break;
			case 'R':
				device().rdesc = bytes(fields, i + 1);
				break;
			case 'N':
				device().name = rest;
				break;
			case 'P':
				device().phys = rest;
				break;
			case 'I': {
				const d = device();
				[d.bus, d.vendor, d.product] = fields.map((h) => parseInt(h, 16));
				break;
			}
			case 'E':
				device().events.push({ time: Number(fields[0]), bytes: bytes(fields.slice(1), i + 1) });
				break;
			default: // B: (pre-BPF copy of the next E:) and unknown tags are not needed for replay.
		}
	});
	return devices;
}

/**
 * Load the first device of a hid-recorder fixture (`*.hid.txt`).
 *
 * @param {string} name file name in app/test/fixtures, e.g. `msmouse.hid.txt`
 * @returns {Recording}
 */
export function loadRecording(name) {
	const devices = parseRecording(readFileSync(FIXTURES_DIR + name, 'utf8'));
	if (devices.length === 0 || devices[0].rdesc.length === 0) throw new Error(`${name}: no R: line`);
	return devices[0];
}
