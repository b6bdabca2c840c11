// evdev access for kernel tests: what libinput/X/Wayland would see. Reads `struct input_event`
// (x86_64: struct timeval {s64 sec, s64 usec}, u16 type, u16 code, s32 value = 24 bytes).
import { closeSync, constants, openSync } from 'node:fs';
import { DEFAULT_TIMEOUT_MS, readWithDeadline } from './wait.mjs';

const EVENT_SIZE = 24;

/** Event types and the codes the tests use (include/uapi/linux/input-event-codes.h). */
export const EV = Object.freeze({ SYN: 0, KEY: 1, REL: 2, ABS: 3, MSC: 4 });
export const SYN_REPORT = 0;
export const MSC_SCAN = 4;
export const BTN = Object.freeze({ LEFT: 0x110, RIGHT: 0x111, MIDDLE: 0x112, SIDE: 0x113, EXTRA: 0x114 });
export const BTN_TOOL_PEN = 0x140;
export const BTN_TOUCH = 0x14a;
export const BTN_STYLUS = 0x14b;
export const BTN_STYLUS2 = 0x14c;
export const REL = Object.freeze({ X: 0, Y: 1, HWHEEL: 6, WHEEL: 8, WHEEL_HI_RES: 11, HWHEEL_HI_RES: 12 });
export const ABS = Object.freeze({ X: 0, Y: 1, PRESSURE: 0x18, TILT_X: 0x1a, TILT_Y: 0x1b });

/** @typedef {{ type: number, code: number, value: number, time: number }} InputEvent time in s */

/** An open evdev node. Reads never block: each has a deadline. */
export class Evdev {
	#fd;
	/** Events read past the end of the last frame, returned first by the next read. */
	#pending = [];

	/** @param {string} node `/dev/input/eventN` */
	constructor(node) {
		this.node = node;
		this.#fd = openSync(node, constants.O_RDONLY | constants.O_NONBLOCK);
	}

	/**
	 * Next input event.
	 *
	 * @param {{ timeoutMs?: number }} [opts]
	 * @returns {Promise<InputEvent>}
	 */
	async read({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
		if (this.#pending.length === 0) {
			// Up to 64 events per read(); evdev only returns whole events.
			const b = await readWithDeadline(this.#fd, EVENT_SIZE * 64, {
				timeoutMs,
				what: `an event on ${this.node}`,
			});
			const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
			for (let o = 0; o + EVENT_SIZE <= b.length; o += EVENT_SIZE) {
				this.#pending.push({
					time: Number(v.getBigInt64(o, true)) + Number(v.getBigInt64(o + 8, true)) / 1e6,
					type: v.getUint16(o + 16, true),
					code: v.getUint16(o + 18, true),
					value: v.getInt32(o + 20, true),
				});
			}
		}
		return this.#pending.shift();
	}

	/**
	 * Events up to and including the next EV_SYN/SYN_REPORT: everything one HID report produced.
	 *
	 * @param {{ timeoutMs?: number }} [opts] deadline for the whole frame
	 * @returns {Promise<InputEvent[]>} without the SYN_REPORT itself
	 */
	async readFrame({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
		const deadline = Date.now() + timeoutMs;
		const frame = [];
		for (;;) {
			const e = await this.read({ timeoutMs: Math.max(0, deadline - Date.now()) });
			if (e.type === EV.SYN && e.code === SYN_REPORT) return frame;
			frame.push(e);
		}
	}

	/** Drop queued events, so the next read sees only what happens after this call. */
	async drain() {
		const dropped = [];
		for (;;) {
			try {
				dropped.push(await this.read({ timeoutMs: 0 }));
			} catch (e) {
				if (/timed out/.test(e.message)) return dropped;
				throw e;
			}
		}
	}

	close() {
		if (this.#fd !== undefined) closeSync(this.#fd);
		this.#fd = undefined;
	}
}

/** Open an evdev node. Close it when done. */
export function openEvdev(node) {
	return new Evdev(node);
}

/** Compact form of events for assertions: `[[type, code, value], …]` (timestamps dropped). */
export function tuples(events) {
	return events.map((e) => [e.type, e.code, e.value]);
}
