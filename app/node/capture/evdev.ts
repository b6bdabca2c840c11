/**
 * evdev reading: `struct input_event` decoding and a reader that never lets the kernel buffer fill
 * (a worker thread, node-reader.ts; or the hidfix-read process, drain-process.ts). Timestamps are
 * the kernel's.
 */
import type { Result } from '../../common/result.js';
import type { CaptureError } from './errors.js';
import { concat } from '../../common/bytes.js';
import { openNodeReader, type OpenNode } from './node-reader.js';
import {
	ABS_NAMES,
	EV_NAMES,
	KEY_NAMES,
	MSC_NAMES,
	REL_NAMES,
	SYN_NAMES,
} from './input-event-codes.generated.js';

/** sizeof(struct input_event) on 64-bit Linux: struct timeval (2 × 8), u16 type, u16 code, s32 value. */
export const INPUT_EVENT_SIZE = 24;

export const EV_SYN = 0x00;
export const EV_KEY = 0x01;
export const EV_REL = 0x02;
export const EV_ABS = 0x03;
export const EV_MSC = 0x04;
export const SYN_REPORT = 0;
export const SYN_DROPPED = 3;

export interface InputEvent {
	/** Kernel timestamp (CLOCK_REALTIME unless someone set EVIOCSCLOCKID on this fd). */
	readonly sec: number;
	readonly usec: number;
	readonly type: number;
	readonly code: number;
	readonly value: number;
}

/**
 * Decodes whole `input_event` records; returns the bytes of a trailing partial record separately
 * (a read never splits one in practice, but a file or test input may).
 */
export function parseInputEvents(buf: Uint8Array): { events: InputEvent[]; rest: Uint8Array } {
	const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	const whole = buf.byteLength - (buf.byteLength % INPUT_EVENT_SIZE);
	const events: InputEvent[] = [];
	for (let o = 0; o < whole; o += INPUT_EVENT_SIZE) {
		events.push({
			sec: Number(view.getBigInt64(o, true)),
			usec: Number(view.getBigInt64(o + 8, true)),
			type: view.getUint16(o + 16, true),
			code: view.getUint16(o + 18, true),
			value: view.getInt32(o + 20, true),
		});
	}
	return { events, rest: buf.subarray(whole) };
}

/** Inverse of parseInputEvents, for tests and fixtures. */
export function encodeInputEvents(events: readonly InputEvent[]): Uint8Array {
	const out = new Uint8Array(events.length * INPUT_EVENT_SIZE);
	const view = new DataView(out.buffer);
	events.forEach((e, i) => {
		const o = i * INPUT_EVENT_SIZE;
		view.setBigInt64(o, BigInt(e.sec), true);
		view.setBigInt64(o + 8, BigInt(e.usec), true);
		view.setUint16(o + 16, e.type, true);
		view.setUint16(o + 18, e.code, true);
		view.setInt32(o + 20, e.value, true);
	});
	return out;
}

const CODE_TABLES: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
	[EV_SYN, SYN_NAMES],
	[EV_KEY, KEY_NAMES],
	[EV_REL, REL_NAMES],
	[EV_ABS, ABS_NAMES],
	[EV_MSC, MSC_NAMES],
]);

/** `EV_REL` / `REL_X`; unknown values print as hex so nothing is silently dropped. */
export function eventNames(type: number, code: number): { type: string; code: string } {
	const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
	return {
		type: EV_NAMES.get(type) ?? `EV_${hex(type)}`,
		code: CODE_TABLES.get(type)?.get(code) ?? hex(code),
	};
}

export type EvdevMessage =
	| { readonly kind: 'events'; readonly node: string; readonly events: readonly InputEvent[] }
	| { readonly kind: 'error'; readonly node: string; readonly error: CaptureError };

export interface EvdevReader {
	readonly node: string;
	close(): Promise<void>;
}

/**
 * Opens an evdev node and streams its events to `sink` in batches, drained by `opts.openNode` (a
 * reader worker by default, see node-reader.ts; or `hidfix-read`, see drain-process.ts). Resolves
 * once the node is open, or with the open error.
 */
export async function openEvdev(
	node: string,
	sink: (m: EvdevMessage) => void,
	opts: { pollMs?: number; openNode?: OpenNode } = {},
): Promise<Result<EvdevReader, CaptureError>> {
	// A pipe may cut an event anywhere: the tail waits for the next chunk.
	let rest: Uint8Array = new Uint8Array(0);
	return (opts.openNode ?? openNodeReader)(
		node,
		{ framed: false, ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}) },
		(bytes) => {
			const joined = rest.byteLength === 0 ? bytes : concat([rest, bytes]);
			const parsed = parseInputEvents(joined);
			rest = parsed.rest.slice();
			if (parsed.events.length > 0) sink({ kind: 'events', node, events: parsed.events });
		},
		(error) => sink({ kind: 'error', node, error }),
	);
}
