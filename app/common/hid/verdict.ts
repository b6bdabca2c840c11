/**
 * The one-paragraph verdict of a before/after comparison: what the fix did to the descriptor and
 * to the events, in plain sentences for the debug report.
 */
import type { ParsedDescriptor } from './descriptor.js';
import { diffItems, itemChangeLine, type ItemChange } from './descriptor-diff.js';
import { diffEvents, type EventDiff, type EventSummary } from './event-diff.js';
import { diffLayouts, type ReportLayoutDiff } from './layout-diff.js';

export interface Comparison {
	readonly items: ItemChange[];
	readonly reports: ReportLayoutDiff[];
	readonly events?: EventDiff;
	/** Every fact, one per line: item changes, then layout, then events. */
	readonly lines: string[];
	readonly verdict: string;
}

const list = (xs: string[]): string =>
	xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/**
 * Input elements relabelled by the change (same bits, another usage), keyed as event summaries key
 * fields (`report\0new name` → old name), so event statistics compare them as one field.
 */
export function renamedElements(reports: readonly ReportLayoutDiff[]): Map<string, string> {
	const renames = new Map<string, string>();
	for (const r of reports) {
		if (r.type !== 'input') continue;
		for (const c of r.changed) {
			const was = c.what[0];
			if (was?.startsWith('was ')) renames.set(`${r.id}\u0000${c.key}`, was.slice(4));
		}
	}
	return renames;
}

/**
 * Compares two descriptors, and optionally the events captured with each: either their summaries
 * (relabelled elements are then compared as one field) or an already computed event diff.
 */
export function compare(
	before: ParsedDescriptor,
	after: ParsedDescriptor,
	captured?: EventDiff | { readonly before: EventSummary; readonly after: EventSummary },
): Comparison {
	const items = diffItems(before, after);
	const reports = diffLayouts(before, after);
	const events =
		captured && 'lines' in captured
			? captured
			: captured && diffEvents(captured.before, captured.after, renamedElements(reports));
	const s: string[] = [];

	if (items.length === 0) {
		s.push(`The report descriptor is unchanged (${before.bytes.length} bytes).`);
	} else {
		const sizes =
			before.bytes.length === after.bytes.length
				? `stays ${after.bytes.length} bytes`
				: `goes from ${before.bytes.length} to ${after.bytes.length} bytes`;
		s.push(
			`The report descriptor ${sizes} with ${items.length} item change${items.length === 1 ? '' : 's'}.`,
		);
		const resized = reports.filter((r) => r.status === 'changed' && r.sizeBefore !== r.sizeAfter);
		const added = reports.filter((r) => r.status === 'added');
		const removed = reports.filter((r) => r.status === 'removed');
		if (resized.length)
			s.push(
				`Report size changes: ${list(resized.map((r) => `${r.label} ${r.sizeBefore} → ${r.sizeAfter} bytes`))}.`,
			);
		else if (!added.length && !removed.length) s.push('Every report keeps its size.');
		if (added.length) s.push(`New: ${list(added.map((r) => r.label))}.`);
		if (removed.length) s.push(`Gone: ${list(removed.map((r) => r.label))}.`);
		const appeared = reports.flatMap((r) => r.appeared.map((e) => `${e.key} (${r.label})`));
		const gone = reports.flatMap((r) => r.disappeared.map((e) => `${e.key} (${r.label})`));
		const changed = reports.flatMap((r) => r.changed.map((c) => `${c.key} (${c.what.join(', ')})`));
		if (appeared.length) s.push(`New fields: ${list(appeared)}.`);
		if (gone.length) s.push(`Removed fields: ${list(gone)}.`);
		if (changed.length) s.push(`Changed fields: ${list(changed)}.`);
		if (!appeared.length && !gone.length && !changed.length && !added.length && !removed.length)
			s.push('No field changes meaning: the change is cosmetic for the kernel.');
	}
	if (events) {
		const ev = events;
		if (!ev.appeared.length && !ev.disappeared.length && !ev.changed.length) {
			s.push('The captured events show no difference between before and after.');
		} else {
			if (ev.appeared.length)
				s.push(
					`In the captures, ${list(ev.appeared.map((f) => `${f.name} now reports data (${f.what[1]})`))}.`,
				);
			if (ev.disappeared.length)
				s.push(
					`${list(ev.disappeared.map((f) => `${f.name} (was ${f.what[0]})`))} no longer report${ev.disappeared.length === 1 ? 's' : ''} data.`,
				);
			if (ev.changed.length)
				s.push(
					`Changed in the captures: ${list(ev.changed.map((f) => `${f.name} (${f.what.join(', ')})`))}.`,
				);
		}
	}
	const lines = [...items.map(itemChangeLine), ...reports.flatMap((r) => r.lines), ...(events?.lines ?? [])];
	return { items, reports, ...(events ? { events } : {}), lines, verdict: s.join(' ') };
}
