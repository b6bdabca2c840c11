/**
 * hidraw reading. The kernel keeps only 64 reports per open hidraw file and drops the *new* report
 * when full (HIDRAW_BUFFER_SIZE): 8 ms of an 8 kHz device. Readers with one interface:
 *
 * - `hidrawVia(drainProcessAt(hidfix-read))` (what `hidfix record` uses when built): a C process
 *   sleeps in poll(), stamps each report right after its read() and moves it into a 1 MiB pipe
 *   (drain-process.ts). The only reader that lost nothing at 8 kHz for 10 s in the test VM
 *   (capture.test.mjs), where the recorder keeps the CPU ~100 % busy.
 * - `openHidrawDirect` (the Recorder's default): the same from a worker thread (node-reader.ts),
 *   which must poll; it lost ~3 % of reports at 8 kHz there.
 * - `openHidrawNodeHid`: node-hid's `HIDAsync` (native reader thread, unbounded queue). It hands
 *   reports over one thread-safe-function call each and can only stamp them on arrival in JS;
 *   under qemu TCG at 1 kHz with the B: tracer the JS side fell 10–15 s behind. Kept for Electron
 *   main, where node-hid is the device API anyway.
 */
import { concat } from '../../common/bytes.js';
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';
import { FRAME_HEADER, openNodeReader, type OpenNode } from './node-reader.js';

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

/**
 * Opens `/dev/hidrawN` drained by `openNode` (a reader worker by default, or `hidfix-read` through
 * drain-process.ts); each report carries the time it was read.
 */
export const hidrawVia =
	(openNode: OpenNode): OpenHidraw =>
	(node, sink) => {
		// A pipe may cut a frame anywhere: the tail waits for the next chunk.
		let rest: Uint8Array = new Uint8Array(0);
		return openNode(
			node,
			{ framed: true },
			(chunk) => {
				const bytes = rest.byteLength === 0 ? chunk : concat([rest, chunk]);
				const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
				let o = 0;
				while (o + FRAME_HEADER <= bytes.byteLength) {
					const len = view.getUint32(o, true);
					if (o + FRAME_HEADER + len > bytes.byteLength) break;
					const t = view.getBigUint64(o + 4, true);
					// A plain view, not a Buffer (the pipe's chunks are Buffers): records hold Uint8Arrays.
					const data = new Uint8Array(bytes.buffer, bytes.byteOffset + o + FRAME_HEADER, len);
					sink({ kind: 'report', node, report: { t, data } });
					o += FRAME_HEADER + len;
				}
				rest = bytes.slice(o);
			},
			(error) => sink({ kind: 'error', node, error }),
		);
	};

/** `/dev/hidrawN` in a reader worker. */
export const openHidrawDirect: OpenHidraw = hidrawVia(openNodeReader);
