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
import { concat } from '../../common/bytes.js';
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

const DIGIT_0 = 0x30;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const B_LINE = Buffer.from('B: ');

/** A hex digit's value, or -1. */
function hexValue(c: number): number {
	if (c >= 0x30 && c <= 0x39) return c - 0x30;
	const l = c | 0x20;
	return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/**
 * Parses one `B:` line from `buf[start, end)` (no newline); undefined for anything else (comments,
 * garbage, a length that disagrees with the bytes). Hot path — one call per report, 8 000/s at
 * 8 kHz — so it reads bytes, not strings: readline plus a regex cost ~40 µs a line in the test VM.
 */
export function parseTraceBytes(buf: Uint8Array, start: number, end: number): TracedReport | undefined {
	if (end - start < B_LINE.byteLength) return undefined;
	for (let k = 0; k < B_LINE.byteLength; k++) if (buf[start + k] !== B_LINE[k]) return undefined;
	let i = start + B_LINE.byteLength;
	// <sec>.<usec, 6 digits> <len>
	const number = (): number => {
		const from = i;
		let v = 0;
		while (i < end && (buf[i] ?? 0) >= DIGIT_0 && (buf[i] ?? 0) <= DIGIT_0 + 9 && i - from < 15)
			v = v * 10 + ((buf[i++] ?? 0) - DIGIT_0);
		return i === from ? -1 : v;
	};
	const sec = number();
	if (sec < 0 || buf[i++] !== 0x2e) return undefined;
	const usecAt = i;
	const usec = number();
	if (usec < 0 || i - usecAt !== 6 || buf[i++] !== SPACE) return undefined;
	const len = number();
	if (len < 0 || end - i !== len * 3) return undefined;
	const data = new Uint8Array(len);
	for (let k = 0; k < len; k++, i += 3) {
		const hi = hexValue(buf[i + 1] ?? 0);
		const lo = hexValue(buf[i + 2] ?? 0);
		if (buf[i] !== SPACE || hi < 0 || lo < 0) return undefined;
		data[k] = (hi << 4) | lo;
	}
	// sec·1e6 + usec stays exact in a double for 285 years of uptime.
	return { t: BigInt(sec * 1_000_000 + usec) * 1000n, data };
}

/** Parses one `B:` line given as a string (tests, tools). */
export function parseTraceLine(line: string): TracedReport | undefined {
	const b = Buffer.from(line.endsWith('\n') ? line.slice(0, -1) : line, 'latin1');
	return parseTraceBytes(b, 0, b.byteLength);
}

/** Splits a byte stream into lines; a line cut between chunks waits for the rest. */
function lineSplitter(onLine: (buf: Uint8Array, start: number, end: number) => void) {
	let rest: Uint8Array = new Uint8Array(0);
	return (chunk: Uint8Array): void => {
		const buf = rest.byteLength === 0 ? chunk : concat([rest, chunk]);
		let start = 0;
		for (let nl = buf.indexOf(NEWLINE); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
			onLine(buf, start, nl);
			start = nl + 1;
		}
		rest = buf.slice(start);
	};
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
		let markReady: (() => void) | undefined;
		const ready = new Promise<void>((resolve) => (markReady = resolve));
		const decoder = new TextDecoder();
		const onChunk = lineSplitter((buf, start, end) => {
			const r = parseTraceBytes(buf, start, end);
			if (r !== undefined) {
				reports += 1;
				sink(r);
				return;
			}
			const line = decoder.decode(buf.subarray(start, end));
			if (line.startsWith('# hidfix-trace: attached')) markReady?.();
			const summary = /^# hidfix-trace: reports=(\d+) lost=(\d+)/.exec(line);
			if (summary !== null) lost = Number(summary[2]);
		});
		child.stdout.on('data', onChunk);
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
