/**
 * Runs `hidfix-trace` (bpf/tracer/hidfix-trace.c) and turns its stdout into `B:` reports.
 *
 * The streamer attaches a struct_ops tracer with BPF_F_BEFORE, so it runs before every other
 * HID-BPF program of the device and sees the bytes as the device sent them (hid-recorder's `B:`).
 * Its link is not pinned: the trace ends when the process exits, even if we crash.
 *
 * Protocol (stdout, one line each, documented in bpf/tracer/README.md):
 *   `# hidfix-trace: attached hid_id=<n>`          once, after attach: we are ready
 *   `B: <sec>.<usec> <len> <hex …>`                 one per report, absolute CLOCK_MONOTONIC time
 *   `# hidfix-trace: reports=<n> lost=<m>`         at exit; lost = ringbuf reservations that failed
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';

export interface TracedReport {
	/** CLOCK_MONOTONIC ns (microsecond resolution). */
	readonly t: bigint;
	readonly data: Uint8Array;
}

export interface TracerSummary {
	readonly reports: number;
	/** Reports the BPF program could not queue (ringbuf full): B: lines that are missing. */
	readonly lost: number;
	readonly exitCode: number | null;
	readonly stderr: string;
}

export interface Tracer {
	stop(): Promise<TracerSummary>;
}

export interface StartTracer {
	(sysfsPath: string, sink: (r: TracedReport) => void): Promise<Result<Tracer, CaptureError>>;
}

/** Parses one `B:` line; undefined for anything else (comments, garbage). Hot path: no regex per byte. */
export function parseTraceLine(line: string): TracedReport | undefined {
	const m = /^B: (\d+)\.(\d{6}) (\d+)/.exec(line);
	if (m === null) return undefined;
	const len = Number(m[3]);
	let i = m[0].length;
	if (line.length !== i + len * 3 && line.length !== i + len * 3 + 1) return undefined;
	const data = new Uint8Array(len);
	for (let k = 0; k < len; k++, i += 3) {
		const v = line.charCodeAt(i) === 32 ? Number.parseInt(line.slice(i + 1, i + 3), 16) : NaN;
		if (Number.isNaN(v)) return undefined;
		data[k] = v;
	}
	return { t: BigInt(m[1] ?? '0') * 1_000_000_000n + BigInt(m[2] ?? '0') * 1000n, data };
}

/** A StartTracer bound to one `hidfix-trace` binary. */
export function tracerAt(binary: string, opts: { readyTimeoutMs?: number } = {}): StartTracer {
	return async (sysfsPath, sink) => {
		try {
			await access(binary, constants.X_OK);
		} catch {
			return err(
				captureError(
					'tracer-missing',
					`the B: tracer ${binary} is missing or not executable; build it with \`make -C bpf tracer\`, or record with --bpf never`,
					{ path: binary },
				),
			);
		}
		const child = spawn(binary, [sysfsPath], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (s: string) => {
			// Keep the tail only: it is for the error message.
			stderr = (stderr + s).slice(-4000);
		});
		let reports = 0;
		let lost = 0;
		const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
		const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
		let markReady: (() => void) | undefined;
		const ready = new Promise<void>((resolve) => (markReady = resolve));
		lines.on('line', (line) => {
			const r = parseTraceLine(line);
			if (r !== undefined) {
				reports += 1;
				sink(r);
				return;
			}
			if (line.startsWith('# hidfix-trace: attached')) markReady?.();
			const end = /^# hidfix-trace: reports=(\d+) lost=(\d+)/.exec(line);
			if (end !== null) lost = Number(end[2]);
		});
		const timeoutMs = opts.readyTimeoutMs ?? 20_000;
		let timer: NodeJS.Timeout | undefined;
		const outcome = await Promise.race([
			ready.then(() => 'ready' as const),
			exited.then(() => 'exited' as const),
			new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
		]);
		clearTimeout(timer);
		if (outcome !== 'ready') {
			child.kill('SIGKILL');
			const code = await exited;
			const why =
				outcome === 'timeout' ? `did not attach within ${timeoutMs} ms` : `exited with status ${code}`;
			return err(
				captureError(
					'tracer-failed',
					`the B: tracer ${why}: ${stderr.trim() || '(no message)'}. Recording needs root and a kernel with CONFIG_HID_BPF; use --bpf never to record without B: lines`,
					{ path: sysfsPath },
				),
			);
		}
		return ok({
			async stop() {
				child.kill('SIGTERM');
				const exitCode = await exited;
				return { reports, lost, exitCode, stderr };
			},
		});
	};
}
