/**
 * OpenSSH public keys: the wire blob (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709) and the one-line text
 * form `ssh-ed25519 AAAA… comment`. Pure; fingerprints need SHA-256 and live in app/node/ssh.
 *
 * Supported: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa (modulus 2048–16384 bits). Anything else —
 * DSA, other curves, security-key (`sk-`) and certificate types — is refused with `sig-key-type`.
 */
import { err, ok, type Result } from '../result.js';
import { base64Decode, base64Encode } from './base64.js';
import { clip, sigErr, signatureError, type SignatureError } from './signature-error.js';
import { SshReader, SshWriter } from './wire.js';

export type SshKeyType = 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | 'ssh-rsa';

export type SshPublicKey =
	| { readonly type: 'ssh-ed25519'; readonly blob: Uint8Array; readonly publicKey: Uint8Array }
	| { readonly type: 'ecdsa-sha2-nistp256'; readonly blob: Uint8Array; readonly point: Uint8Array }
	| { readonly type: 'ssh-rsa'; readonly blob: Uint8Array; readonly e: Uint8Array; readonly n: Uint8Array };

/** A parsed `type base64 [comment]` line. */
export interface PublicKeyLine {
	readonly key: SshPublicKey;
	readonly comment: string;
}

export const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 16384;

/**
 * Parses a public key blob. The blob must be canonical (no trailing bytes, minimal mpints), so equal
 * keys have equal blobs and blob equality is key equality.
 */
export function parsePublicKeyBlob(blob: Uint8Array): Result<SshPublicKey, SignatureError> {
	const r = new SshReader(blob);
	const type = r.readAscii('key type');
	if (!type.ok) return sigErr('sig-public-key', 'The public key is malformed.', type.error.message);
	const bad = (detail: string) => sigErr('sig-public-key', 'The public key is malformed.', detail);
	switch (type.value) {
		case 'ssh-ed25519': {
			const pk = r.readString('ed25519 key');
			if (!pk.ok) return bad(pk.error.message);
			if (pk.value.length !== 32) return bad(`ed25519 key is ${pk.value.length} bytes, not 32`);
			const end = r.expectEnd('ed25519 key blob');
			if (!end.ok) return bad(end.error.message);
			return ok({ type: 'ssh-ed25519', blob: blob.slice(), publicKey: pk.value.slice() });
		}
		case 'ecdsa-sha2-nistp256': {
			const curve = r.readAscii('curve');
			if (!curve.ok) return bad(curve.error.message);
			if (curve.value !== 'nistp256') return bad(`curve ${clip(curve.value)} does not match the key type`);
			const q = r.readString('ecdsa point');
			if (!q.ok) return bad(q.error.message);
			// Uncompressed SEC1 point only, as OpenSSH writes it; on-curve is checked by node:crypto.
			if (q.value.length !== 65 || q.value[0] !== 0x04)
				return bad('ecdsa point is not an uncompressed P-256 point');
			const end = r.expectEnd('ecdsa key blob');
			if (!end.ok) return bad(end.error.message);
			return ok({ type: 'ecdsa-sha2-nistp256', blob: blob.slice(), point: q.value.slice() });
		}
		case 'ssh-rsa': {
			const e = r.readPositiveMpint('rsa exponent');
			if (!e.ok) return bad(e.error.message);
			const n = r.readPositiveMpint('rsa modulus');
			if (!n.ok) return bad(n.error.message);
			const end = r.expectEnd('rsa key blob');
			if (!end.ok) return bad(end.error.message);
			const bits = bitLength(n.value);
			if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS)
				return sigErr(
					'sig-key-type',
					`This RSA key has ${bits} bits; hidfix accepts RSA keys of ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits. Use an ed25519 key.`,
				);
			// SECURITY: e = 1 would make every "signature" valid; e must be odd, ≥ 3 and small.
			const eOk =
				e.value.length > 0 &&
				e.value.length <= 8 &&
				(e.value[e.value.length - 1]! & 1) === 1 &&
				!(e.value.length === 1 && e.value[0]! < 3);
			if (!eOk) return bad('rsa exponent is not an odd number between 3 and 2^64');
			if ((n.value[n.value.length - 1]! & 1) === 0) return bad('rsa modulus is even');
			return ok({ type: 'ssh-rsa', blob: blob.slice(), e: e.value.slice(), n: n.value.slice() });
		}
		default:
			return sigErr(
				'sig-key-type',
				`Keys of type ${clip(type.value)} are not supported; use ssh-ed25519 (or ecdsa-sha2-nistp256, or ssh-rsa).`,
			);
	}
}

