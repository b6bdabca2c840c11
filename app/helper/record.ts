/**
 * `record`: the device's reports as root, for the window's before/after recordings (hidraw and evdev
 * nodes are root-only, and B: lines need a BPF tracer). The hid-recorder text goes to stdout as it
 * is recorded; the reply line follows it. Stops after `seconds`, or earlier when stdin closes (the
 * window's Stop button). Changes nothing on the system: no journal.
 */
import { join } from 'node:path';
import { err, ok, type Result } from '../common/result.js';
import type { RecordReply } from '../common/elevation/protocol.js';
import { drainProcessAt } from '../node/capture/drain-process.js';
import { startRecordSession } from '../node/capture/record-session.js';
import { helperError, type HelperError } from './errors.js';

export interface RecordDeps {
	readonly sysfs: string;
	readonly dev: string;
	readonly bpffs: string;
	/** bpf/out: tracer/hidfix-trace and reader/hidfix-read, next to hidfix-loader. */
	readonly binDir: string;
	readonly now: Date;
	/** Raw stdout: the recording text. */
	readonly write: (text: string) => void;
	/** Resolves when the caller wants the recording to end early (stdin closed). */
	readonly stopRequested: Promise<void>;
	readonly log: (line: string) => void;
}

export async function record(
	sysname: string,
	seconds: number,
	d: RecordDeps,
): Promise<Result<Omit<RecordReply, 'recovered'>, HelperError>> {
	const session = await startRecordSession({
		sysname,
		roots: { sysfs: d.sysfs, dev: d.dev },
		bpffsRoot: d.bpffs,
		bpf: 'auto',
		tracerBinary: join(d.binDir, 'tracer/hidfix-trace'),
		drain: drainProcessAt(join(d.binDir, 'reader/hidfix-read')),
		now: d.now,
		write: d.write,
	});
	if (!session.ok) {
		const e = session.error;
		const code = e.code === 'device-not-found' ? 'device-not-found' : 'record-failed';
		return err(helperError(code, e.message, { captureCode: e.code }));
	}
	d.log(`recording ${sysname}${session.value.withTracer ? ' with B: lines' : ''} for up to ${seconds} s`);
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		d.stopRequested,
		new Promise<void>((res) => (timer = setTimeout(res, seconds * 1000))),
	]);
	clearTimeout(timer);
	const s = await session.value.stop();
	d.log(`recorded ${s.reports} reports, ${s.bpfReports} B:, ${s.evdevEvents} evdev events`);
	return ok({
		verb: 'record',
		device: sysname,
		summary: {
			reports: s.reports,
			bpfReports: s.bpfReports,
			evdevEvents: s.evdevEvents,
			synDropped: s.synDropped,
			reconnects: s.reconnects,
			...(s.error && { error: s.error.message }),
		},
	});
}
