/**
 * HID report descriptor items (HID 1.11 §6.2.2): tokenizing bytes into short items and encoding them
 * back.
 *
 * A short item is one prefix byte `tttt TT SS` (tag, type, size code 0/1/2/3 → 0/1/2/4 data bytes)
 * followed by little-endian data. Prefix 0xFE starts a long item (§6.2.2.3); no HID class device
 * defines one and the kernel rejects them ("unexpected long global item"), so do we.
 */
import { err, ok, type Result } from '../result.js';
import type { DescriptorError } from './errors.js';

export type ItemType = 'main' | 'global' | 'local' | 'reserved';

/** Item names as hid-decode prints them; `undefined` from {@link itemName} means a reserved tag. */
const NAMES: Readonly<Record<number, string>> = {
	// Main (§6.2.2.4)
	0x80: 'Input',
	0x90: 'Output',
	0xb0: 'Feature',
	0xa0: 'Collection',
	0xc0: 'End Collection',
	// Global (§6.2.2.7)
	0x04: 'Usage Page',
	0x14: 'Logical Minimum',
	0x24: 'Logical Maximum',
	0x34: 'Physical Minimum',
	0x44: 'Physical Maximum',
	0x54: 'Unit Exponent',
	0x64: 'Unit',
	0x74: 'Report Size',
	0x84: 'Report ID',
	0x94: 'Report Count',
	0xa4: 'Push',
	0xb4: 'Pop',
	// Local (§6.2.2.8)
	0x08: 'Usage',
	0x18: 'Usage Minimum',
	0x28: 'Usage Maximum',
	0x38: 'Designator Index',
	0x48: 'Designator Minimum',
	0x58: 'Designator Maximum',
	0x78: 'String Index',
	0x88: 'String Minimum',
	0x98: 'String Maximum',
	0xa8: 'Delimiter',
};

/** Tag codes (prefix byte with the size bits cleared), for switch statements. */
export const Tag = {
	Input: 0x80,
	Output: 0x90,
	Feature: 0xb0,
	Collection: 0xa0,
	EndCollection: 0xc0,
	UsagePage: 0x04,
	LogicalMinimum: 0x14,
	LogicalMaximum: 0x24,
	PhysicalMinimum: 0x34,
	PhysicalMaximum: 0x44,
	UnitExponent: 0x54,
	Unit: 0x64,
	ReportSize: 0x74,
	ReportId: 0x84,
	ReportCount: 0x94,
	Push: 0xa4,
	Pop: 0xb4,
	Usage: 0x08,
	UsageMinimum: 0x18,
	UsageMaximum: 0x28,
	Delimiter: 0xa8,
} as const;

/** Items whose data is a signed two's-complement number of the item's data size (§6.2.2.7). */
const SIGNED = new Set<number>([
	Tag.LogicalMinimum,
	Tag.LogicalMaximum,
	Tag.PhysicalMinimum,
	Tag.PhysicalMaximum,
]);

export interface HidItem {
	/** Byte offset of the prefix byte in the descriptor. */
	readonly offset: number;
	/** The whole item, prefix included. */
	readonly bytes: Uint8Array;
	readonly type: ItemType;
	/** Prefix byte with the size bits cleared, see {@link Tag}. */
	readonly tag: number;
	/** Name as hid-decode prints it, or `Reserved (0xNN)`. */
	readonly name: string;
	/** Data size in bytes: 0, 1, 2 or 4. */
	readonly size: 0 | 1 | 2 | 4;
	/** Data as an unsigned little-endian number. */
	readonly raw: number;
	/**
	 * Data as the spec reads it: signed for logical/physical min/max, a 4-bit signed nibble for Unit
	 * Exponent when only the low nibble is used (as the kernel does), unsigned otherwise.
	 */
	readonly value: number;
}

const TYPES: readonly ItemType[] = ['main', 'global', 'local', 'reserved'];

export const itemName = (tag: number): string | undefined => NAMES[tag];

/** Sign-extends the low `bits` bits of `raw`. */
export function signExtend(raw: number, bits: number): number {
	if (bits === 0) return 0;
	if (bits >= 32) return raw | 0;
	const m = 2 ** (bits - 1);
	return raw >= m ? raw - 2 * m : raw;
}

function interpret(tag: number, size: number, raw: number): number {
	if (SIGNED.has(tag)) return signExtend(raw, size * 8);
	// Kernel hid_parser_global: "Many devices provide unit exponent as a two's complement nibble".
	if (tag === Tag.UnitExponent) return raw & ~0xf ? signExtend(raw, size * 8) : signExtend(raw, 4);
	return raw;
}

/** Splits a descriptor into items; a long item or a truncated last item is a typed error. */
export function readItems(bytes: Uint8Array): Result<HidItem[], DescriptorError> {
	const items: HidItem[] = [];
	let i = 0;
	while (i < bytes.length) {
		const prefix = bytes[i]!;
		if (prefix === 0xfe) {
			return err({
				code: 'long-item',
				offset: i,
				message: `long item (0xFE) at byte ${i}: HID class devices do not use long items and Linux rejects them`,
			});
		}
		const sizeCode = prefix & 3;
		const size = (sizeCode === 3 ? 4 : sizeCode) as 0 | 1 | 2 | 4;
		if (i + 1 + size > bytes.length) {
			return err({
				code: 'truncated-item',
				offset: i,
				message: `item 0x${prefix.toString(16).padStart(2, '0')} at byte ${i} needs ${size} data byte(s), only ${bytes.length - i - 1} left`,
			});
		}
		let raw = 0;
		for (let k = size - 1; k >= 0; k--) raw = raw * 256 + bytes[i + 1 + k]!;
		const tag = prefix & 0xfc;
		items.push({
			offset: i,
			bytes: bytes.subarray(i, i + 1 + size),
			type: TYPES[(prefix >> 2) & 3]!,
			tag,
			name: NAMES[tag] ?? `Reserved (0x${tag.toString(16).padStart(2, '0')})`,
			size,
			raw,
			value: interpret(tag, size, raw),
		});
		i += 1 + size;
	}
	return ok(items);
}

/** Encodes one short item with the smallest data size that holds `raw` (unsigned) or a forced size. */
export function encodeItem(tag: number, raw: number, size?: 0 | 1 | 2 | 4): Uint8Array {
	const u = raw < 0 ? raw >>> 0 : raw;
	const n = size ?? (u === 0 ? 0 : u <= 0xff ? 1 : u <= 0xffff ? 2 : 4);
	const out = new Uint8Array(1 + n);
	out[0] = (tag & 0xfc) | (n === 4 ? 3 : n);
	for (let k = 0; k < n; k++) out[1 + k] = Math.floor(u / 2 ** (8 * k)) & 0xff;
	return out;
}

/** Concatenates items' bytes back into a descriptor. */
export function encodeItems(items: readonly Pick<HidItem, 'bytes'>[]): Uint8Array {
	const out = new Uint8Array(items.reduce((n, it) => n + it.bytes.length, 0));
	let o = 0;
	for (const it of items) {
		out.set(it.bytes, o);
		o += it.bytes.length;
	}
	return out;
}