/** Builds the canonical blob of an ed25519 key from its raw 32 bytes. */
export function ed25519KeyFromRaw(publicKey: Uint8Array): SshPublicKey {
	if (publicKey.length !== 32) throw new RangeError('ed25519 public key must be 32 bytes');
	const blob = new SshWriter().string('ssh-ed25519').string(publicKey).bytes();
	return { type: 'ssh-ed25519', blob, publicKey: publicKey.slice() };
}

/** Builds the canonical blob of a P-256 key from its uncompressed point (0x04 ‖ X ‖ Y). */
export function ecdsaP256KeyFromPoint(point: Uint8Array): SshPublicKey {
	if (point.length !== 65 || point[0] !== 4)
		throw new RangeError('P-256 point must be 65 bytes, uncompressed');
	const blob = new SshWriter().string('ecdsa-sha2-nistp256').string('nistp256').string(point).bytes();
	return { type: 'ecdsa-sha2-nistp256', blob, point: point.slice() };
}

/** Builds the canonical blob of an RSA key from big-endian magnitudes of e and n. */
export function rsaKeyFromComponents(e: Uint8Array, n: Uint8Array): SshPublicKey {
	const blob = new SshWriter().string('ssh-rsa').positiveMpint(e).positiveMpint(n).bytes();
	const parsed = parsePublicKeyBlob(blob);
	if (!parsed.ok) throw new RangeError(parsed.error.detail ?? parsed.error.message);
	return parsed.value;
}

/**
 * Parses `keytype base64 [comment]` (as in `id_ed25519.pub`). The type word must match the type
 * inside the blob, as OpenSSH requires.
 */
export function parsePublicKeyLine(line: string): Result<PublicKeyLine, SignatureError> {
	const m = /^[ \t]*(\S+)[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*\r?\n?$/.exec(line);
	if (!m) return sigErr('sig-public-key', 'Expected a public key line like "ssh-ed25519 AAAA… comment".');
	const [, typeWord, b64, comment] = m;
	const blob = base64Decode(b64!);
	if (!blob) return sigErr('sig-public-key', 'The public key is not valid base64.');
	const key = parsePublicKeyBlob(blob);
	if (!key.ok) return key;
	if (key.value.type !== typeWord)
		return err(
			signatureError(
				'sig-public-key',
				`The key says "${clip(typeWord!)}" but contains a ${key.value.type} key.`,
			),
		);
	return ok({ key: key.value, comment: comment ?? '' });
}

/** `keytype base64[ comment]`, the form `ssh-keygen` writes to `.pub` files. */
export function formatPublicKeyLine(key: SshPublicKey, comment = ''): string {
	const base = `${key.type} ${base64Encode(key.blob)}`;
	return comment === '' ? base : `${base} ${comment}`;
}

/** Key size as `ssh-keygen -l` reports it (the first column). */
export function keyBits(key: SshPublicKey): number {
	switch (key.type) {
		case 'ssh-ed25519':
		case 'ecdsa-sha2-nistp256':
			return 256;
		case 'ssh-rsa':
			return bitLength(key.n);
	}
}

/** Key type label as `ssh-keygen -l` prints it in parentheses. */
export function keyTypeLabel(key: SshPublicKey): 'ED25519' | 'ECDSA' | 'RSA' {
	switch (key.type) {
		case 'ssh-ed25519':
			return 'ED25519';
		case 'ecdsa-sha2-nistp256':
			return 'ECDSA';
		case 'ssh-rsa':
			return 'RSA';
	}
}

function bitLength(magnitude: Uint8Array): number {
	let i = 0;
	while (i < magnitude.length && magnitude[i] === 0) i++;
	if (i === magnitude.length) return 0;
	return (magnitude.length - i - 1) * 8 + (32 - Math.clz32(magnitude[i]!));
}
