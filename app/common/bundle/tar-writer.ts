/**
 * Deterministic ustar writer used by `hidfix pack` and by tests that build hostile archives.
 *
 * Output is reproducible: every header field that the reader ignores (mode, owner, mtime) is fixed, so
 * packing the same inputs twice gives the same bytes. `header()` takes raw field overrides so tests
 * can construct every malformed variant the reader must reject.
 */
import { headerChecksum } from './tar-reader.js';
import { concat } from '../bytes.js';

// Tests and the fuzz script build archives from parts with it.
export { concat };

const BLOCK = 512;

export interface TarHeaderFields {
	name: string;
	size: number;
	/** POSIX typeflag, default '0' (regular file). */
	type?: string;
	linkname?: string;
	prefix?: string;
	/** Raw 6-byte magic + 2-byte version, default "ustar\0" "00". */
	magic?: string;
	/** Replaces the computed checksum (tests only). */
	checksum?: number;
	/** Replaces the octal size field verbatim (tests only). */
	rawSize?: Uint8Array;
	mode?: number;
	mtime?: number;
}

function put(h: Uint8Array, at: number, len: number, text: string): void {
	if (text.length > len) throw new Error(`tar field too long: ${text}`);
	for (let i = 0; i < text.length; i++) h[at + i] = text.charCodeAt(i) & 0xff;
}

const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0');

export function header(f: TarHeaderFields): Uint8Array {
	const h = new Uint8Array(BLOCK);
	put(h, 0, 100, f.name);
	put(h, 100, 8, octal(f.mode ?? 0o644, 8));
	put(h, 108, 8, octal(0, 8));
	put(h, 116, 8, octal(0, 8));
	if (f.rawSize) h.set(f.rawSize, 124);
	else put(h, 124, 12, octal(f.size, 12));
	put(h, 136, 12, octal(f.mtime ?? 0, 12));
	put(h, 156, 1, f.type ?? '0');
	put(h, 157, 100, f.linkname ?? '');
	put(h, 257, 8, f.magic ?? 'ustar\u000000');
	put(h, 345, 155, f.prefix ?? '');
	put(h, 148, 8, `${octal(f.checksum ?? headerChecksum(h), 7)}\u0000`);
	return h;
}

/** Splits a long path at a '/' into the ustar prefix (≤ 155) and name (≤ 100) fields. */
export function splitName(path: string): { name: string; prefix: string } {
	if (path.length <= 100) return { name: path, prefix: '' };
	for (let i = path.length - 101; i < path.length; i++) {
		if (i > 0 && path[i] === '/' && i <= 155 && path.length - i - 1 <= 100) {
			return { prefix: path.slice(0, i), name: path.slice(i + 1) };
		}
	}
	throw new Error(`path too long for ustar: ${path}`);
}

export function entryBlocks(path: string, data: Uint8Array): Uint8Array[] {
	const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
	return [header({ ...splitName(path), size: data.length }), data, new Uint8Array(pad)];
}

/** A complete archive: entries in the given order, then the two zero end blocks. */
export function writeTar(entries: readonly { name: string; data: Uint8Array }[]): Uint8Array {
	return concat([...entries.flatMap((e) => entryBlocks(e.name, e.data)), new Uint8Array(2 * BLOCK)]);
}
