/**
 * Builds a debug report from what the app collected: the list of archive entries (name, bytes,
 * description, size) that the UI shows before saving, and the report.json model they agree with.
 *
 * Pure: hashing is injected (node:crypto lives in app/node), nothing is read or written here.
 */
import { parseDescriptor } from '../hid/parser.js';
import { err, ok, type Result } from '../result.js';
import { compareBeforeAfter, compareFixEffect } from './compare.js';
import {
	captureFacts,
	descriptorFacts,
	logFacts,
	type DescriptorInput,
	type Files,
	type LogInput,
} from './entry-files.js';
import {
	archiveEntry,
	ENTRY_ORDER,
	REPORT_JSON,
	SUMMARY_HTML,
	SUMMARY_MD,
	type ArchiveEntry,
} from './entries.js';
import { reportError, type ReportError } from './errors.js';
import { renderHtml } from './html.js';
import { keyboardLayout, type KeyboardLayout } from './keyboard.js';
import { renderMarkdown } from './markdown.js';
import { parseReportJson } from './validate.js';
import { REPORT_LIMITS } from './archive.js';
import { processCapture, type ProcessedCapture } from './redact.js';
import type { BpffsFacts, DebugReport, FixFacts, NodeFacts, Phase, SystemFacts } from './schema.js';
import { REPORT_FORMAT, REPORT_SCHEMA } from './schema.js';
import { encodeText as encodeUtf8, MAX_NOTE, safeLine, safeText } from './text.js';

export type { DescriptorInput, LogInput } from './entry-files.js';

/** The device a report is about, as sysfs names it. */
export interface ReportDevice {
	readonly sysname: string;
	readonly name: string;
	readonly bus: number;
	readonly vendor: number;
	readonly product: number;
	readonly modalias: string | null;
}

export interface CaptureInput {
	/** hid-recorder text as the Recorder (or hid-recorder) wrote it, evdev comment lines included. */
	readonly recording: string;
	readonly nodes?: NodeFacts;
}

export interface ReportInputs {
	readonly createdAt: Date;
	/** `hidfix 0.1.0`. */
	readonly generator: string;
	readonly device: ReportDevice;
	readonly before?: CaptureInput;
	readonly after?: CaptureInput;
	readonly descriptors: { readonly before?: DescriptorInput; readonly after?: DescriptorInput };
	readonly fix?: FixFacts & { readonly manifestBytes: Uint8Array };
	readonly system: SystemFacts;
	readonly bpffsBefore?: BpffsFacts;
	readonly udevadm: LogInput;
	readonly dmesg: LogInput;
	readonly helperLog: LogInput;
	readonly note: string;
	readonly includeKeyboardEvents: boolean;
}

export interface BuiltReport {
	readonly report: DebugReport;
	/** Every entry of the archive, in writing order: what the user reviews before saving. */
	readonly entries: readonly ArchiveEntry[];
}

export const hex4 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
const utc = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function layoutOf(bytes: Uint8Array | undefined): KeyboardLayout | undefined {
	const p = bytes ? parseDescriptor(bytes) : undefined;
	return p?.ok ? keyboardLayout(p.value) : undefined;
}

