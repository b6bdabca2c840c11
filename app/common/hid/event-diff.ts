/**
 * Per-field statistics over a stream of input reports, and their comparison between two captures
 * (before/after a fix): what changed, appeared, disappeared, ranges and counts.
 *
 * {@link EventStats.add} is called once per report of a possibly hour-long capture: it keeps typed
 * arrays per report ID and allocates nothing per report (array fields add to a Set only when a new
 * usage shows up).
 */
import type { CompiledReport, ReportDecoder, SlotKind } from './decoder.js';
import { arrayName } from './layout-diff.js';
import { usageName32 } from './usages.js';

export interface FieldSummary {
	readonly report: number;
	/** Usage name, ` #2`… for repeats; `array` fields list their selections in `selected`. */
	readonly name: string;
	readonly kind: SlotKind | 'array';
	/** Number of reports that carried the field. */
	readonly samples: number;
	readonly min: number;
	readonly max: number;
	/** Value changes between consecutive reports of the same ID. */
	readonly changes: number;
	/** 0 → non-zero transitions (button presses), counting a first non-zero report. */
	readonly presses: number;
	/** For arrays: usage names seen. */
	readonly selected: readonly string[];
}

export interface EventSummary {
	/** Reports per report ID. */
	readonly reports: ReadonlyMap<number, number>;
	/** Reports whose ID the descriptor does not declare. */
	readonly unknown: number;
	/** Reports shorter than the descriptor says. */
	readonly truncated: number;
	/** Time between the first and the last report, in µs (0 without timestamps). */
	readonly durationUs: number;
	readonly fields: readonly FieldSummary[];
}

interface Acc {
	readonly compiled: CompiledReport;
	readonly names: string[];
	count: number;
	readonly min: Float64Array;
	readonly max: Float64Array;
	readonly last: Float64Array;
	readonly changes: Uint32Array;
	readonly presses: Uint32Array;
	readonly selected: Set<number>[];
}

function uniqueNames(c: CompiledReport): string[] {
	const seen = new Map<string, number>();
	return c.variables.map((s) => {
		const n = (seen.get(s.name) ?? 0) + 1;
		seen.set(s.name, n);
		return n === 1 ? s.name : `${s.name} #${n}`;
	});
}

/** Streaming per-field statistics of one capture. */
export class EventStats {
	readonly #decoder: ReportDecoder;
	readonly #acc = new Map<number, Acc>();
	#unknown = 0;
	#first = -1;
	#last = -1;
	#truncated = 0;

