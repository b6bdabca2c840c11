/**
 * Report decoder: compiles a parsed descriptor into per-report-ID extractors once, then decodes raw
 * reports (hidraw bytes, report ID first for numbered reports) into named values.
 *
 * Built for long recordings (1 h at 1 kHz = 3.6 M reports): `decode` allocates nothing per report.
 * It returns a per-report-ID {@link DecodedReport} that is overwritten by the next report with the
 * same ID; copy what you keep (or use {@link namedValues}, which allocates).
 */
import type { HidField, HidReport, ParsedDescriptor, ReportType } from './descriptor.js';
import { usageAt, usageCount } from './descriptor.js';
import { isVendorPage, usageName32 } from './usages.js';

export type SlotKind = 'button' | 'axis' | 'vendor' | 'bytes';

/** One element of a variable field. */
export interface VariableSlot {
	readonly usage: number;
	readonly name: string;
	/** Bit offset in the wire report, report ID byte included. */
	readonly bit: number;
	readonly bits: number;
	readonly signed: boolean;
	/** button: 1-bit data; axis: multi-bit value; vendor: on a vendor page; bytes: wider than 48 bits. */
	readonly kind: SlotKind;
	readonly field: HidField;
}

/** An array field: `count` slots of `bits` each holding a logical value that selects a usage. */
export interface ArraySlot {
	readonly bit: number;
	readonly bits: number;
	readonly count: number;
	readonly signed: boolean;
	readonly logicalMin: number;
	readonly logicalMax: number;
	readonly field: HidField;
}

export interface CompiledReport {
	readonly report: HidReport;
	readonly variables: readonly VariableSlot[];
	readonly arrays: readonly ArraySlot[];
}

export interface DecodedReport {
	readonly compiled: CompiledReport;
	/** `values[i]` is the value of `compiled.variables[i]` (NaN for `bytes` slots). */
	readonly values: Float64Array;
	/** Usages of set 1-bit variable fields (buttons, switches), in field order. Reused array. */
	readonly pressed: number[];
	/** Usages selected by array fields (keys held, consumer controls). Reused array. */
	readonly selected: number[];
	/** The report was shorter than the descriptor says; missing bytes read as 0 (as the kernel pads). */
	truncated: boolean;
}

export interface ReportDecoder {
	readonly type: ReportType;
	readonly numbered: boolean;
	readonly reports: ReadonlyMap<number, CompiledReport>;
	/** Decodes one report; undefined if its report ID is not in the descriptor. */
	decode(report: Uint8Array): DecodedReport | undefined;
}

/** Reads `bits` (≤ 48) bits little-endian from bit `bit` of `data`; bytes past the end read as 0. */
export function extractBits(data: Uint8Array, bit: number, bits: number): number {
	const start = bit >>> 3;
	const shift = bit & 7;
	if (shift + bits <= 32) {
		const n = (shift + bits + 7) >>> 3;
		let v = 0;
		for (let i = n - 1; i >= 0; i--) v = (v << 8) | (data[start + i] ?? 0);
		v >>>= shift;
		return bits === 32 ? v >>> 0 : v & ((1 << bits) - 1);
	}
	const n = (shift + bits + 7) >>> 3;
	let v = 0;
	for (let i = n - 1; i >= 0; i--) v = v * 256 + (data[start + i] ?? 0);
	return Math.floor(v / 2 ** shift) % 2 ** bits;
}

const toSigned = (v: number, bits: number): number => (v >= 2 ** (bits - 1) ? v - 2 ** bits : v);