export function buildReport(
	inputs: ReportInputs,
	deps: {
		readonly sha256Hex: (bytes: Uint8Array) => string;
		/** UTF-8 encoder; Node passes Buffer's (native, ~30× faster on 100 MB recordings). */
		readonly encode?: (text: string) => Uint8Array;
	},
): Result<BuiltReport, ReportError> {
	const encode = deps.encode ?? encodeUtf8;
	if (inputs.note.length > MAX_NOTE)
		return err(
			reportError(
				'field-invalid',
				`The note is ${inputs.note.length} characters; shorten it to ${MAX_NOTE}.`,
				{ path: 'note' },
			),
		);
	const files: Files = new Map();
	const include = inputs.includeKeyboardEvents;
	const d = inputs.descriptors;
	const original = d.before?.sysfs ?? d.before?.hidraw;
	const originalLayout = layoutOf(original);
	const fixedLayout = layoutOf(d.after?.sysfs ?? d.after?.hidraw);
	const processed: Partial<Record<Phase, ProcessedCapture>> = {};
	for (const phase of ['before', 'after'] as const) {
		const c = inputs[phase];
		if (!c) continue;
		// Every descriptor known for the device applies to both recordings (B: lines follow the original,
		// a mislabelled recording may follow either): over-redacting is the safe side.
		const extra = [originalLayout, fixedLayout].filter((l) => l !== undefined);
		const p = processCapture(c.recording, {
			includeKeyboardEvents: include,
			extraLayouts: extra,
			name: `${phase}.hid.txt`,
		});
		if (!p.ok) return p;
		processed[phase] = p.value;
	}
	const before = processed.before;
	const after = processed.after;
	let comparison = null;
	if (before && after) {
		const c = compareBeforeAfter(before.text, after.text);
		if (!c.ok) return c;
		comparison = c.value;
	}
	let fixEffect = null;
	const originalForB = original ?? before?.device?.descriptor;
	if (after && originalForB) {
		const c = compareFixEffect(after.text, originalForB);
		if (!c.ok) return c;
		fixEffect = c.value ?? null;
	}
	const dev = inputs.device;
	const device = { ...dev, name: safeLine(dev.name).slice(0, 256) };
	const nodes = (phase: Phase) => inputs[phase]?.nodes ?? null;
	const note = safeText(inputs.note);
	if (note) files.set('note.txt', encodeUtf8(note.endsWith('\n') ? note : `${note}\n`));
	if (inputs.fix) files.set('manifest.json', inputs.fix.manifestBytes);
	const report: Omit<DebugReport, 'entries'> = {
		format: REPORT_FORMAT,
		schema: REPORT_SCHEMA,
		createdAt: utc(inputs.createdAt),
		generator: safeLine(inputs.generator).slice(0, 200),
		device: {
			sysname: dev.sysname,
			name: device.name,
			bus: hex4(dev.bus),
			vid: hex4(dev.vendor),
			pid: hex4(dev.product),
			modalias: dev.modalias === null ? null : safeLine(dev.modalias).slice(0, 256),
			nodes: { before: nodes('before'), after: nodes('after') },
		},
		fix: inputs.fix
			? {
					id: inputs.fix.id,
					version: inputs.fix.version,
					title: inputs.fix.title,
					bundleSha256: inputs.fix.bundleSha256,
					signers: inputs.fix.signers,
					programs: inputs.fix.programs,
				}
			: null,
		captures: {
			before: before ? captureFacts(files, 'before', before, encode) : null,
			after: after ? captureFacts(files, 'after', after, encode) : null,
		},
		descriptors: {
			before: descriptorFacts(files, 'before', d.before, device, deps.sha256Hex),
			after: descriptorFacts(files, 'after', d.after, device, deps.sha256Hex),
		},
		comparison,
		fixEffect,
		system: inputs.system,
		bpffsBefore: inputs.bpffsBefore ?? null,
		udevadm: logFacts(files, 'udevadm.txt', inputs.udevadm),
		dmesg: logFacts(files, 'dmesg.txt', inputs.dmesg),
		helperLog: logFacts(files, 'helper.log', inputs.helperLog),
		privacy: {
			includeKeyboardEvents: include,
			keyboardUsages:
				Boolean(before?.keyboardUsages || after?.keyboardUsages) ||
				[originalLayout, fixedLayout].some((l) => l && l.runs.size > 0),
			redactedReports: (before?.redactedReports ?? 0) + (after?.redactedReports ?? 0),
			redactedEvdevEvents: (before?.redactedEvdevEvents ?? 0) + (after?.redactedEvdevEvents ?? 0),
		},
		note,
	};
	const data = ENTRY_ORDER.filter((n) => files.has(n)).map((n) => archiveEntry(n, files.get(n)!));
	const full: DebugReport = {
		...report,
		entries: data.map((e) => ({
			name: e.name,
			size: e.size,
			sha256: deps.sha256Hex(e.bytes),
			description: e.description,
		})),
	};
	const json = encodeUtf8(`${JSON.stringify(full, null, 2)}\n`);
	// What we write must be what we accept: the reader's validator is the schema's one definition, so
	// a fact outside it (a sysname that is not one, a 2 MiB report.json) fails here, not at the developer.
	if (json.length > REPORT_LIMITS.maxJsonBytes)
		return err(
			reportError(
				'entry-too-large',
				`report.json would be ${json.length} bytes; readers accept ${REPORT_LIMITS.maxJsonBytes}.`,
				{ entry: REPORT_JSON },
			),
		);
	const self = parseReportJson(json);
	if (!self.ok)
		return err(
			reportError(
				self.error.code,
				`The report would not be readable: ${self.error.message}`,
				self.error.detail,
			),
		);
	const entries = [
		archiveEntry(REPORT_JSON, json),
		archiveEntry(SUMMARY_MD, encodeUtf8(renderMarkdown(full))),
		archiveEntry(SUMMARY_HTML, encodeUtf8(renderHtml(full))),
		...data,
	];
	return ok({ report: full, entries });
}
