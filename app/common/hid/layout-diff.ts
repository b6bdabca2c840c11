/**
 * Field-level comparison of two parsed descriptors: per report, which elements (buttons, axes,
 * arrays) appeared, disappeared, moved or changed range/unit/flags, in words a maintainer reads.
 */
import type { HidField, HidReport, ParsedDescriptor, ReportType } from './descriptor.js';
import { flagsText, usageAt, usageCount } from './descriptor.js';
import { absResolution, axisKind } from './resolution.js';
import { unitText } from './units.js';
import { usageName32, usagePageName } from './usages.js';

/** One element of a report: a variable field element, or a whole array field. */
export interface LayoutElement {
	/** Unique in its report: usage name, ` #2`… for repeats, `array …` for arrays. */
	readonly key: string;
	readonly bit: number;
	readonly bits: number;
	/** 32-bit usage (the first one for arrays). */
	readonly usage: number;
	readonly field: HidField;
}

export interface ElementChange {
	readonly key: string;
	readonly what: string[];
}

export interface ReportLayoutDiff {
	readonly type: ReportType;
	readonly id: number;
	/** `input report 17`, or `input report` without IDs. */
	readonly label: string;
	readonly status: 'added' | 'removed' | 'changed' | 'same';
	readonly sizeBefore?: number;
	readonly sizeAfter?: number;
	readonly appeared: LayoutElement[];
	readonly disappeared: LayoutElement[];
	readonly changed: ElementChange[];
	/** Human lines, one per fact. */
	readonly lines: string[];
}

export const reportLabel = (type: ReportType, id: number): string => `${type} report${id ? ` ${id}` : ''}`;

/** `Keyboard/Keypad array`: array fields are named by the usage page of their first usage. */
export const arrayName = (f: HidField): string => `${usagePageName((f.usages[0]?.min ?? 0) >>> 16)} array`;

/** Elements of a report in bit order; padding is not an element. */
export function layoutElements(r: HidReport): LayoutElement[] {
	const out: LayoutElement[] = [];
	const seen = new Map<string, number>();
	const unique = (name: string) => {
		const n = (seen.get(name) ?? 0) + 1;
		seen.set(name, n);
		return n === 1 ? name : `${name} #${n}`;
	};
	for (const f of r.fields) {
		if (f.flags.constant || f.usages.length === 0) continue;
		if (!f.flags.variable) {
			out.push({
				key: unique(arrayName(f)),
				bit: f.bitOffset,
				bits: f.bitSize * f.count,
				usage: f.usages[0]!.min,
				field: f,
			});
			continue;
		}
		for (let i = 0; i < f.count; i++) {
			const usage = usageAt(f.usages, i);
			out.push({
				key: unique(usageName32(usage)),
				bit: f.bitOffset + i * f.bitSize,
				bits: f.bitSize,
				usage,
				field: f,
			});
		}
	}
	return out;
}

const bitsText = (e: LayoutElement) =>
	e.bits === 1 ? `bit ${e.bit}` : `bits ${e.bit}..${e.bit + e.bits - 1}`;

/** True if bits [bit, bit+bits) were all padding (constant fields) in the report. */
function wasPadding(r: HidReport | undefined, bit: number, bits: number): boolean {
	if (!r) return false;
	return r.fields.some(
		(f) =>
			(f.flags.constant || f.usages.length === 0) &&
			f.bitOffset <= bit &&
			bit + bits <= f.bitOffset + f.bitSize * f.count,
	);
}

