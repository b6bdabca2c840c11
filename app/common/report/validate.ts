/**
 * The strict reader of report.json (schema v1, docs/debug-report.md §4). A report arrives from a
 * user, or from anyone pretending to be one, and `hidfix report show|diff` renders it; so it is
 * parsed as strict UTF-8 JSON without duplicate keys, then checked field by field against the
 * closed schema, with the JSON path of the first offending field in the error.
 */
import { parseStrictJson } from '../bundle/json-strict.js';
import { err, type Result } from '../result.js';
import { array, bool, int, literal, nullable, object, oneOf, str, type Check } from './check.js';
import { isEntryName, REPORT_JSON, SUMMARY_HTML, SUMMARY_MD } from './entries.js';
import { reportError, type ReportError } from './errors.js';
import { MAX_NOTE } from './text.js';
import type * as S from './schema.js';
import { REPORT_FORMAT, REPORT_SCHEMA } from './schema.js';

const MAX_LIST = 10_000;
const line = str(1000);
const sha256 = str(64, { pattern: /^[0-9a-f]{64}$/ });
const hex4 = str(6, { pattern: /^0x[0-9A-F]{4}$/ });
const count = int(0, Number.MAX_SAFE_INTEGER);
const lines = array(str(2000), MAX_LIST);

const entryName: Check<string> = (v, path) => {
	const r = str(64)(v, path);
	if (!r.ok) return r;
	if (!isEntryName(r.value) || [REPORT_JSON, SUMMARY_MD, SUMMARY_HTML].includes(r.value))
		return err(
			reportError(
				'field-invalid',
				`In report.json field "${path}": "${r.value}" is not a data entry of a report.`,
				{ path },
			),
		);
	return r;
};

const nodes = object<S.NodeFacts>({ hidraw: nullable(str(64)), evdev: array(str(64), 64) });
const blob = object<S.BlobFacts>({ file: entryName, size: count, sha256 });
const comparison = object<S.ComparisonFacts>({
	verdict: str(20_000),
	descriptor: lines,
	layout: lines,
	events: lines,
});
const bpffs = object<S.BpffsFacts>({
	readable: bool,
	reason: nullable(line),
	objects: array(
		object<S.BpfObjectFacts>({ device: str(255), object: str(255), pins: array(str(255), 256) }),
		1024,
	),
});
const textLog = object<S.TextLogFacts>({
	readable: bool,
	reason: nullable(line),
	lines: count,
	file: nullable(entryName),
});
const capture = object<S.CaptureFacts>({
	file: entryName,
	hidrawReports: count,
	bpfReports: count,
	evdevEvents: count,
	durationUs: count,
	redactedReports: count,
	redactedEvdevEvents: count,
});
const descriptor = object<S.DescriptorFacts>({
	sysfs: nullable(blob),
	hidraw: nullable(blob),
	decoded: nullable(entryName),
});

const reportShape = object<S.DebugReport>({
	format: literal(REPORT_FORMAT),
	schema: literal(REPORT_SCHEMA),
	createdAt: str(20, { pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/ }),
	generator: str(200),
	device: object<S.DeviceFacts>({
		sysname: str(64, { pattern: /^[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4,8}$/ }),
		name: str(256),
		bus: hex4,
		vid: hex4,
		pid: hex4,
		modalias: nullable(str(256)),
		nodes: object({ before: nullable(nodes), after: nullable(nodes) }),
	}),
	fix: nullable(
		object<S.FixFacts>({
			id: str(128, { min: 1 }),
			version: str(64, { min: 1 }),
			title: str(100),
			bundleSha256: sha256,
			signers: array(
				object<S.SignerFacts>({ fingerprint: str(100), principals: array(str(256), 64), keyType: str(64) }),
				16,
			),
			programs: array(object({ file: str(200), sha256, api: str(32) }), 16),
		}),
	),
	captures: object({ before: nullable(capture), after: nullable(capture) }),
	descriptors: object({ before: nullable(descriptor), after: nullable(descriptor) }),
	comparison: nullable(comparison),
	fixEffect: nullable(comparison),
	system: object<S.SystemFacts>({
		kernel: str(256),
		os: nullable(
			object({ prettyName: nullable(str(256)), id: nullable(str(64)), versionId: nullable(str(64)) }),
		),
		hidBpf: object({
			btf: bool,
			bpffsMounted: nullable(bool),
			api: oneOf<S.HidBpfApi>(['struct_ops', 'tracing', 'none', 'unknown']),
		}),
		bpffs,
		udevHidBpf: object({ installed: bool, version: nullable(str(200)) }),
	}),
	bpffsBefore: nullable(bpffs),
	udevadm: textLog,
	dmesg: textLog,
	helperLog: textLog,
	privacy: object<S.PrivacyFacts>({
		includeKeyboardEvents: bool,
		keyboardUsages: bool,
		redactedReports: count,
		redactedEvdevEvents: count,
	}),
	note: str(MAX_NOTE, { multiline: true }),
	entries: array(object<S.EntryFacts>({ name: entryName, size: count, sha256, description: str(200) }), 32),
});

/** Parses and validates report.json bytes. */
export function parseReportJson(bytes: Uint8Array): Result<S.DebugReport, ReportError> {
	const json = parseStrictJson(bytes);
	if (!json.ok)
		return err(
			reportError('json-invalid', `report.json ${json.why}; the report is damaged.`, { entry: REPORT_JSON }),
		);
	const v = json.value as Record<string, unknown> | null;
	// Schema first, so a report from a newer hidfix says "update" instead of listing unknown fields.
	if (
		v &&
		typeof v === 'object' &&
		!Array.isArray(v) &&
		v.format === REPORT_FORMAT &&
		v.schema !== REPORT_SCHEMA
	) {
		return err(
			reportError(
				'schema-unsupported',
				`This report uses schema ${JSON.stringify(v.schema)}; this hidfix reads schema ${REPORT_SCHEMA}. Update hidfix.`,
				{
					path: 'schema',
				},
			),
		);
	}
	const r = reportShape(json.value, '');
	if (!r.ok) return r;
	const seen = new Set<string>();
	for (const [i, e] of r.value.entries.entries()) {
		if (seen.has(e.name))
			return err(
				reportError('entry-duplicate', `report.json lists "${e.name}" twice.`, {
					path: `entries[${i}].name`,
					entry: e.name,
				}),
			);
		seen.add(e.name);
	}
	return r;
}
