/**
 * Container unwrapping: plain tar as is, gzip (magic 1f 8b) inflated strictly and with a bound.
 *
 * `zlib.gunzipSync` is too lenient for signed input: it accepts trailing zero bytes and concatenated
 * members (checked on Node 20.20). So the gzip frame (RFC 1952) is parsed here: one member, no
 * FEXTRA/FCOMMENT/FHCRC or reserved flags, raw inflate with `maxOutputLength` (the compression-bomb
 * bound), CRC-32 and ISIZE checked, and nothing after the trailer.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { err, ok, type Result } from '../../common/result.js';
import { bundleError, type BundleError } from '../../common/bundle/errors.js';
import type { BundleLimits } from '../../common/bundle/limits.js';

const FNAME = 0x08;
const CORRUPT = 'The compressed bundle is damaged; download it again or ask the author for a new copy.';

export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const corrupt = (why: string, offset?: number) =>
	err(bundleError('gzip-corrupt', `${CORRUPT} (${why})`, offset === undefined ? undefined : { offset }));

/** Offset of the deflate data after the member header, or an error. */
function skipHeader(gz: Uint8Array): Result<number, BundleError> {
	if (gz.length < 10) return corrupt('header cut short');
	if (gz[2] !== 8) return corrupt('not deflate-compressed');
	const flags = gz[3]!;
	if ((flags & ~FNAME) !== 0) return corrupt(`unsupported header flags 0x${flags.toString(16)}`);
	let pos = 10;
	if (flags & FNAME) {
		const end = gz.indexOf(0, pos);
		if (end < 0 || end - pos > 255) return corrupt('bad file name field');
		pos = end + 1;
	}
	return ok(pos);
}

export function gunzipStrict(gz: Uint8Array, limits: BundleLimits): Result<Uint8Array, BundleError> {
	const start = skipHeader(gz);
	if (!start.ok) return start;
	let out: Buffer;
	let consumed: number;
	try {
		const r = inflateRawSync(gz.subarray(start.value), {
			info: true,
			maxOutputLength: limits.maxTarBytes,
		}) as unknown as {
			buffer: Buffer;
			engine: { bytesWritten: number };
		};
		out = r.buffer;
		consumed = r.engine.bytesWritten;
	} catch (e) {
		if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
			return err(
				bundleError(
					'gzip-too-large',
					`The bundle inflates to more than ${limits.maxTarBytes} bytes; refusing it (possible compression bomb).`,
					{ limit: limits.maxTarBytes },
				),
			);
		}
		return corrupt((e as Error).message);
	}
	const trailer = start.value + consumed;
	if (trailer + 8 > gz.length) return corrupt('trailer cut short', trailer);
	const view = new DataView(gz.buffer, gz.byteOffset + trailer, 8);
	if (view.getUint32(0, true) !== crc32(out)) return corrupt('CRC-32 mismatch', trailer);
	if (view.getUint32(4, true) !== out.length % 2 ** 32) return corrupt('length mismatch', trailer);
	if (trailer + 8 !== gz.length) {
		return err(
			bundleError(
				'gzip-trailing-data',
				'The compressed bundle has extra data after its end; it was altered. Do not use it.',
				{
					offset: trailer + 8,
				},
			),
		);
	}
	return ok(new Uint8Array(out.buffer, out.byteOffset, out.length));
}

/** Applies the input-size limit, then returns the tar bytes (inflated if gzip-wrapped). */
export function unwrapContainer(bytes: Uint8Array, limits: BundleLimits): Result<Uint8Array, BundleError> {
	// A plain archive is the tar itself, so the inflated-size bound applies to it as well.
	const limit = isGzip(bytes) ? limits.maxBundleBytes : Math.min(limits.maxBundleBytes, limits.maxTarBytes);
	if (bytes.length > limit) {
		return err(
			bundleError(
				'bundle-too-large',
				`The bundle is ${bytes.length} bytes; the limit is ${limit}. Ask the author to re-pack it.`,
				{
					limit,
					actual: bytes.length,
				},
			),
		);
	}
	return isGzip(bytes) ? gunzipStrict(bytes, limits) : ok(bytes);
}
