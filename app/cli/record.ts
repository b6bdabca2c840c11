/**
 * `hidfix record <device> [--duration S] [--output FILE] [--bpf auto|always|never]`: record one HID
 * device in the hid-recorder text format (`R:`/`N:`/`I:` header, `E:` reports, `B:` reports before
 * any HID-BPF fix, evdev events and reconnects as `#` comments).
 *
 * Wiring (app/cli/run.ts): `record: recordCommand` in COMMANDS and `RECORD_USAGE` in USAGE.
 * Needs root for hidraw/evdev nodes (unless a udev rule grants access) and always for `B:` (BPF).
 */
import { accessSync, constants, createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { drainProcessAt } from '../node/capture/drain-process.js';
import type { CaptureError } from '../node/capture/errors.js';
import type { OpenNode } from '../node/capture/node-reader.js';
import { startRecordSession } from '../node/capture/record-session.js';
import type { RecorderOptions } from '../node/capture/recorder.js';
import { resolveDeviceArgument, SYSTEM_ROOTS, type SysfsRoots } from '../node/capture/sysfs-nodes.js';
import { UsageError, type CliContext } from './context.js';

export const RECORD_USAGE = `hidfix record <device> [--duration S] [--output FILE.hid.txt] [--bpf auto|always|never]
              <device>: 0003:046D:C077.0001, /sys/bus/hid/devices/…, or /dev/hidrawN
              --bpf auto (default): add B: lines when a HID-BPF fix is attached`;

/** Exit codes beyond the shared ones (0 ok, 2 usage, 3 file error). */
export const RECORD_EXIT = {
	ok: 0,
	usage: 2,
	io: 3,
	/** Device missing, permission denied, tracer failed: nothing was recorded. */
	capture: 20,
	/** The recording was written but ended early (the device did not come back after a re-probe). */
	incomplete: 21,
} as const;

/** What tests replace: sysfs/dev roots, readers, the tracer binary, and how a recording ends. */
export interface RecordDeps {
	readonly roots?: SysfsRoots;
	readonly bpffsRoot?: string;
	readonly tracerBinary?: string;
	readonly openHidraw?: RecorderOptions['openHidraw'];
	readonly openEvdev?: RecorderOptions['openEvdev'];
	/** Resolves when the user wants to stop (default: SIGINT/SIGTERM). */
	readonly interrupted?: () => Promise<void>;
}

/** A binary of bpf/out next to the build (out/app/cli/record.js → repo root). */
const bpfOut = (rel: string): string =>
	join(dirname(fileURLToPath(import.meta.url)), '../../../bpf/out', rel);

function defaultTracer(env: NodeJS.ProcessEnv): string {
	return env.HIDFIX_TRACE ?? bpfOut('tracer/hidfix-trace');
}

/**
 * hidfix-read drains hidraw/evdev into a pipe so a busy recorder loses nothing (drain-process.ts);
 * without it (not built) the reader workers do the same job with less slack.
 */
function defaultDrain(env: NodeJS.ProcessEnv): OpenNode | undefined {
	const bin = env.HIDFIX_READ ?? bpfOut('reader/hidfix-read');
	try {
		accessSync(bin, constants.X_OK);
		return drainProcessAt(bin);
	} catch {
		return undefined;
	}
}

function signals(): Promise<void> {
	return new Promise((res) => {
		const done = (): void => {
			process.off('SIGINT', done);
			process.off('SIGTERM', done);
			res();
		};
		process.once('SIGINT', done);
		process.once('SIGTERM', done);
	});
}

export async function recordCommand(args: string[], ctx: CliContext, deps: RecordDeps = {}): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			duration: { type: 'string' },
			output: { type: 'string', short: 'o' },
			bpf: { type: 'string', default: 'auto' },
		},
	});
	if (positionals.length !== 1) throw new UsageError('record takes exactly one device');
	const bpf = values.bpf;
	if (bpf !== 'auto' && bpf !== 'always' && bpf !== 'never') {
		throw new UsageError(`--bpf must be auto, always or never, not "${bpf}"`);
	}
	const duration = values.duration === undefined ? undefined : Number(values.duration);
	if (duration !== undefined && !(duration > 0 && Number.isFinite(duration))) {
		throw new UsageError(`--duration must be a positive number of seconds, not "${values.duration}"`);
	}
	const roots = deps.roots ?? SYSTEM_ROOTS;
	const fail = (e: CaptureError): number => {
		ctx.err(`hidfix record: ${e.message}\n`);
		return RECORD_EXIT.capture;
	};

	const dev = await resolveDeviceArgument(positionals[0] as string, roots);
	if (!dev.ok) return fail(dev.error);
	const sysname = dev.value;

	let out: WriteStream | undefined;
	const write = (text: string): void => {
		if (out) out.write(text);
		else ctx.out(text);
	};
	if (values.output !== undefined) {
		// Before the session starts: its header is the first thing written.
		out = createWriteStream(resolve(ctx.cwd, values.output), { flags: 'wx' });
		const opened = await new Promise<Error | undefined>((res) => {
			out?.once('open', () => res(undefined));
			out?.once('error', (e) => res(e));
		});
		if (opened) {
			ctx.err(`hidfix record: cannot create ${values.output}: ${opened.message}\n`);
			return RECORD_EXIT.io;
		}
	}
	const drain = deps.openHidraw && deps.openEvdev ? undefined : defaultDrain(ctx.env);
	const started = await startRecordSession({
		sysname,
		roots,
		bpffsRoot: deps.bpffsRoot ?? join(roots.sysfs, 'fs/bpf'),
		bpf,
		tracerBinary: deps.tracerBinary ?? defaultTracer(ctx.env),
		...(drain && { drain }),
		...(deps.openHidraw && { openHidraw: deps.openHidraw }),
		...(deps.openEvdev && { openEvdev: deps.openEvdev }),
		now: ctx.now(),
		write,
	});
	if (!started.ok) {
		// Nothing was recorded: leave no empty file behind.
		if (out && values.output !== undefined) {
			out.destroy();
			await unlink(resolve(ctx.cwd, values.output)).catch(() => undefined);
		}
		return fail(started.error);
	}
	const withTracer = started.value.withTracer;
	ctx.err(
		`hidfix record: recording ${sysname}${withTracer ? ' with B: lines' : ''}${duration ? ` for ${duration} s` : ''}; Ctrl-C stops\n`,
	);
	const stop = (deps.interrupted ?? signals)();
	let timer: NodeJS.Timeout | undefined;
	const timeout =
		duration === undefined
			? undefined
			: new Promise<void>((res) => (timer = setTimeout(res, duration * 1000)));
	await Promise.race([stop, ...(timeout ? [timeout] : [])]);
	clearTimeout(timer);
	const summary = await started.value.stop();
	if (out) {
		const closed = await new Promise<Error | undefined>((res) =>
			out?.end(() => res(undefined)).once('error', res),
		);
		if (closed) {
			ctx.err(`hidfix record: writing ${values.output}: ${closed.message}\n`);
			return RECORD_EXIT.io;
		}
	}
	ctx.err(
		`hidfix record: ${summary.reports} reports, ${summary.bpfReports} B:, ${summary.evdevEvents} evdev events\n`,
	);
	if (summary.error) {
		ctx.err(`hidfix record: ${summary.error.message}\n`);
		return RECORD_EXIT.incomplete;
	}
	return RECORD_EXIT.ok;
}
