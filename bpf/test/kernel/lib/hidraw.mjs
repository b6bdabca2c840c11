// hidraw access for kernel tests: reports exactly as the kernel delivers them to userspace (after
// any HID-BPF hid_device_event program), and the ioctl-only facts through bpf/out/tools/hidraw-info.
import { execFileSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';
import { DEFAULT_TIMEOUT_MS, readWithDeadline } from './wait.mjs';

/** Path of the hidraw-info tool (built by `make -C bpf test-tools`). */
export const HIDRAW_INFO = fileURLToPath(new URL('../../../out/tools/hidraw-info', import.meta.url));

/**
 * @typedef {object} HidrawInfo what the hidraw ioctls report
 * @property {string} name       HIDIOCGRAWNAME
 * @property {string} phys       HIDIOCGRAWPHYS
 * @property {number} bustype    HIDIOCGRAWINFO
 * @property {number} vendor     HIDIOCGRAWINFO (unsigned)
 * @property {number} product    HIDIOCGRAWINFO (unsigned)
 * @property {Uint8Array} rdesc  HIDIOCGRDESC (the descriptor hidraw clients see, i.e. after fixups)
 * @property {Uint8Array} [feature] HIDIOCGFEATURE result, when `getFeature` was asked for
 */

/**
 * Query a hidraw node's ioctls (name, ids, report descriptor; optionally read a feature report).
 * Runs a child process synchronously; a uhid device created by this process still answers the
 * resulting GET_REPORT because its requests are served by a worker thread (uhid.mjs).
 *
 * @param {string} node e.g. `/dev/hidraw0`
 * @param {{ getFeature?: { id: number, size: number } }} [opts] also GET_REPORT feature `id`
 *   (`size` bytes including the report ID)
 * @returns {HidrawInfo}
 * @throws {Error} with hidraw-info's stderr when an ioctl fails (e.g. EIO from a refused GET_REPORT)
 */
export function hidrawInfo(node, { getFeature } = {}) {
	if (!existsSync(HIDRAW_INFO)) throw new Error(`${HIDRAW_INFO} missing: run \`make -C bpf test-tools\``);
	const args = getFeature ? [node, '--get-feature', String(getFeature.id), String(getFeature.size)] : [node];
	let out;
	try {
		out = execFileSync(HIDRAW_INFO, args, { encoding: 'utf8', timeout: 15_000, stdio: 'pipe' });
	} catch (e) {
		throw new Error(e.stderr?.trim() || e.message);
	}
	const info = JSON.parse(out);
	if (info.rdesc.length !== info.rdescSize * 2) throw new Error(`hidraw-info: bad rdesc in ${out}`);
	const bytes = (h) => new Uint8Array(Buffer.from(h, 'hex'));
	return {
		...info,
		rdesc: bytes(info.rdesc),
		...(info.feature !== undefined && { feature: bytes(info.feature) }),
	};
}

/** An open hidraw node. Reads never block: each has a deadline. */
export class Hidraw {
	#fd;

	/** @param {string} node `/dev/hidrawN` */
	constructor(node) {
		this.node = node;
		this.#fd = openSync(node, constants.O_RDWR | constants.O_NONBLOCK);
	}

	/**
	 * Next input report (report ID first for numbered reports).
	 *
	 * @param {{ timeoutMs?: number }} [opts]
	 * @returns {Promise<Uint8Array>}
	 * @throws {Error} on timeout, or ENODEV-like errors after the device went away/reconnected
	 */
	read({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
		// 4096 = HID_MAX_BUFFER_SIZE: hidraw truncates reports to the buffer, so never go smaller.
		return readWithDeadline(this.#fd, 4096, { timeoutMs, what: `a report on ${this.node}` });
	}

	/**
	 * Drop reports already queued (e.g. from an earlier step), so the next read() sees new ones.
	 *
	 * @returns {Promise<Uint8Array[]>} what was dropped
	 */
	async drain() {
		const dropped = [];
		for (;;) {
			try {
				dropped.push(await readWithDeadline(this.#fd, 4096, { timeoutMs: 0 }));
			} catch (e) {
				if (/timed out/.test(e.message)) return dropped;
				throw e;
			}
		}
	}

	/** Write an output report (hidraw write(): report ID first; 0 for unnumbered reports). */
	write(bytes) {
		return writeSync(this.#fd, Buffer.from(bytes));
	}

	close() {
		if (this.#fd !== undefined) closeSync(this.#fd);
		this.#fd = undefined;
	}
}

/** Open a hidraw node for reading reports. Close it when done (or use `using` in newer Node). */
export function openHidraw(node) {
	return new Hidraw(node);
}