function compileReport(r: HidReport): CompiledReport {
	const base = r.id > 0 ? 8 : 0;
	const variables: VariableSlot[] = [];
	const arrays: ArraySlot[] = [];
	for (const f of r.fields) {
		if (f.flags.constant || f.usages.length === 0) continue; // padding
		const signed = f.logicalMin < 0;
		if (!f.flags.variable) {
			arrays.push({
				bit: base + f.bitOffset,
				bits: f.bitSize,
				count: f.count,
				signed,
				logicalMin: f.logicalMin,
				logicalMax: f.logicalMax,
				field: f,
			});
			continue;
		}
		for (let i = 0; i < f.count; i++) {
			const usage = usageAt(f.usages, i);
			const kind: SlotKind =
				f.bitSize > 48
					? 'bytes'
					: isVendorPage(usage >>> 16)
						? 'vendor'
						: f.bitSize === 1
							? 'button'
							: 'axis';
			variables.push({
				usage,
				name: usageName32(usage),
				bit: base + f.bitOffset + i * f.bitSize,
				bits: f.bitSize,
				signed,
				kind,
				field: f,
			});
		}
	}
	return { report: r, variables, arrays };
}

/** Compiles extractors for every report of one type (input by default). */
export function compileDecoder(d: ParsedDescriptor, type: ReportType = 'input'): ReportDecoder {
	const reports = new Map<number, CompiledReport>();
	const out = new Map<number, DecodedReport>();
	for (const r of d.reports) {
		if (r.type !== type) continue;
		const c = compileReport(r);
		reports.set(r.id, c);
		out.set(r.id, {
			compiled: c,
			values: new Float64Array(c.variables.length),
			pressed: [],
			selected: [],
			truncated: false,
		});
	}
	const numbered = d.usesReportIds;
	return {
		type,
		numbered,
		reports,
		decode(data: Uint8Array): DecodedReport | undefined {
			const res = out.get(numbered ? (data[0] ?? -1) : 0);
			if (!res) return undefined;
			const c = res.compiled;
			res.truncated = data.length < c.report.byteSize;
			res.pressed.length = 0;
			res.selected.length = 0;
			const vars = c.variables;
			for (let i = 0; i < vars.length; i++) {
				const s = vars[i]!;
				if (s.kind === 'bytes') {
					res.values[i] = NaN;
					continue;
				}
				const raw = extractBits(data, s.bit, s.bits);
				const v = s.signed ? toSigned(raw, s.bits) : raw;
				res.values[i] = v;
				if (s.kind === 'button' && v !== 0) res.pressed.push(s.usage);
			}
			for (const a of c.arrays) {
				const usages = a.field.usages;
				const n = usageCount(usages);
				for (let k = 0; k < a.count; k++) {
					const raw = extractBits(data, a.bit + k * a.bits, a.bits);
					const v = a.signed ? toSigned(raw, a.bits) : raw;
					// Out of the logical range means "no usage" (HID 1.11 §6.2.2.5, arrays).
					if (v < a.logicalMin || v > a.logicalMax) continue;
					const idx = v - a.logicalMin;
					if (idx >= n) continue;
					const u = usageAt(usages, idx);
					// Usage 0 on a page is "no event" / reserved (keyboard 0x00: no key pressed).
					if ((u & 0xffff) === 0) continue;
					res.selected.push(u);
				}
			}
			return res;
		},
	};
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

export interface NamedValues {
	readonly reportId: number;
	/** Names of pressed buttons/switches. */
	readonly pressed: string[];
	/** Names of usages selected by array fields. */
	readonly selected: string[];
	/** Multi-bit values by name (a repeated name gets ` #2`, ` #3`…); wide fields as hex. */
	readonly values: Record<string, number | string>;
}

/** A plain-object copy of a decoded report, for display and tests (allocates). */
export function namedValues(d: DecodedReport, data: Uint8Array): NamedValues {
	const values: Record<string, number | string> = {};
	const vars = d.compiled.variables;
	for (let i = 0; i < vars.length; i++) {
		const s = vars[i]!;
		if (s.kind === 'button') continue;
		let key = s.name;
		for (let k = 2; key in values; k++) key = `${s.name} #${k}`;
		values[key] =
			s.kind === 'bytes' ? hex(data.subarray(s.bit >>> 3, (s.bit + s.bits + 7) >>> 3)) : d.values[i]!;
	}
	return {
		reportId: d.compiled.report.id,
		pressed: d.pressed.map(usageName32),
		selected: d.selected.map(usageName32),
		values,
	};
}
