/**
 * The before/after comparison of a report, computed from the recordings as they are stored in the
 * archive (after redaction), so that `hidfix report diff` on the developer's machine recomputes
 * exactly what the user's app wrote, and no key name survives redaction through a diff line.
 */
import { analyzeCapture, compareCaptures, type CaptureError } from '../hid/capture.js';
import type { Comparison } from '../hid/verdict.js';
import { itemChangeLine } from '../hid/descriptor-diff.js';
import { err, ok, type Result } from '../result.js';
import { reportError, type ReportError } from './errors.js';
import type { ComparisonFacts } from './schema.js';

function facts(c: Comparison): ComparisonFacts {
	return {
		verdict: c.verdict,
		descriptor: c.items.map(itemChangeLine),
		layout: c.reports.flatMap((r) => r.lines),
		events: c.events?.lines ?? [],
	};
}

const failed = (name: string, e: CaptureError): ReportError =>
	reportError(
		e.source === 'descriptor' ? 'descriptor-invalid' : 'recording-invalid',
		`${name} cannot be analysed: ${e.message}`,
		{ entry: name, ...('line' in e ? { line: e.line } : {}), ...('offset' in e ? { offset: e.offset } : {}) },
	);

/** `E:` of the capture without the fix against `E:` of the capture with it. */
export function compareBeforeAfter(before: string, after: string): Result<ComparisonFacts, ReportError> {
	const b = analyzeCapture(before);
	if (!b.ok) return err(failed('before.hid.txt', b.error));
	const a = analyzeCapture(after);
	if (!a.ok) return err(failed('after.hid.txt', a.error));
	return ok(facts(compareCaptures(b.value, a.value)));
}

/**
 * Within the capture with the fix: the device's own bytes (`B:`, decoded with the original
 * descriptor) against what user space got (`E:`). Undefined without `B:` lines.
 */
export function compareFixEffect(
	after: string,
	original: Uint8Array,
): Result<ComparisonFacts | undefined, ReportError> {
	const raw = analyzeCapture(after, { kind: 'B', descriptor: original });
	if (!raw.ok) return err(failed('after.hid.txt', raw.error));
	if (raw.value.events === 0) return ok(undefined);
	const seen = analyzeCapture(after);
	if (!seen.ok) return err(failed('after.hid.txt', seen.error));
	return ok(facts(compareCaptures(raw.value, seen.value)));
}
