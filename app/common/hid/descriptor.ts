/**
 * The parsed model of a report descriptor: collections, reports and their field layout.
 *
 * Offsets and sizes follow the Linux kernel (drivers/hid/hid-core.c), since that is what decides
 * what the device's reports look like to user space: field bit offsets count from the first data
 * byte (after the report ID byte), and a report's length in bytes is
 * `((bits - 1) >> 3) + 1 + (id > 0)` (hid_report_len).
 */
import type { HidItem } from './items.js';

export type ReportType = 'input' | 'output' | 'feature';

/** An inclusive range of 32-bit usages (page << 16 | id); a single Usage has min === max. */
export interface UsageRange {
	readonly min: number;
	readonly max: number;
}

/** Main item data bits (HID 1.11 §6.2.2.5). */
export interface FieldFlags {
	readonly constant: boolean;
	readonly variable: boolean;
	readonly relative: boolean;
	readonly wrap: boolean;
	readonly nonLinear: boolean;
	readonly noPreferred: boolean;
	readonly nullState: boolean;
	/** Output/Feature only. */
	readonly volatile: boolean;
	readonly bufferedBytes: boolean;
}

export interface HidField {
	readonly reportType: ReportType;
	readonly reportId: number;
	/** First bit of the field from the first data byte (after the report ID). */
	readonly bitOffset: number;
	/** Report Size: bits per element. */
	readonly bitSize: number;
	/** Report Count: number of elements. */
	readonly count: number;
	/** Raw main item data. */
	readonly rawFlags: number;
	readonly flags: FieldFlags;
	/** Usages in declaration order; empty for padding. */
	readonly usages: readonly UsageRange[];
	readonly logicalMin: number;
	readonly logicalMax: number;
	readonly physicalMin: number;
	readonly physicalMax: number;
	readonly unit: number;
	readonly unitExponent: number;
	/** Index into {@link ParsedDescriptor.collections} of the innermost collection, or -1. */
	readonly collection: number;
	/** Byte offset of the main item that declared the field. */
	readonly itemOffset: number;
}

export interface HidReport {
	readonly type: ReportType;
	/** 0 when the descriptor uses no report IDs. */
	readonly id: number;
	/** Sum of size × count of all its fields, padding included. */
	readonly bitSize: number;
	/** Length of the report on the wire, report ID byte included (kernel hid_report_len). */
	readonly byteSize: number;
	readonly fields: readonly HidField[];
}

export interface HidCollection {
	readonly index: number;
	/** Raw collection type: 0 Physical, 1 Application, 2 Logical, 3 Report, 4 Named Array, … */
	readonly kind: number;
	/** 32-bit usage, or 0 if none. */
	readonly usage: number;
	readonly parent: number;
	readonly depth: number;
	readonly itemOffset: number;
}

/** Something worth telling a maintainer that does not stop the kernel from using the descriptor. */
export interface DescriptorNote {
	readonly offset: number;
	readonly message: string;
}

export interface ParsedDescriptor {
	readonly bytes: Uint8Array;
	readonly items: readonly HidItem[];
	readonly collections: readonly HidCollection[];
	/** In order of first appearance. */
	readonly reports: readonly HidReport[];
	readonly usesReportIds: boolean;
	readonly notes: readonly DescriptorNote[];
}

const COLLECTION_KINDS = [
	'Physical',
	'Application',
	'Logical',
	'Report',
	'Named Array',
	'Usage Switch',
	'Usage Modifier',
];

export function collectionKindName(kind: number): string {
	return (
		COLLECTION_KINDS[kind] ??
		(kind >= 0x80 ? `Vendor Defined (0x${kind.toString(16)})` : `Reserved (${kind})`)
	);
}

export function decodeFlags(raw: number): FieldFlags {
	return {
		constant: (raw & 0x01) !== 0,
		variable: (raw & 0x02) !== 0,
		relative: (raw & 0x04) !== 0,
		wrap: (raw & 0x08) !== 0,
		nonLinear: (raw & 0x10) !== 0,
		noPreferred: (raw & 0x20) !== 0,
		nullState: (raw & 0x40) !== 0,
		volatile: (raw & 0x80) !== 0,
		bufferedBytes: (raw & 0x100) !== 0,
	};
}

/** hid-decode's flag text: `Data,Var,Abs` plus `,Wrap` `,NonLin` `,NoPref` `,Null` `,Vol` `,Buff`. */
export function flagsText(raw: number, type: ReportType): string {
	const f = decodeFlags(raw);
	let s = `${f.constant ? 'Cnst' : 'Data'},${f.variable ? 'Var' : 'Arr'},${f.relative ? 'Rel' : 'Abs'}`;
	if (f.wrap) s += ',Wrap';
	if (f.nonLinear) s += ',NonLin';
	if (f.noPreferred) s += ',NoPref';
	if (f.nullState) s += ',Null';
	if (f.volatile && type !== 'input') s += ',Vol';
	if (f.bufferedBytes) s += ',Buff';
	return s;
}

/** Number of usages in a list of ranges. */
export const usageCount = (usages: readonly UsageRange[]): number =>
	usages.reduce((n, r) => n + (r.max - r.min + 1), 0);

/** The i-th usage of a list of ranges (the last one repeats, as the kernel does for variable fields). */
export function usageAt(usages: readonly UsageRange[], i: number): number {
	let k = i;
	for (const r of usages) {
		const n = r.max - r.min + 1;
		if (k < n) return r.min + k;
		k -= n;
	}
	const last = usages[usages.length - 1];
	return last ? last.max : 0;
}
