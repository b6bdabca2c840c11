/**
 * Drains a character device (evdev or hidraw node) from a worker thread with non-blocking reads.
 *
 * Why a worker: the kernel queues are short (hidraw: 64 reports per open file, and it drops the
 * *new* report when full; evdev: max(64, 8 × events-per-packet) events), i.e. a few milliseconds at
 * 8 kHz. The main thread also pairs, formats and writes records, so reading there would overflow
 * them whenever it is busy. The worker reads until EAGAIN, hands everything over in one message,
 * and sleeps `pollMs` only when the node is empty. Non-blocking so that `close()` never waits on a
 * read stuck in the kernel.
 *
 * `framed` (hidraw): every read() returns exactly one report; the worker prefixes each with a
 * 12-byte header (u32 length, u64 CLOCK_MONOTONIC ns taken right after the read) so arrival times
 * are not skewed by main-thread latency. Unframed (evdev): raw bytes, records carry kernel times.
 */
import type * as Fs from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';

export const FRAME_HEADER = 12;

export interface NodeReader {
	readonly node: string;
	close(): Promise<void>;
}

/** How a node is drained: a reader worker (`openNodeReader`) or a process (drain-process.ts). */
export type OpenNode = (
	node: string,
	opts: NodeReaderOptions,
	onData: (bytes: Uint8Array) => void,
	onError: (error: CaptureError) => void,
) => Promise<Result<NodeReader, CaptureError>>;

export interface NodeReaderOptions {
	readonly framed: boolean;
	/** Sleep between empty reads (default 1 ms: hidraw holds 8 ms of an 8 kHz device). */
	readonly pollMs?: number;
	/** Hand data to the main thread at most this often while the node keeps delivering (15 ms). */
	readonly flushMs?: number;
}

/* The worker body. It is serialised with Function.prototype.toString and run with `eval: true`
 * (CommonJS, hence require), so it must not reference anything from this module's scope. */
function readerWorkerMain(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { parentPort, workerData } = require('node:worker_threads') as typeof WorkerThreads;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const fs = require('node:fs') as typeof Fs;
	const { path, pollMs, flushMs, framed, control } = workerData as {
		path: string;
		pollMs: number;
		flushMs: number;
		framed: boolean;
		control: SharedArrayBuffer;
	};
	const stop = new Int32Array(control);
	// Every empty poll throws EAGAIN; without a stack trace that costs little. With one, under qemu
	// TCG, 1000 polls/s per node ate a large share of a vCPU (this isolate only).
	Error.stackTraceLimit = 0;
	const post = (m: unknown, transfer?: ArrayBuffer[]): void => parentPort?.postMessage(m, transfer);
	let fd: number;
	try {
		fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
	} catch (e) {
		post({ kind: 'error', errno: (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN' });
		return;
	}
	post({ kind: 'open' });
	// 16 KiB = HID_MAX_BUFFER_SIZE (one report), or 682 evdev events per read.
	const buf = Buffer.alloc(16 * 1024 + 16);
	const chunks: Buffer[] = [];
	let size = 0;
	let lastFlush = 0;
	let idle = 0;
	const flush = (): void => {
		if (size === 0) return;
		lastFlush = Date.now();
		const all = Buffer.concat(chunks, size);
		chunks.length = 0;
		size = 0;
		const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
		post({ kind: 'data', bytes: ab }, [ab]);
	};
	while (Atomics.load(stop, 0) === 0) {
		let n: number;
		try {
			n = fs.readSync(fd, buf, framed ? 12 : 0, 16 * 1024, null);
		} catch (e) {
			const errno = (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
			if (errno === 'EAGAIN') {
				idle += 1;
				// Read often (the kernel queue is short), hand over rarely: every message costs the
				// main thread a wakeup, which under TCG was what saturated it.
				if (Date.now() - lastFlush >= flushMs) flush();
				// A node idle for 8 polls (e.g. the Consumer Control half of a mouse) is polled 4× less
				// often: every wakeup costs CPU the busy readers need (qemu TCG on a loaded host).
				Atomics.wait(stop, 0, 0, idle > 8 ? pollMs * 4 : pollMs);
				continue;
			}
			flush();
			post({ kind: 'error', errno });
			break;
		}
		idle = 0;
		if (n === 0) {
			flush();
			post({ kind: 'error', errno: 'EOF' });
			break;
		}
		if (framed) {
			buf.writeUInt32LE(n, 0);
			buf.writeBigUInt64LE(process.hrtime.bigint(), 4);
			n += 12;
		}
		chunks.push(Buffer.from(buf.subarray(0, n)));
		size += n;
		// Hand over at least every 64 KiB even while the node keeps delivering.
		if (size >= 64 * 1024) flush();
	}
	flush();
	fs.closeSync(fd);
}

const WORKER_SOURCE = `(${readerWorkerMain.toString()})();`;

/**
 * Opens `node` in a reader worker. Resolves once it is open (EACCES → `permission-denied`, other
 * errors → `open-failed`); afterwards bytes go to `onData`, a read error (ENODEV/EIO after a
 * re-probe) to `onError`, once.
 */
export const openNodeReader: OpenNode = (node, opts, onData, onError) => {
	const control = new SharedArrayBuffer(4);
	const stop = new Int32Array(control);
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: {
			path: node,
			pollMs: opts.pollMs ?? 1,
			flushMs: opts.flushMs ?? 15,
			framed: opts.framed,
			control,
		},
	});
	let opened = false;
	const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	const reader: NodeReader = {
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
				onData(new Uint8Array(m.bytes));
			} else if (m.kind === 'error') {
				const errno = m.errno ?? 'EUNKNOWN';
				if (!opened) resolve(err(openError(node, errno)));
				else onError(captureError('read-failed', `reading ${node}: ${errno}`, { path: node, errno }));
			}
		});
		worker.once('error', (e) => {
			if (!opened) resolve(err(captureError('open-failed', `reader for ${node}: ${e.message}`)));
			else onError(captureError('read-failed', `reader for ${node}: ${e.message}`));
		});
		worker.once('exit', () => {
			if (!opened) resolve(err(captureError('open-failed', `reader for ${node} exited before opening`)));
		});
	});
};

/** The open error for an errno name: EACCES/EPERM tell the user how to get access. */
export function openError(node: string, errno: string): CaptureError {
	if (errno === 'EACCES' || errno === 'EPERM') {
		return captureError(
			'permission-denied',
			`opening ${node}: permission denied. Recording needs root (sudo hidfix record …) or a udev rule granting access to the node.`,
			{ path: node, errno },
		);
	}
	return captureError('open-failed', `opening ${node}: ${errno}`, { path: node, errno });
}
