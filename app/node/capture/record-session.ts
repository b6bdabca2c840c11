/**
 * One recording of one HID device in the hid-recorder text format, from start to summary: what
 * `hidfix record` and the privileged helper's `record` verb both run. The `R:`/`N:`/`I:` header from
 * sysfs, `E:` reports, `B:` reports before any HID-BPF program (tracer attached BPF_F_BEFORE) when a
 * fix is attached, evdev events and reconnects as `#` comments, and a closing summary line.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDeviceHeader, formatEvent } from '../../common/hid/recording-writer.js';
import { err, ok, type Result } from '../../common/result.js';
import type { CaptureError } from './errors.js';
import { openEvdev as openEvdevNode } from './evdev.js';
import { hidrawVia } from './hidraw.js';
import type { OpenNode } from './node-reader.js';
import type { CaptureRecord } from './records.js';
import { recordLine, relTime } from './records.js';
import { Recorder, type RecorderOptions, type RecordingSummary } from './recorder.js';
import { readHidDeviceInfo, resolveHidNodes, type SysfsRoots } from './sysfs-nodes.js';
import { tracerAt } from './tracer.js';

export type BpfMode = 'auto' | 'always' | 'never';

export interface RecordSessionOptions {
	readonly sysname: string;
	readonly roots: SysfsRoots;
	/** `/sys/fs/bpf`: attached objects are listed in the header, and decide `auto`. */
	readonly bpffsRoot: string;
	/** `auto`: B: lines when a HID-BPF object is attached to the device (hid-recorder's rule). */
	readonly bpf: BpfMode;
	/** bpf/out/tracer/hidfix-trace. */
	readonly tracerBinary: string;
	/** hidfix-read (drain-process.ts); without it the reader workers read the nodes themselves. */
	readonly drain?: OpenNode;
	readonly openHidraw?: RecorderOptions['openHidraw'];
	readonly openEvdev?: RecorderOptions['openEvdev'];
	readonly now: Date;
	/** Receives the file's text in order, header first. */
	readonly write: (text: string) => void;
}

export interface RecordSession {
	/** The tracer is attached (the file has B: lines). */
	readonly withTracer: boolean;
	/** Stops, writes the summary line, and says what was recorded. */
	stop(): Promise<RecordingSummary>;
}

/** Objects attached to the device per bpffs (udev-hid-bpf layout), as hid-recorder lists them. */
export async function attachedObjects(bpffsRoot: string, sysname: string): Promise<string[]> {
	try {
		return (await readdir(join(bpffsRoot, 'hid', sysname.replace(/[:.]/g, '_')))).sort();
	} catch {
		return [];
	}
}

/** The closing `#` line: counts a maintainer needs to trust the file (losses, reconnects). */
export function summaryComment(s: RecordingSummary): string {
	const parts = [
		`${s.reports} reports`,
		`${s.bpfReports} B: reports`,
		`${s.evdevEvents} evdev events`,
		`${s.synDropped} SYN_DROPPED`,
		`${s.reconnects} reconnects`,
	];
	if (s.tracer) parts.push(`tracer lost ${s.tracer.lost}`);
	if (s.unpairedB || s.unpairedE) parts.push(`unpaired B:/E: ${s.unpairedB}/${s.unpairedE}`);
	return `# hidfix: ${parts.join(', ')}${s.error ? `; ended early: ${s.error.message}` : ''}`;
}

export async function startRecordSession(
	o: RecordSessionOptions,
): Promise<Result<RecordSession, CaptureError>> {
	// Resolving first gives the actionable errors (not plugged in, no hidraw) before reading facts.
	const nodes = await resolveHidNodes(o.sysname, o.roots);
	if (!nodes.ok) return nodes;
	const info = await readHidDeviceInfo(nodes.value.sysfsPath);
	if (!info.ok) return info;
	const objects = await attachedObjects(o.bpffsRoot, o.sysname);
	const withTracer = o.bpf === 'always' || (o.bpf === 'auto' && objects.length > 0);
	const header = formatDeviceHeader({
		index: 0,
		name: info.value.name,
		bus: info.value.bus,
		vendor: info.value.vendor,
		product: info.value.product,
		descriptor: info.value.rdesc,
	});
	o.write(
		[
			...header,
			`# Recorded by hidfix from ${o.sysname} at ${o.now.toISOString()}`,
			`# BPF programs active: ${objects.length > 0 ? objects.join(', ') : '(none)'}`,
			...(withTracer
				? ['# B: lines: the report before any HID-BPF program (tracer attached BPF_F_BEFORE)']
				: []),
			'# E: <seconds>.<microseconds> <length-in-bytes> [bytes ...]',
			'',
		].join('\n'),
	);
	const onBatch = (batch: readonly CaptureRecord[], base: bigint): void => {
		let text = '';
		for (const r of batch) {
			if (r.kind === 'E' || r.kind === 'B') {
				const t = relTime(r.t, base);
				text += `${formatEvent(r.kind, t.sec, t.usec, r.data)}\n`;
			} else {
				text += `${recordLine(r, base)}\n`;
			}
		}
		o.write(text);
	};
	const drain = o.openHidraw && o.openEvdev ? undefined : o.drain;
	const openHidraw = o.openHidraw ?? (drain && hidrawVia(drain));
	const openEvdev =
		o.openEvdev ?? (drain && ((node, sink) => openEvdevNode(node, sink, { openNode: drain })));
	const started = await Recorder.start({
		sysname: o.sysname,
		roots: o.roots,
		onBatch,
		...(withTracer ? { tracer: tracerAt(o.tracerBinary) } : {}),
		...(openHidraw ? { openHidraw } : {}),
		...(openEvdev ? { openEvdev } : {}),
	});
	if (!started.ok) return err(started.error);
	return ok({
		withTracer,
		async stop() {
			const summary = await started.value.stop();
			o.write(`${summaryComment(summary)}\n`);
			return summary;
		},
	});
}