function compareElements(a: LayoutElement, b: LayoutElement): string[] {
	const what: string[] = [];
	const fa = a.field;
	const fb = b.field;
	if (a.bit !== b.bit) what.push(`moved from bit ${a.bit} to ${b.bit}`);
	if (a.bits !== b.bits) what.push(`size ${a.bits} → ${b.bits} bits`);
	if (fa.logicalMin !== fb.logicalMin || fa.logicalMax !== fb.logicalMax)
		what.push(`logical range ${fa.logicalMin}..${fa.logicalMax} → ${fb.logicalMin}..${fb.logicalMax}`);
	if (fa.physicalMin !== fb.physicalMin || fa.physicalMax !== fb.physicalMax)
		what.push(`physical range ${fa.physicalMin}..${fa.physicalMax} → ${fb.physicalMin}..${fb.physicalMax}`);
	if (fa.unit !== fb.unit) what.push(`unit ${unitText(fa.unit)} → ${unitText(fb.unit)}`);
	if (fa.unitExponent !== fb.unitExponent) what.push(`unit exponent ${fa.unitExponent} → ${fb.unitExponent}`);
	const kind = axisKind(b.usage);
	if (kind && a.usage === b.usage) {
		const ra = absResolution(fa, a.usage);
		const rb = absResolution(fb, b.usage);
		if (ra !== rb) what.push(`resolution ${ra} → ${rb} units/${kind === 'length' ? 'mm' : 'rad'} (Linux)`);
	}
	const flagsA = flagsText(fa.rawFlags, fa.reportType);
	const flagsB = flagsText(fb.rawFlags, fb.reportType);
	if (flagsA !== flagsB) what.push(`flags ${flagsA} → ${flagsB}`);
	if (!fa.flags.variable && usageCount(fa.usages) !== usageCount(fb.usages))
		what.push(`${usageCount(fa.usages)} → ${usageCount(fb.usages)} usages`);
	return what;
}

/** Compares the report layouts of two descriptors, report by report. */
export function diffLayouts(before: ParsedDescriptor, after: ParsedDescriptor): ReportLayoutDiff[] {
	const key = (r: HidReport) => `${r.type}:${r.id}`;
	const mapB = new Map(before.reports.map((r) => [key(r), r]));
	const mapA = new Map(after.reports.map((r) => [key(r), r]));
	const keys = [...new Set([...mapB.keys(), ...mapA.keys()])];
	return keys.map((k) => {
		const rb = mapB.get(k);
		const ra = mapA.get(k);
		const r = (ra ?? rb)!;
		const label = reportLabel(r.type, r.id);
		const eb = rb ? layoutElements(rb) : [];
		const ea = ra ? layoutElements(ra) : [];
		const byKeyB = new Map(eb.map((e) => [e.key, e]));
		const byKeyA = new Map(ea.map((e) => [e.key, e]));
		let appeared = ea.filter((e) => !byKeyB.has(e.key));
		let disappeared = eb.filter((e) => !byKeyA.has(e.key));
		const changed: ElementChange[] = [];
		// Same bits, another usage: a re-labelled element, not one gone and one new.
		const renamed: [LayoutElement, LayoutElement][] = [];
		for (const e of appeared) {
			const old = disappeared.find((d) => d.bit === e.bit && d.bits === e.bits);
			if (old) renamed.push([old, e]);
		}
		appeared = appeared.filter((e) => !renamed.some(([, n]) => n === e));
		disappeared = disappeared.filter((e) => !renamed.some(([o]) => o === e));
		for (const [o, n] of renamed)
			changed.push({ key: n.key, what: [`was ${o.key}`, ...compareElements(o, n)] });
		for (const e of ea) {
			const old = byKeyB.get(e.key);
			if (!old) continue;
			const what = compareElements(old, e);
			if (what.length) changed.push({ key: e.key, what });
		}
		const lines: string[] = [];
		let status: ReportLayoutDiff['status'] = 'same';
		if (!rb) {
			status = 'added';
			lines.push(`${label} is new (${ra!.byteSize} bytes)`);
		} else if (!ra) {
			status = 'removed';
			lines.push(`${label} is gone (was ${rb.byteSize} bytes)`);
		} else {
			if (rb.byteSize !== ra.byteSize) lines.push(`${label}: ${rb.byteSize} → ${ra.byteSize} bytes`);
			for (const e of appeared) {
				const pad = wasPadding(rb, e.bit, e.bits) ? ' (was padding)' : '';
				lines.push(`${label}: ${e.key} appears at ${bitsText(e)}${pad}`);
			}
			for (const e of disappeared) lines.push(`${label}: ${e.key} at ${bitsText(e)} is gone`);
			for (const c of changed) lines.push(`${label}: ${c.key}: ${c.what.join(', ')}`);
			if (lines.length) status = 'changed';
		}
		return {
			type: r.type,
			id: r.id,
			label,
			status,
			...(rb ? { sizeBefore: rb.byteSize } : {}),
			...(ra ? { sizeAfter: ra.byteSize } : {}),
			appeared,
			disappeared,
			changed,
			lines,
		};
	});
}
