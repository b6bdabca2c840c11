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

/** Longest identifier we decode; BTF and ELF names are C identifiers or section names. */
export const MAX_NAME = 1024;

/**
 * Reads a NUL-terminated name starting at `offset` in `table`. Returns undefined when the offset is
 * outside the table or no NUL follows before its end. Scans at most MAX_NAME bytes (longer names
 * come back cut, ending in '…') so hostile tables cannot make name lookups quadratic. Bytes outside
 * printable ASCII are escaped as `\xNN` so a name cannot smuggle control characters into the UI.
 */
export function cString(table: Uint8Array, offset: number): string | undefined {
	if (!Number.isSafeInteger(offset) || offset < 0 || offset >= table.length) return undefined;
	const stop = Math.min(table.length, offset + MAX_NAME);
	let end = offset;
	while (end < stop && table[end] !== 0) end++;
	if (end === table.length) return undefined;
	let out = '';
	for (let i = offset; i < end; i++) {
		const c = table[i] ?? 0;
		out +=
			c >= 0x20 && c < 0x7f && c !== 0x5c
				? String.fromCharCode(c)
				: `\\x${c.toString(16).padStart(2, '0')}`;
	}
	return table[end] === 0 ? out : `${out}…`;
}
