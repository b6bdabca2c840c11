/**
 * Bounds-checked little-endian reads over an untrusted byte array.
 *
 * Callers validate a whole table's range once with `fits`, then read fields inside it; the
 * readers still return `undefined` rather than throwing if a caller got a range wrong.
 */
export class Bytes {
	readonly #view: DataView;
	readonly length: number;

	constructor(readonly bytes: Uint8Array) {
		this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		this.length = bytes.byteLength;
	}

	/** True when [offset, offset + size) lies inside the buffer (all values non-negative integers). */
	fits(offset: number, size: number): boolean {
		return (
			Number.isSafeInteger(offset) &&
			Number.isSafeInteger(size) &&
			offset >= 0 &&
			size >= 0 &&
			offset <= this.length &&
			size <= this.length - offset
		);
	}

	u8(offset: number): number | undefined {
		return this.fits(offset, 1) ? this.#view.getUint8(offset) : undefined;
	}

	u16(offset: number): number | undefined {
		return this.fits(offset, 2) ? this.#view.getUint16(offset, true) : undefined;
	}

	u32(offset: number): number | undefined {
		return this.fits(offset, 4) ? this.#view.getUint32(offset, true) : undefined;
	}

	i32(offset: number): number | undefined {
		return this.fits(offset, 4) ? this.#view.getInt32(offset, true) : undefined;
	}

	/** An unsigned 64-bit value, or undefined if it is out of range or above 2^53 (no file is that big). */
	u64(offset: number): number | undefined {
		if (!this.fits(offset, 8)) return undefined;
		const lo = this.#view.getUint32(offset, true);
		const hi = this.#view.getUint32(offset + 4, true);
		if (hi >= 0x20_0000) return undefined;
		return hi * 0x1_0000_0000 + lo;
	}

	/** Raw 64-bit value as two halves (for relocation info, where sym and type are split). */
	u64Parts(offset: number): { lo: number; hi: number } | undefined {
		if (!this.fits(offset, 8)) return undefined;
		return { lo: this.#view.getUint32(offset, true), hi: this.#view.getUint32(offset + 4, true) };
	}

	/** A sub-range copy-free view; undefined when out of bounds. */
	slice(offset: number, size: number): Uint8Array | undefined {
		return this.fits(offset, size) ? this.bytes.subarray(offset, offset + size) : undefined;
	}
}

/**
 * Longest name we decode: the kernel's KSYM_NAME_LEN, which also bounds BTF identifiers. Longer
 * names come back cut, ending in '…'.
 */
export const MAX_NAME = 512;

/**
 * Total name bytes one parse may decode. Real HID-BPF objects hold a few tens of KB of names; the
 * budget keeps a hostile file from pointing a million names at one long run of bytes.
 */
export const NAME_BUDGET = 4 * 1024 * 1024;

/** Remaining decode budget of one parse, shared by all its name reads. */
export interface NameBudget {
	left: number;
}

/**
 * Reads a NUL-terminated name starting at `offset` in `table`. Returns undefined when the offset is
 * outside the table, no NUL follows before its end, or the budget is spent. Scans at most MAX_NAME
 * bytes. Bytes outside printable ASCII are escaped as `\\xNN` so a name cannot smuggle control
 * characters into the UI.
 */
export function cString(table: Uint8Array, offset: number, budget?: NameBudget): string | undefined {
	if (!Number.isSafeInteger(offset) || offset < 0 || offset >= table.length) return undefined;
	const stop = Math.min(table.length, offset + MAX_NAME);
	let end = offset;
	let plain = true;
	for (; end < stop; end++) {
		const c = table[end] as number;
		if (c === 0) break;
		if (c < 0x20 || c >= 0x7f || c === 0x5c) plain = false;
	}
	if (end === table.length) return undefined;
	if (budget) {
		budget.left -= end - offset + 1;
		if (budget.left < 0) return undefined;
	}
	let out = '';
	for (let i = offset; i < end; i++) {
		const c = table[i] as number;
		out +=
			plain || (c >= 0x20 && c < 0x7f && c !== 0x5c) ? CHARS[c] : `\\x${c.toString(16).padStart(2, '0')}`;
	}
	return table[end] === 0 ? out : `${out}…`;
}

const CHARS = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
