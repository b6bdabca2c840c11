/**
 * The one error type of the debug-report boundary: building a report from captures, and reading a
 * `.hidfix-report` archive back (which may come from anyone, so every rejection is typed).
 *
 * `detail.path` is the JSON path of a bad report.json field (`captures.before.hidrawReports`),
 * `detail.entry` the archive entry concerned. docs/debug-report.md §6 lists every code.
 */
export const REPORT_ERROR_CODES = [
	// reading the file
	'report-unreadable',
	'report-too-large',
	// archive structure (strict ustar, see docs/bundle-format.md §2)
	'archive-malformed',
	'entry-not-allowed',
	'entry-duplicate',
	'entry-too-large',
	'entry-missing',
	'entry-unlisted',
	'entry-mismatch',
	// report.json
	'json-invalid',
	'schema-unsupported',
	'field-unknown',
	'field-missing',
	'field-wrong-type',
	'field-invalid',
	// building
	'recording-invalid',
	'descriptor-invalid',
	'write-failed',
] as const;

export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

export interface ReportError {
	readonly code: ReportErrorCode;
	readonly message: string;
	readonly detail?: {
		readonly path?: string;
		readonly entry?: string;
		readonly line?: number;
		readonly offset?: number;
		readonly limit?: number;
		readonly actual?: number | string;
		/** The strict tar reader's own code, for `archive-malformed`. */
		readonly tar?: string;
	};
}

export function reportError(
	code: ReportErrorCode,
	message: string,
	detail?: ReportError['detail'],
): ReportError {
	return detail === undefined ? { code, message } : { code, message, detail };
}
