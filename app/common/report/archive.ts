/**
 * The `.hidfix-report` container: a plain POSIX ustar archive (so `tar -xf` opens it anywhere),
 * written and read with the project's strict tar code (app/common/bundle/tar-*.ts).
 *
 * Reading is for hostile input: size limits before anything else, the strict tar reader (regular
 * files only, no links, no pax/GNU headers, checked padding and end), a closed list of flat names,
 * no duplicates, report.json validated, and every other entry bound to report.json by size and
 * SHA-256 both ways (listed ⇒ present and equal; present ⇒ listed).
 */
import { readTar } from '../bundle/tar-reader.js';
import { writeTar } from '../bundle/tar-writer.js';
import { err, ok, type Result } from '../result.js';
import {
	isEntryName,
	REPORT_JSON,
	SUMMARY_HTML,
	SUMMARY_MD,
	type ArchiveEntry,
	type EntryName,
} from './entries.js';
import { reportError, type ReportError } from './errors.js';
import type { DebugReport } from './schema.js';
import { parseReportJson } from './validate.js';

const MiB = 1024 * 1024;

export interface ReportLimits {
	/** The whole file. An hour of a 1 kHz device is ~100 MiB of hid-recorder text. */
	readonly maxReportBytes: number;
	readonly maxEntryBytes: number;
	readonly maxJsonBytes: number;
}

export const REPORT_LIMITS: ReportLimits = Object.freeze({
	maxReportBytes: 256 * MiB,
	maxEntryBytes: 160 * MiB,
	maxJsonBytes: 1 * MiB,
});

/** More than the 18 names that exist, so a report with too many entries fails on names, not count. */
const MAX_ENTRIES = 32;

export function packReport(entries: readonly ArchiveEntry[]): Uint8Array {
	return writeTar(entries.map((e) => ({ name: e.name, data: e.bytes })));
}

export interface OpenedReport {
	readonly report: DebugReport;
	readonly files: ReadonlyMap<EntryName, Uint8Array>;
}

const AGAIN = 'Ask the sender to export the report again with hidfix.';

/** Files report.json points at, with the path that names each. */
function references(r: DebugReport): [string, string][] {
	const refs: [string, string | null | undefined][] = [
		['captures.before.file', r.captures.before?.file],
		['captures.after.file', r.captures.after?.file],
		['udevadm.file', r.udevadm.file],
		['dmesg.file', r.dmesg.file],
		['helperLog.file', r.helperLog.file],
	];
	for (const p of ['before', 'after'] as const) {
		const d = r.descriptors[p];
		refs.push(
			[`descriptors.${p}.sysfs.file`, d?.sysfs?.file],
			[`descriptors.${p}.hidraw.file`, d?.hidraw?.file],
			[`descriptors.${p}.decoded`, d?.decoded],
		);
	}
	return refs.filter((x): x is [string, string] => typeof x[1] === 'string');
}

export function readReportArchive(
	bytes: Uint8Array,
	deps: { readonly sha256Hex: (b: Uint8Array) => string; readonly limits?: ReportLimits },
): Result<OpenedReport, ReportError> {
	const limits = deps.limits ?? REPORT_LIMITS;
	if (bytes.length > limits.maxReportBytes)
		return err(
			reportError(
				'report-too-large',
				`The report is ${bytes.length} bytes; the limit is ${limits.maxReportBytes}.`,
				{ limit: limits.maxReportBytes, actual: bytes.length },
			),
		);
	const tar = readTar(bytes, { maxEntries: MAX_ENTRIES, maxEntryBytes: limits.maxEntryBytes });
	if (!tar.ok) {
		const e = tar.error;
		const code = e.code === 'entry-too-large' ? 'entry-too-large' : 'archive-malformed';
		// Keep the tar reader's code and position, say it the report's way.
		return err(
			reportError(
				code,
				`This is not a valid .hidfix-report archive (${e.code}${e.detail?.entry ? ` at "${e.detail.entry}"` : ''}). ${AGAIN}`,
				{
					tar: e.code,
					...(e.detail?.offset !== undefined && { offset: e.detail.offset }),
					...(e.detail?.entry !== undefined && { entry: e.detail.entry }),
				},
			),
		);
	}
	const files = new Map<EntryName, Uint8Array>();
	for (const t of tar.value) {
		if (!isEntryName(t.name))
			return err(
				reportError(
					'entry-not-allowed',
					`The report contains "${t.name}", which is not a file a report may hold. ${AGAIN}`,
					{ entry: t.name },
				),
			);
		if (files.has(t.name))
			return err(
				reportError('entry-duplicate', `The report contains "${t.name}" twice. ${AGAIN}`, { entry: t.name }),
			);
		files.set(t.name, t.data);
	}
	for (const name of [REPORT_JSON, SUMMARY_MD, SUMMARY_HTML] as const)
		if (!files.has(name))
			return err(reportError('entry-missing', `The report has no ${name}. ${AGAIN}`, { entry: name }));
	const json = files.get(REPORT_JSON)!;
	if (json.length > limits.maxJsonBytes)
		return err(
			reportError(
				'entry-too-large',
				`report.json is ${json.length} bytes; the limit is ${limits.maxJsonBytes}.`,
				{ entry: REPORT_JSON, limit: limits.maxJsonBytes, actual: json.length },
			),
		);
	const parsed = parseReportJson(json);
	if (!parsed.ok) return parsed;
	const report = parsed.value;
	const listed = new Set<string>();
	for (const [i, e] of report.entries.entries()) {
		listed.add(e.name);
		const data = files.get(e.name as EntryName);
		if (!data)
			return err(
				reportError(
					'entry-missing',
					`report.json lists "${e.name}" but the archive does not contain it. ${AGAIN}`,
					{ entry: e.name, path: `entries[${i}]` },
				),
			);
		if (data.length !== e.size || deps.sha256Hex(data) !== e.sha256)
			return err(
				reportError(
					'entry-mismatch',
					`"${e.name}" differs from its size or SHA-256 in report.json: the report was altered or damaged. ${AGAIN}`,
					{ entry: e.name, path: `entries[${i}]` },
				),
			);
	}
	for (const name of files.keys())
		if (name !== REPORT_JSON && name !== SUMMARY_MD && name !== SUMMARY_HTML && !listed.has(name))
			return err(
				reportError(
					'entry-unlisted',
					`The archive contains "${name}", which report.json does not list. ${AGAIN}`,
					{ entry: name },
				),
			);
	for (const [path, file] of references(report))
		if (!listed.has(file))
			return err(
				reportError(
					'field-invalid',
					`report.json field "${path}" names "${file}", which is not in the report. ${AGAIN}`,
					{ path, entry: file },
				),
			);
	return ok({ report, files });
}
