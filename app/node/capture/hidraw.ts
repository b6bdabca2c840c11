/**
 * hidraw reading. Two readers with one interface:
 *
 * - `openHidrawDirect` (default): a worker thread drains the node with non-blocking reads and
 *   stamps each report right after its read() (node-reader.ts). Chosen after measuring in the VM:
 *   the kernel keeps only 64 reports per open hidraw file and drops the *new* report when full
 *   (HIDRAW_BUFFER_SIZE), and what made us lose reports was main-thread latency.
 * - `openHidrawNodeHid`: node-hid's `HIDAsync` (native reader thread, unbounded queue). It never
 *   loses a report to a busy JS thread, but it hands reports over one thread-safe-function call
 *   each and can only stamp them on arrival in JS; under qemu TCG at 1 kHz with the B: tracer the
 *   JS side fell 10–15 s behind (capture.test.mjs history). Kept for Electron main, where node-hid
 *   is the device API anyway.
 */
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';
import { FRAME_HEADER, openNodeReader } from './node-reader.js';

export interface HidrawReport {
	/** CLOCK_MONOTONIC ns: right after read() (direct reader) or on arrival in JS (node-hid). */
	readonly t: bigint;
	readonly data: Uint8Array;
}

export type HidrawMessage =
	| { readonly kind: 'report'; readonly node: string; readonly report: HidrawReport }
	| { readonly kind: 'error'; readonly node: string; readonly error: CaptureError };

export interface HidrawReader {
	readonly node: string;
	close(): Promise<void>;
}

export type OpenHidraw = (
	node: string,
	sink: (m: HidrawMessage) => void,
) => Promise<Result<HidrawReader, CaptureError>>;

/** Opens `/dev/hidrawN` with node-hid (loaded lazily so fake-sysfs tests never load the binding). */
export const openHidrawNodeHid: OpenHidraw = async (node, sink) => {
	const { HIDAsync } = await import('node-hid');
	let dev: Awaited<ReturnType<typeof HIDAsync.open>>;
	try {
		dev = await HIDAsync.open(node);
	} catch (e) {
		const message = (e as Error).message;
		if (/permission denied/i.test(message)) {
			return err(
				captureError(
					'permission-denied',
					`opening ${node}: permission denied. Recording needs root (sudo hidfix record …) or a udev rule granting access to the hidraw node.`,
					{ path: node, errno: 'EACCES' },
				),
			);
		}
		return err(captureError('open-failed', `opening ${node}: ${message}`, { path: node }));
	}
	let closed = false;
	dev.on('data', (data: Buffer) => {
		sink({ kind: 'report', node, report: { t: process.hrtime.bigint(), data } });
	});
	dev.on('error', (e: Error) => {
		// node-hid stops its reader after the first error; a re-probed device fails reads with EIO.
		if (!closed)
			sink({ kind: 'error', node, error: captureError('read-failed', `reading ${node}: ${e.message}`) });
	});
	return ok({
		node,
		async close() {
			if (closed) return;
			closed = true;
			try {
				await dev.close();
			} catch {
				// Closing a device that vanished fails; there is nothing left to release.
			}
		},
	});
};

/** Opens `/dev/hidrawN` in a reader worker; each report carries the time it was read. */
export const openHidrawDirect: OpenHidraw = (node, sink) =>
	openNodeReader(
		node,
		{ framed: true },
		(bytes) => {
			const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			for (let o = 0; o + FRAME_HEADER <= bytes.byteLength;) {
				const len = view.getUint32(o, true);
				const t = view.getBigUint64(o + 4, true);
				const data = bytes.subarray(o + FRAME_HEADER, o + FRAME_HEADER + len);
				sink({ kind: 'report', node, report: { t, data } });
				o += FRAME_HEADER + len;
			}
		},
		(error) => sink({ kind: 'error', node, error }),
	);
