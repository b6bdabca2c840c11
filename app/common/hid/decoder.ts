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

/** Reads `bits` (≤ 53) bits little-endian from bit `bit` of `data`; bytes past the end read as 0. */
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
	// Wider than 32 bits: two exact halves (a single float sum of up to 7 bytes would lose bits).
	if (bits > 32) return extractBits(data, bit + 32, bits - 32) * 2 ** 32 + extractBits(data, bit, 32);
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
	const plans = new Map<number, Plan>();
	for (const [id, c] of reports) plans.set(id, plan(c));
	return {
		type,
		numbered,
		reports,
		decode(data: Uint8Array): DecodedReport | undefined {
			const res = out.get(numbered ? (data[0] ?? -1) : 0);
			if (!res) return undefined;
			const p = plans.get(res.compiled.report.id)!;
			res.truncated = data.length < res.compiled.report.byteSize;
			const pressed = res.pressed;
			const values = res.values;
			pressed.length = 0;
			res.selected.length = 0;
			const { byte, shift, bits, mask, sign, kind, usage, bit } = p;
			for (let i = 0; i < values.length; i++) {
				const k = kind[i]!;
				if (k === KIND_BYTES) {
					values[i] = NaN;
					continue;
				}
				let v: number;
				const m = mask[i]!;
				if (m !== 0) {
					// Fast path: the field fits in the 32-bit little-endian word at its first byte.
					// Typed-array reads past the end are undefined, which `|` and `<<` turn into 0.
					const b = byte[i]!;
					v =
						((data[b]! | (data[b + 1]! << 8) | (data[b + 2]! << 16) | (data[b + 3]! << 24)) >>> shift[i]!) &
						m;
				} else {
					v = extractBits(data, bit[i]!, bits[i]!);
				}
				const sb = sign[i]!;
				if (sb !== 0 && v >= sb) v -= 2 * sb;
				values[i] = v;
				if (k === KIND_BUTTON && v !== 0) pressed.push(usage[i]!);
			}
			const arrays = res.compiled.arrays;
			for (let ai = 0; ai < arrays.length; ai++) {
				const a = arrays[ai]!;
				const table = p.arrayUsages[ai]!;
				const n = table.length;
				for (let k = 0; k < a.count; k++) {
					const raw = extractBits(data, a.bit + k * a.bits, a.bits);
					const v = a.signed ? toSigned(raw, a.bits) : raw;
					// Out of the logical range means "no usage" (HID 1.11 §6.2.2.5, arrays).
					if (v < a.logicalMin || v > a.logicalMax) continue;
					const idx = v - a.logicalMin;
					if (idx >= n) continue;
					const u = table[idx]!;
					// Usage 0 on a page is "no event" / reserved (keyboard 0x00: no key pressed).
					if ((u & 0xffff) === 0) continue;
					res.selected.push(u);
				}
			}
			return res;
		},
	};
}

const KIND_VALUE = 0;
const KIND_BUTTON = 1;
const KIND_BYTES = 2;

/** Struct-of-arrays form of a compiled report, for the decode loop. */
interface Plan {
	readonly bit: Uint32Array;
	readonly byte: Uint32Array;
	readonly shift: Uint8Array;
	readonly bits: Uint16Array;
	/** Mask for the 32-bit fast path; 0 when the field needs {@link extractBits}. */
	readonly mask: Uint32Array;
	/** 2^(bits-1) for signed fields, else 0. */
	readonly sign: Float64Array;
	readonly kind: Uint8Array;
	readonly usage: Uint32Array;
	/** Index → usage per array field (HID_MAX_USAGES bounds its length). */
	readonly arrayUsages: Uint32Array[];
}

function plan(c: CompiledReport): Plan {
	const n = c.variables.length;
	const p: Plan = {
		bit: new Uint32Array(n),
		byte: new Uint32Array(n),
		shift: new Uint8Array(n),
		bits: new Uint16Array(n),
		mask: new Uint32Array(n),
		sign: new Float64Array(n),
		kind: new Uint8Array(n),
		usage: new Uint32Array(n),
		arrayUsages: c.arrays.map((a) => {
			const total = usageCount(a.field.usages);
			return Uint32Array.from({ length: total }, (_, i) => usageAt(a.field.usages, i));
		}),
	};
	c.variables.forEach((s, i) => {
		p.bit[i] = s.bit;
		p.byte[i] = s.bit >>> 3;
		p.shift[i] = s.bit & 7;
		p.bits[i] = s.bits;
		p.mask[i] = (s.bit & 7) + s.bits <= 32 && s.bits < 32 ? 2 ** s.bits - 1 : 0;
		p.sign[i] = s.signed && s.bits > 0 ? 2 ** (s.bits - 1) : 0;
		p.kind[i] = s.kind === 'bytes' ? KIND_BYTES : s.kind === 'button' ? KIND_BUTTON : KIND_VALUE;
		p.usage[i] = s.usage;
	});
	return p;
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
