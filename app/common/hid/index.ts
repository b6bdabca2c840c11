/**
 * The pure HID core: report descriptors (parse, print, usage names), report decoding, the
 * hid-recorder file format, and before/after comparison.
 */
export type { DescriptorError, DescriptorErrorCode, RecordingError, RecordingErrorCode } from './errors.js';
export { readItems, encodeItem, encodeItems, Tag, type HidItem, type ItemType } from './items.js';
export type {
	FieldFlags,
	HidCollection,
	HidField,
	HidReport,
	ParsedDescriptor,
	ReportType,
	UsageRange,
	DescriptorNote,
} from './descriptor.js';
export { collectionKindName, flagsText, usageAt, usageCount } from './descriptor.js';
export { parseDescriptor, findReport, collectionPath, HID_MAX_USAGES } from './parser.js';
export { printItems, describeItem, describeField, summarizeReports, bytesFromPrinted } from './printer.js';
export { unitText } from './units.js';
export { HUT_SOURCE } from './usage-tables.generated.js';
export { usageName, usageName32, usageLabel, usagePageName, knownUsageName, isVendorPage } from './usages.js';
export {
	compileDecoder,
	namedValues,
	extractBits,
	type ReportDecoder,
	type DecodedReport,
	type CompiledReport,
	type NamedValues,
} from './decoder.js';
export {
	RecordingReader,
	parseRecording,
	type Recording,
	type RecordedDevice,
	type RecordedEvent,
	type EventView,
	type EventKind,
} from './recording.js';
export {
	writeRecording,
	recordingLines,
	formatEvent,
	formatDeviceHeader,
	hexBytes,
} from './recording-writer.js';
export { diffItems, itemChangeLine, type ItemChange } from './descriptor-diff.js';
export { diffLayouts, layoutElements, type ReportLayoutDiff } from './layout-diff.js';
export {
	EventStats,
	diffEvents,
	type EventSummary,
	type FieldSummary,
	type EventDiff,
} from './event-diff.js';
export { compare, type Comparison } from './verdict.js';
export {
	analyzeCapture,
	compareCaptures,
	type CaptureAnalysis,
	type CaptureError,
	type CaptureOptions,
} from './capture.js';
export {
	encodeReport,
	insertBits,
	syntheticEvents,
	syntheticRecording,
	type SyntheticOptions,
} from './synthetic.js';
export { absResolution, axisKind } from './resolution.js';
