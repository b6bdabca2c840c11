/**
 * evdev reading: `struct input_event` decoding and a reader that never lets the kernel buffer fill.
 *
 * Why a worker thread: an evdev client buffer holds only max(64, 8 × events-per-packet) events
 * (kernel `evdev_compute_buffer_size`), i.e. a few milliseconds of an 8 kHz mouse. The main thread
 * also dispatches every hidraw report, so a busy main loop would overflow the buffer (SYN_DROPPED).
 * The worker drains the node with non-blocking reads of up to 1024 events per syscall and sleeps
 * `pollMs` only when the node is empty; timestamps come from the kernel, so poll latency does not
 * skew them. Non-blocking so that `close()` never waits on a read stuck in the kernel.
 */
import type * as Fs from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';
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

/* The worker body. It is serialised with Function.prototype.toString and run with `eval: true`
 * (CommonJS, hence require), so it must not reference anything from this module's scope. */
function evdevWorkerMain(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { parentPort, workerData } = require('node:worker_threads') as typeof WorkerThreads;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const fs = require('node:fs') as typeof Fs;
	const { path, pollMs, control } = workerData as {
		path: string;
		pollMs: number;
		control: SharedArrayBuffer;
	};
	const stop = new Int32Array(control);
	const post = (m: unknown, transfer?: ArrayBuffer[]): void => parentPort?.postMessage(m, transfer);
	let fd: number;
	try {
		fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
	} catch (e) {
		post({ kind: 'error', errno: (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN' });
		return;
	}
	post({ kind: 'open' });
	const buf = Buffer.alloc(24 * 1024);
	const chunks: Buffer[] = [];
	let size = 0;
	const flush = (): void => {
		if (size === 0) return;
		const all = Buffer.concat(chunks, size);
		chunks.length = 0;
		size = 0;
		const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
		post({ kind: 'data', bytes: ab }, [ab]);
	};
	while (Atomics.load(stop, 0) === 0) {
		let n: number;
		try {
			n = fs.readSync(fd, buf, 0, buf.length, null);
		} catch (e) {
			const errno = (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
			if (errno === 'EAGAIN') {
				flush();
				Atomics.wait(stop, 0, 0, pollMs);
				continue;
			}
			flush();
			post({ kind: 'error', errno });
			break;
		}
		if (n === 0) {
			flush();
			post({ kind: 'error', errno: 'EOF' });
			break;
		}
		chunks.push(Buffer.from(buf.subarray(0, n)));
		size += n;
		// Hand over at least every 64 KiB even while the node keeps delivering.
		if (size >= 64 * 1024) flush();
	}
	flush();
	fs.closeSync(fd);
}

const WORKER_SOURCE = `(${evdevWorkerMain.toString()})();`;

/**
 * Opens an evdev node and streams its events to `sink` in batches. Resolves once the node is open
 * (or with the open error: EACCES → `permission-denied`, ENOENT/ENODEV → `open-failed`).
 */
export function openEvdev(
	node: string,
	sink: (m: EvdevMessage) => void,
	opts: { pollMs?: number } = {},
): Promise<Result<EvdevReader, CaptureError>> {
	const control = new SharedArrayBuffer(4);
	const stop = new Int32Array(control);
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { path: node, pollMs: opts.pollMs ?? 1, control },
	});
	let rest: Uint8Array = new Uint8Array(0);
	let opened = false;
	const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	const reader: EvdevReader = {
		node,
		async close() {
			Atomics.store(stop, 0, 1);
			Atomics.notify(stop, 0);
			await exited;
		},
	};
	return new Promise((resolve) => {
		worker.on('message', (m: { kind: string; bytes?: ArrayBuffer; errno?: string }) => {
			if (m.kind === 'open') {
				opened = true;
				resolve(ok(reader));
			} else if (m.kind === 'data' && m.bytes !== undefined) {
				const bytes = new Uint8Array(m.bytes);
				const joined = rest.byteLength === 0 ? bytes : concat(rest, bytes);
				const parsed = parseInputEvents(joined);
				rest = parsed.rest.slice();
				if (parsed.events.length > 0) sink({ kind: 'events', node, events: parsed.events });
			} else if (m.kind === 'error') {
				const errno = m.errno ?? 'EUNKNOWN';
				if (!opened) {
					resolve(err(openError(node, errno)));
					return;
				}
				sink({
					kind: 'error',
					node,
					error: captureError('read-failed', `reading ${node}: ${errno}`, { path: node, errno }),
				});
			}
		});
		worker.once('error', (e) => {
			if (!opened) resolve(err(captureError('open-failed', `evdev reader for ${node}: ${e.message}`)));
			else
				sink({
					kind: 'error',
					node,
					error: captureError('read-failed', `evdev reader for ${node}: ${e.message}`),
				});
		});
		worker.once('exit', () => {
			if (!opened)
				resolve(err(captureError('open-failed', `evdev reader for ${node} exited before opening`)));
		});
	});
}

function openError(node: string, errno: string): CaptureError {
	if (errno === 'EACCES' || errno === 'EPERM') {
		return captureError(
			'permission-denied',
			`opening ${node}: permission denied. Recording needs root (sudo hidfix record …).`,
			{ path: node, errno },
		);
	}
	return captureError('open-failed', `opening ${node}: ${errno}`, { path: node, errno });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.byteLength + b.byteLength);
	out.set(a, 0);
	out.set(b, a.byteLength);
	return out;
}
