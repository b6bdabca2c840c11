/**
 * The debug report core: schema v1 of report.json, the builder from captures and facts into the
 * archive's entries (what the user reviews before saving), keyboard redaction, the strict reader
 * of `.hidfix-report` archives, and the Markdown/HTML summaries. docs/debug-report.md describes it.
 */
export * from './schema.js';
export { REPORT_ERROR_CODES, reportError, type ReportError, type ReportErrorCode } from './errors.js';
export {
	ENTRY_ORDER,
	REPORT_JSON,
	SUMMARY_HTML,
	SUMMARY_MD,
	archiveEntry,
	entryDescription,
	isEntryName,
	type ArchiveEntry,
	type EntryName,
} from './entries.js';
export {
	buildReport,
	hex4,
	type BuiltReport,
	type CaptureInput,
	type DescriptorInput,
	type LogInput,
	type ReportInputs,
} from './build.js';
export { processCapture, isKeyboardEvdev, type ProcessedCapture } from './redact.js';
export { keyboardLayout, redactReport, isKeyboardKeyCode, type KeyboardLayout } from './keyboard.js';
export { compareBeforeAfter, compareFixEffect } from './compare.js';
export { describeDescriptor } from './describe.js';
export { parseReportJson } from './validate.js';
export {
	packReport,
	readReportArchive,
	REPORT_LIMITS,
	type OpenedReport,
	type ReportLimits,
} from './archive.js';
export { renderMarkdown, mdEscape } from './markdown.js';
export { renderHtml, htmlEscape } from './html.js';
export { parseOsRelease, filterDmesg } from './system-text.js';
export { safeLine, safeText, MAX_NOTE } from './text.js';
