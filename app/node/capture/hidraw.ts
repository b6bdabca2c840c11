/**
 * hidraw reading through node-hid's `HIDAsync`.
 *
 * Why node-hid and not fs reads: the kernel keeps only 64 reports per open hidraw file and drops
 * the *new* report when that queue is full (`HIDRAW_BUFFER_SIZE`), i.e. 8 ms at 8 kHz. A hidraw
 * read returns one report per syscall, so an fs-based reader would need 8000 round trips per
 * second through libuv's thread pool. node-hid's native reader thread loops on
 * `hid_read_timeout()` and queues every report into an unbounded thread-safe-function queue, so
 * the kernel queue is drained even while the JS thread is busy. Cost: no kernel timestamp, so each
 * report is stamped on arrival in JS (`process.hrtime.bigint()`, CLOCK_MONOTONIC), which lags the
 * real arrival by the JS queue latency (measured in the VM test).
 */
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';

export interface HidrawReport {
	/** CLOCK_MONOTONIC nanoseconds, taken when the report reached JS. */
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