	constructor(decoder: ReportDecoder) {
		this.#decoder = decoder;
		for (const [id, c] of decoder.reports) {
			const n = c.variables.length;
			this.#acc.set(id, {
				compiled: c,
				names: uniqueNames(c),
				count: 0,
				min: new Float64Array(n).fill(Infinity),
				max: new Float64Array(n).fill(-Infinity),
				last: new Float64Array(n),
				changes: new Uint32Array(n),
				presses: new Uint32Array(n),
				selected: c.arrays.map(() => new Set<number>()),
			});
		}
	}

	/** Adds one report; `timeUs` (the recording's timestamp) lets the summary give report rates. */
	add(data: Uint8Array, timeUs?: number): void {
		if (timeUs !== undefined) {
			if (this.#first < 0) this.#first = timeUs;
			this.#last = timeUs;
		}
		const d = this.#decoder.decode(data);
		if (!d) {
			this.#unknown++;
			return;
		}
		if (d.truncated) this.#truncated++;
		const a = this.#acc.get(d.compiled.report.id)!;
		const first = a.count === 0;
		a.count++;
		const v = d.values;
		for (let i = 0; i < v.length; i++) {
			const x = v[i]!;
			if (x < a.min[i]!) a.min[i] = x;
			if (x > a.max[i]!) a.max[i] = x;
			const prev = a.last[i]!;
			if (!first && x !== prev) a.changes[i]!++;
			if (x !== 0 && (first || prev === 0)) a.presses[i]!++;
			a.last[i] = x;
		}
		if (d.selected.length) {
			// Attribute selections to array fields by usage membership (one Set per field).
			const arrays = d.compiled.arrays;
			for (const u of d.selected) {
				for (let k = 0; k < arrays.length; k++) {
					const us = arrays[k]!.field.usages;
					if (us.some((r) => u >= r.min && u <= r.max)) {
						a.selected[k]!.add(u);
						break;
					}
				}
			}
		}
	}

	summary(): EventSummary {
		const reports = new Map<number, number>();
		const fields: FieldSummary[] = [];
		for (const [id, a] of this.#acc) {
			reports.set(id, a.count);
			const vars = a.compiled.variables;
			for (let i = 0; i < vars.length; i++) {
				fields.push({
					report: id,
					name: a.names[i]!,
					kind: vars[i]!.kind,
					samples: a.count,
					min: a.count ? a.min[i]! : 0,
					max: a.count ? a.max[i]! : 0,
					changes: a.changes[i]!,
					presses: a.presses[i]!,
					selected: [],
				});
			}
			a.compiled.arrays.forEach((arr, k) => {
				fields.push({
					report: id,
					name: arrayName(arr.field) + (k ? ` #${k + 1}` : ''),
					kind: 'array',
					samples: a.count,
					min: 0,
					max: 0,
					changes: 0,
					presses: 0,
					selected: [...a.selected[k]!].sort((x, y) => x - y).map(usageName32),
				});
			});
		}
		const durationUs = this.#first < 0 ? 0 : this.#last - this.#first;
		return { reports, unknown: this.#unknown, truncated: this.#truncated, durationUs, fields };
	}
}

export interface FieldChange {
	readonly report: number;
	readonly name: string;
	readonly before?: FieldSummary;
	readonly after?: FieldSummary;
	readonly what: string[];
}

export interface EventDiff {
	/** Fields carrying data only after (or only before). */
	readonly appeared: FieldChange[];
	readonly disappeared: FieldChange[];
	readonly changed: FieldChange[];
	/** Human lines, one per fact. */
	readonly lines: string[];
}

const label = (id: number) => (id ? `report ${id}` : 'report');
const range = (f: FieldSummary) => (f.min === f.max ? `${f.min}` : `${f.min}..${f.max}`);
const active = (f: FieldSummary | undefined) =>
	!!f &&
	f.samples > 0 &&
	(f.kind === 'array' ? f.selected.length > 0 : f.changes > 0 || f.presses > 0 || f.max !== 0);
const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

function activity(f: FieldSummary): string {
	if (f.kind === 'array') return f.selected.join(', ');
	if (f.kind === 'button') return `pressed ${times(f.presses)}`;
	return `${range(f)}, ${f.changes} changes`;
}

/** Compares the field statistics of two captures. */
export function diffEvents(
	before: EventSummary,
	after: EventSummary,
	renames: ReadonlyMap<string, string> = new Map(),
): EventDiff {
	const key = (f: FieldSummary) => `${f.report}\u0000${f.name}`;
	const mb = new Map(before.fields.map((f) => [key(f), f]));
	// A relabelled element (same bits, new usage) is compared under its old name.
	const ma = new Map(
		after.fields.map((f) => {
			const old = renames.get(key(f));
			return [old === undefined ? key(f) : `${f.report}\u0000${old}`, f];
		}),
	);
	const appeared: FieldChange[] = [];
	const disappeared: FieldChange[] = [];
	const changed: FieldChange[] = [];
	const lines: string[] = [];
	for (const id of new Set([...before.reports.keys(), ...after.reports.keys()])) {
		const nb = before.reports.get(id) ?? 0;
		const na = after.reports.get(id) ?? 0;
		if ((nb === 0) !== (na === 0)) lines.push(`${label(id)}: ${nb} → ${na} reports`);
		else if (nb && before.durationUs > 0 && after.durationUs > 0) {
			// Rates, not counts: two captures never last exactly as long.
			const rb = (nb * 1e6) / before.durationUs;
			const ra = (na * 1e6) / after.durationUs;
			if (Math.abs(ra - rb) > 0.2 * Math.max(ra, rb))
				lines.push(`${label(id)}: ${Math.round(rb)} → ${Math.round(ra)} reports/s`);
		}
	}
	// In the new capture's field order, then fields only the old one had.
	for (const k of new Set([...ma.keys(), ...mb.keys()])) {
		const b = mb.get(k);
		const a = ma.get(k);
		const f = (a ?? b)!;
		const shown = a && b && a.name !== b.name ? `${a.name} (was ${b.name})` : f.name;
		const base = { report: f.report, name: f.name, ...(b ? { before: b } : {}), ...(a ? { after: a } : {}) };
		if (active(a) && !active(b)) {
			const what = [b ? `no data before` : 'not in the old descriptor', activity(a!)];
			appeared.push({ ...base, what });
			lines.push(`${label(f.report)}: ${shown} appears (${activity(a!)})${b ? '' : ' — new field'}`);
		} else if (active(b) && !active(a)) {
			const what = [activity(b!), a ? 'no data after' : 'not in the new descriptor'];
			disappeared.push({ ...base, what });
			lines.push(
				`${label(f.report)}: ${shown} disappears (was ${activity(b!)})${a ? '' : ' — field removed'}`,
			);
		} else if (active(a) && active(b)) {
			const what: string[] = [];
			if (f.kind === 'array') {
				const gone = b!.selected.filter((u) => !a!.selected.includes(u));
				const fresh = a!.selected.filter((u) => !b!.selected.includes(u));
				if (fresh.length) what.push(`new: ${fresh.join(', ')}`);
				if (gone.length) what.push(`no longer: ${gone.join(', ')}`);
			} else if (f.kind === 'button') {
				if (a!.presses !== b!.presses) what.push(`pressed ${times(b!.presses)} → ${times(a!.presses)}`);
			} else if (a!.min !== b!.min || a!.max !== b!.max) {
				what.push(`range ${range(b!)} → ${range(a!)}`);
			}
			if (what.length) {
				changed.push({ ...base, what });
				lines.push(`${label(f.report)}: ${shown}: ${what.join(', ')}`);
			}
		}
	}
	if (after.unknown !== before.unknown)
		lines.push(`reports with an undeclared ID: ${before.unknown} → ${after.unknown}`);
	if (after.truncated !== before.truncated)
		lines.push(`short reports: ${before.truncated} → ${after.truncated}`);
	return { appeared, disappeared, changed, lines };
}
