/**
 * SSH wire encoding (RFC 4251 §5): bounds-checked reader and a writer, pure.
 *
 * SECURITY: signature blobs come from bundles anyone can craft. Every read checks the remaining length
 * before touching a byte and reports a typed {@link WireError}; nothing here throws on hostile input,
 * and a declared length larger than what is left is refused before any allocation.
 */
import { err, ok, type Result } from '../result.js';

export type WireErrorCode = 'wire-truncated' | 'wire-trailing' | 'wire-mpint' | 'wire-text';

export interface WireError {
	readonly code: WireErrorCode;
	readonly message: string;
}

const wireErr = (code: WireErrorCode, message: string) => err<WireError>({ code, message });

/** A cursor over one buffer; each `read*` either advances or leaves the cursor where it was. */
export class SshReader {
	readonly #buf: Uint8Array;
	#pos = 0;

	constructor(buf: Uint8Array) {
		this.#buf = buf;
	}

	get remaining(): number {
		return this.#buf.length - this.#pos;
	}

	/** Raw bytes with no length prefix (e.g. the `SSHSIG` magic). */
	readRaw(n: number, what: string): Result<Uint8Array, WireError> {
		if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining)
			return wireErr('wire-truncated', `${what}: needs ${n} bytes, ${this.remaining} left`);
		const out = this.#buf.subarray(this.#pos, this.#pos + n);
		this.#pos += n;
		return ok(out);
	}

	readU32(what: string): Result<number, WireError> {
		if (this.remaining < 4)
			return wireErr('wire-truncated', `${what}: needs 4 bytes, ${this.remaining} left`);
		const b = this.#buf;
		const p = this.#pos;
		const v = ((b[p]! << 24) >>> 0) + (b[p + 1]! << 16) + (b[p + 2]! << 8) + b[p + 3]!;
		this.#pos += 4;
		return ok(v);
	}

	/** `string`: uint32 length then that many bytes; the length is checked against what is left. */
	readString(what: string): Result<Uint8Array, WireError> {
		const start = this.#pos;
		const len = this.readU32(`${what} length`);
		if (!len.ok) return len;
		if (len.value > this.remaining) {
			const left = this.remaining;
			this.#pos = start;
			return wireErr('wire-truncated', `${what}: declares ${len.value} bytes, ${left} left`);
		}
		return this.readRaw(len.value, what);
	}

	/** A `string` that must be printable ASCII (algorithm names, namespaces, hash names). */
	readAscii(what: string): Result<string, WireError> {
		const start = this.#pos;
		const raw = this.readString(what);
		if (!raw.ok) return raw;
		let s = '';
		for (const c of raw.value) {
			if (c < 0x20 || c > 0x7e) {
				this.#pos = start;
				return wireErr('wire-text', `${what}: not printable ASCII`);
			}
			s += String.fromCharCode(c);
		}
		return ok(s);
	}

	/**
	 * `mpint` holding a non-negative integer, returned as its magnitude (no sign byte). Only the
	 * minimal two's-complement form is accepted, so each integer has one encoding (no key aliases).
	 */
	readPositiveMpint(what: string): Result<Uint8Array, WireError> {
		const start = this.#pos;
		const raw = this.readString(what);
		if (!raw.ok) return raw;
		const b = raw.value;
		const fail = (m: string) => {
			this.#pos = start;
			return wireErr('wire-mpint', `${what}: ${m}`);
		};
		if (b.length === 0) return ok(b);
		if ((b[0]! & 0x80) !== 0) return fail('negative integer');
		if (b[0] === 0 && (b.length === 1 || (b[1]! & 0x80) === 0)) return fail('non-minimal encoding');
		return ok(b[0] === 0 ? b.subarray(1) : b);
	}

	/** Fails unless every byte was consumed: trailing data would let two blobs mean one thing. */
	expectEnd(what: string): Result<void, WireError> {
		if (this.remaining !== 0)
			return wireErr('wire-trailing', `${what}: ${this.remaining} unexpected trailing bytes`);
		return ok(undefined);
	}
}

/** Growable SSH wire writer. */
export class SshWriter {
	#chunks: Uint8Array[] = [];
	#length = 0;

	raw(bytes: Uint8Array): this {
		this.#chunks.push(bytes.slice());
		this.#length += bytes.length;
		return this;
	}

	u32(v: number): this {
		if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`u32 out of range: ${v}`);
		return this.raw(new Uint8Array([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]));
	}

	string(bytes: Uint8Array | string): this {
		const b = typeof bytes === 'string' ? asciiBytes(bytes) : bytes;
		return this.u32(b.length).raw(b);
	}

	/** Writes a non-negative magnitude (leading zeros allowed in input) as a minimal `mpint`. */
	positiveMpint(magnitude: Uint8Array): this {
		let i = 0;
		while (i < magnitude.length && magnitude[i] === 0) i++;
		const m = magnitude.subarray(i);
		if (m.length === 0) return this.u32(0);
		if ((m[0]! & 0x80) !== 0)
			return this.u32(m.length + 1)
				.raw(new Uint8Array([0]))
				.raw(m);
		return this.string(m);
	}

	bytes(): Uint8Array {
		const out = new Uint8Array(this.#length);
		let o = 0;
		for (const c of this.#chunks) {
			out.set(c, o);
			o += c.length;
		}
		return out;
	}
}

/** ASCII/Latin-1 string to bytes; throws on non-ASCII because callers only pass protocol names. */
export function asciiBytes(s: string): Uint8Array {
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c > 0x7e) throw new RangeError(`not ASCII: ${JSON.stringify(s)}`);
		out[i] = c;
	}
	return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
