/**
 * The files of a report other than report.json and the summaries, each with the facts report.json
 * states about it: recordings and their evdev logs, descriptors (raw and decoded), text logs.
 */
import type { DescribedDevice } from './describe.js';
import { describeDescriptor } from './describe.js';
import type { EntryName } from './entries.js';
import type { ProcessedCapture } from './redact.js';
import type { CaptureFacts, DescriptorFacts, Phase, TextLogFacts } from './schema.js';
import { encodeText, safeLine } from './text.js';

/** A log that was collected, or why not ("dmesg: Operation not permitted; run as root to include it"). */
export type LogInput = { readonly lines: readonly string[] } | { readonly reason: string };

export interface DescriptorInput {
	readonly sysfs?: Uint8Array;
	readonly hidraw?: Uint8Array;
}

export type Files = Map<EntryName, Uint8Array>;
type Encode = (text: string) => Uint8Array;

export function logFacts(files: Files, name: EntryName, log: LogInput): TextLogFacts {
	if ('reason' in log)
		return { readable: false, reason: safeLine(log.reason).slice(0, 1000), lines: 0, file: null };
	files.set(name, encodeText(log.lines.map(safeLine).join('\n') + (log.lines.length ? '\n' : '')));
	return { readable: true, reason: null, lines: log.lines.length, file: name };
}

export function descriptorFacts(
	files: Files,
	phase: Phase,
	input: DescriptorInput | undefined,
	device: DescribedDevice,
	hash: (b: Uint8Array) => string,
): DescriptorFacts | null {
	if (!input?.sysfs && !input?.hidraw) return null;
	const blob = (name: EntryName, bytes: Uint8Array | undefined) => {
		if (!bytes) return null;
		files.set(name, bytes);
		return { file: name, size: bytes.length, sha256: hash(bytes) };
	};
	const decodedName: EntryName = `rdesc-${phase}.txt`;
	files.set(
		decodedName,
		encodeText(describeDescriptor(input.sysfs ?? input.hidraw!, device).join('\n') + '\n'),
	);
	return {
		sysfs: blob(`rdesc-${phase}.bin`, input.sysfs),
		hidraw: blob(`rdesc-${phase}-hidraw.bin`, input.hidraw),
		decoded: decodedName,
	};
}

export function captureFacts(files: Files, phase: Phase, p: ProcessedCapture, encode: Encode): CaptureFacts {
	const file: EntryName = `${phase}.hid.txt`;
	files.set(file, encode(p.text));
	if (p.evdev.length) {
		const head = `# evdev events while recording ${file} (times: seconds.microseconds from its start)`;
		files.set(`evdev-${phase}.txt`, encode([head, ...p.evdev].join('\n') + '\n'));
	}
	return {
		file,
		hidrawReports: p.hidrawReports,
		bpfReports: p.bpfReports,
		evdevEvents: p.evdevEvents,
		durationUs: p.durationUs,
		redactedReports: p.redactedReports,
		redactedEvdevEvents: p.redactedEvdevEvents,
	};
}
