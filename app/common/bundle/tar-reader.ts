/**
 * A small, strict POSIX ustar reader for hostile input (docs/bundle-format.md §2).
 *
 * It runs in the root helper, so it is hand-written over plain bytes (no npm tar library) and accepts
 * only what `hidfix pack` writes: ustar headers with valid checksums and octal fields, regular files,
 * zero padding, two zero end blocks and nothing but zeros after them. Entry data are zero-copy views
 * into the input. Names are returned raw; entry-path.ts decides whether they are safe and allowed.
 *
 * It reads bundles and debug reports alike, so its errors say what is wrong with the archive and
 * nothing about what to do: the bundle layer (container.ts) and the report layer (report/archive.ts)
 * each add their own advice. The codes are the bundle's (docs/bundle-format.md §8).
 */
import { err, ok, type Result } from '../result.js';
import type { BundleErrorCode } from './errors.js';

/** The bundle's archive codes (docs/bundle-format.md §8); the report maps them to its own. */
export type TarErrorCode = Extract<
	BundleErrorCode,
	| `tar-${'truncated' | 'bad-checksum' | 'bad-header' | 'bad-padding' | 'missing-end' | 'trailing-data'}`
	| 'too-many-entries'
	| `entry-${'extended-header' | 'link' | 'special-file' | 'directory' | 'type-unknown' | 'too-large'}`
>;

export interface TarErrorDetail {
	/** Byte offset of the header concerned (or of the trailing data). */
	readonly offset?: number;
	readonly entry?: string;
	readonly limit?: number;
	readonly actual?: number;
}

export interface TarError {
	readonly code: TarErrorCode;
	/** What is wrong with the archive, without advice. */
	readonly message: string;
	/** For an entry that is not a regular file: what it is ("is a symbolic link"), for callers' own words. */
	readonly what?: string;
	readonly detail?: TarErrorDetail;
}

/** The two limits the reader enforces itself; BundleLimits has both. */
export interface TarLimits {
	readonly maxEntries: number;
	/** Any single entry. */
	readonly maxEntryBytes: number;
}

const tarError = (code: TarErrorCode, message: string, detail: TarErrorDetail): TarError => ({
	code,
	message,
	detail,
});

export interface TarEntry {
	readonly name: string;
	readonly data: Uint8Array;
	/** Offset of the entry's header block in the archive, for error messages. */
	readonly offset: number;
}

const BLOCK = 512;

/** Parses a NUL/space-terminated octal field; undefined for anything else (incl. GNU base-256). */
export function parseOctal(field: Uint8Array): number | undefined {
	let i = 0;
	while (i < field.length && field[i] === 0x20) i++;
	let value = 0;
	let digits = 0;
	for (; i < field.length; i++) {
		const c = field[i]!;
		if (c < 0x30 || c > 0x37) break;
		value = value * 8 + (c - 0x30);
		digits++;
	}
	for (; i < field.length; i++) if (field[i] !== 0 && field[i] !== 0x20) return undefined;
	return digits > 0 && Number.isSafeInteger(value) ? value : undefined;
}

/** Reads a NUL-terminated field; undefined when bytes hide after the terminator. */
function cString(field: Uint8Array): string | undefined {
	const end = field.indexOf(0);
	const len = end < 0 ? field.length : end;
	for (let i = len; i < field.length; i++) if (field[i] !== 0) return undefined;
	let s = '';
	for (let i = 0; i < len; i++) s += String.fromCharCode(field[i]!);
	return s;
}

function isZero(bytes: Uint8Array): boolean {
	for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
	return true;
}

/** Unsigned header checksum with the checksum field counted as eight spaces (POSIX). */
export function headerChecksum(header: Uint8Array): number {
	let sum = 8 * 0x20;
	for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += header[i]!;
	return sum;
}

const TYPE_ERRORS: Record<string, [TarErrorCode, string]> = {
	'1': ['entry-link', 'is a hard link'],
	'2': ['entry-link', 'is a symbolic link'],
	'3': ['entry-special-file', 'is a character device'],
	'4': ['entry-special-file', 'is a block device'],
	'6': ['entry-special-file', 'is a FIFO'],
	'5': ['entry-directory', 'is a directory entry'],
	x: ['entry-extended-header', 'is a pax extended header'],
	g: ['entry-extended-header', 'is a pax global header'],
	L: ['entry-extended-header', 'is a GNU long-name header'],
	K: ['entry-extended-header', 'is a GNU long-link header'],
};

function parseHeader(
	h: Uint8Array,
	offset: number,
	limits: TarLimits,
): Result<{ name: string; size: number }, TarError> {
	const bad = (what: string) =>
		err(tarError('tar-bad-header', `The archive header at byte ${offset} ${what}.`, { offset }));
	const sum = parseOctal(h.subarray(148, 156));
	if (sum === undefined || sum !== headerChecksum(h)) {
		return err(
			tarError('tar-bad-checksum', `The archive header at byte ${offset} is damaged (checksum mismatch).`, {
				offset,
			}),
		);
	}
	if (cString(h.subarray(257, 263)) !== 'ustar' || h[263] !== 0x30 || h[264] !== 0x30) {
		return bad('is not POSIX ustar (GNU or old tar format)');
	}
	const name = cString(h.subarray(0, 100));
	const prefix = cString(h.subarray(345, 500));
	if (name === undefined || prefix === undefined) return bad('has data hidden after a name terminator');
	const full = prefix === '' ? name : `${prefix}/${name}`;
	const type = String.fromCharCode(h[156]!);
	if (type !== '0' && type !== '\0') {
		const known = TYPE_ERRORS[type];
		const [code, what] = known ?? ['entry-type-unknown', `has unsupported tar type '${type}'`];
		return err({
			code,
			message: `Archive entry "${full}" ${what}; only regular files are allowed.`,
			what,
			detail: { entry: full, offset },
		});
	}
	if (cString(h.subarray(157, 257)) !== '') return bad(`gives a link target for regular file "${full}"`);
	const size = parseOctal(h.subarray(124, 136));
	if (size === undefined) return bad(`has an unreadable size for "${full}"`);
	if (size > limits.maxEntryBytes) {
		return err(
			tarError(
				'entry-too-large',
				`Archive entry "${full}" is ${size} bytes; the limit is ${limits.maxEntryBytes}.`,
				{ entry: full, offset, limit: limits.maxEntryBytes, actual: size },
			),
		);
	}
	return ok({ name: full, size });
}

/** Checks the end of archive: the first zero block must be followed by one more, then zeros only. */
function checkEnd(tar: Uint8Array, offset: number): Result<void, TarError> {
	if (offset + 2 * BLOCK > tar.length || !isZero(tar.subarray(offset + BLOCK, offset + 2 * BLOCK))) {
		return err(
			tarError('tar-missing-end', `The archive has no proper end marker (two zero blocks).`, {
				offset,
			}),
		);
	}
	if (!isZero(tar.subarray(offset + 2 * BLOCK))) {
		return err(
			tarError('tar-trailing-data', `The archive has unexpected data after its end marker.`, {
				offset: offset + 2 * BLOCK,
			}),
		);
	}
	return ok(undefined);
}

export function readTar(tar: Uint8Array, limits: TarLimits): Result<TarEntry[], TarError> {
	const entries: TarEntry[] = [];
	let offset = 0;
	for (;;) {
		if (offset === tar.length) {
			return err(
				tarError('tar-missing-end', `The archive ends without its end marker; it is probably truncated.`, {
					offset,
				}),
			);
		}
		if (offset + BLOCK > tar.length) {
			return err(
				tarError('tar-truncated', `The archive is cut off inside a header; download it again.`, { offset }),
			);
		}
		const h = tar.subarray(offset, offset + BLOCK);
		if (isZero(h)) {
			const end = checkEnd(tar, offset);
			return end.ok ? ok(entries) : end;
		}
		if (entries.length >= limits.maxEntries) {
			return err(
				tarError('too-many-entries', `The archive has more than ${limits.maxEntries} entries.`, {
					limit: limits.maxEntries,
					offset,
				}),
			);
		}
		const header = parseHeader(h, offset, limits);
		if (!header.ok) return header;
		const { name, size } = header.value;
		const start = offset + BLOCK;
		const padded = Math.ceil(size / BLOCK) * BLOCK;
		if (start + padded > tar.length) {
			return err(
				tarError('tar-truncated', `The archive is cut off inside "${name}"; download it again.`, {
					entry: name,
					offset,
				}),
			);
		}
		if (!isZero(tar.subarray(start + size, start + padded))) {
			return err(
				tarError('tar-bad-padding', `Archive entry "${name}" has data hidden in its padding.`, {
					entry: name,
					offset,
				}),
			);
		}
		entries.push({ name, data: tar.subarray(start, start + size), offset });
		offset = start + padded;
	}
}
