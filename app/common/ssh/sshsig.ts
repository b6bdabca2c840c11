/**
 * SSHSIG (OpenSSH PROTOCOL.sshsig): the blob inside `-----BEGIN SSH SIGNATURE-----` and the exact
 * bytes that get signed. Pure; the cryptographic check is in app/node/ssh/verify.ts.
 *
 * Blob:        "SSHSIG" ‖ uint32 1 ‖ string pubkey ‖ string namespace ‖ string reserved ‖
 *              string hash_alg ‖ string signature
 * Signed data: "SSHSIG" ‖ string namespace ‖ string reserved ‖ string hash_alg ‖ string H(message)
 *
 * OpenSSH rebuilds the signed data with an empty `reserved`, so a non-empty one can never verify
 * there; we refuse it at parse time rather than accept a blob OpenSSH would reject.
 */
import { ok, type Result } from '../result.js';
import { parsePublicKeyBlob, type SshPublicKey } from './public-key.js';
import { clip, sigErr, type SignatureError } from './signature-error.js';
import { asciiBytes, SshReader, SshWriter } from './wire.js';

/** The signature namespace of hidfix bundles: `ssh-keygen -Y sign -n hidfix`. */
export const HIDFIX_NAMESPACE = 'hidfix';

export const SSHSIG_MAGIC = 'SSHSIG';
export const SSHSIG_VERSION = 1;

export type SshsigHashAlg = 'sha256' | 'sha512';

/** The inner SSH signature: `string algorithm ‖ string bytes` (RFC 4253 §6.6). */
export type SshSignature =
	| { readonly alg: 'ssh-ed25519'; readonly signature: Uint8Array }
	/** r and s as 32-byte big-endian each (IEEE P1363), converted from SSH's two mpints. */
	| { readonly alg: 'ecdsa-sha2-nistp256'; readonly p1363: Uint8Array }
	| { readonly alg: 'rsa-sha2-512' | 'rsa-sha2-256'; readonly signature: Uint8Array };

export interface SshsigBlob {
	readonly publicKey: SshPublicKey;
	readonly namespace: string;
	readonly hashAlg: SshsigHashAlg;
	readonly signature: SshSignature;
}

const blobErr = (detail: string) =>
	sigErr('sig-blob', 'The signature is damaged and cannot be read.', detail);

/**
 * Parses one decoded SSHSIG blob. Every structural problem is a typed error; the namespace is
 * returned, not checked — {@link checkNamespace} does that so callers cannot forget which one.
 */
export function parseSshsigBlob(blob: Uint8Array): Result<SshsigBlob, SignatureError> {
	const r = new SshReader(blob);
	const magic = r.readRaw(SSHSIG_MAGIC.length, 'magic');
	if (!magic.ok || String.fromCharCode(...magic.value) !== SSHSIG_MAGIC)
		return blobErr('missing SSHSIG magic');
	const version = r.readU32('version');
	if (!version.ok) return blobErr(version.error.message);
	if (version.value !== SSHSIG_VERSION)
		return sigErr(
			'sig-version',
			`This signature uses SSHSIG version ${version.value}; hidfix understands version ${SSHSIG_VERSION}.`,
		);
	const keyBlob = r.readString('public key');
	if (!keyBlob.ok) return blobErr(keyBlob.error.message);
	const namespace = r.readAscii('namespace');
	if (!namespace.ok) return blobErr(namespace.error.message);
	const reserved = r.readString('reserved');
	if (!reserved.ok) return blobErr(reserved.error.message);
	if (reserved.value.length !== 0) return blobErr('reserved field is not empty');
	const hashAlg = r.readAscii('hash algorithm');
	if (!hashAlg.ok) return blobErr(hashAlg.error.message);
	const sig = r.readString('signature');
	if (!sig.ok) return blobErr(sig.error.message);
	const end = r.expectEnd('SSHSIG blob');
	if (!end.ok) return blobErr(end.error.message);

	if (hashAlg.value !== 'sha256' && hashAlg.value !== 'sha512')
		return sigErr(
			'sig-hash-alg',
			`This signature uses the hash "${clip(hashAlg.value)}"; only sha256 and sha512 are accepted.`,
		);
	const key = parsePublicKeyBlob(keyBlob.value);
	if (!key.ok) return key;
	const signature = parseSshSignature(sig.value, key.value);
	if (!signature.ok) return signature;
	return ok({
		publicKey: key.value,
		namespace: namespace.value,
		hashAlg: hashAlg.value,
		signature: signature.value,
	});
}

/** SECURITY: a signature made for `git` or `file` must not vouch for a hidfix bundle. */
export function checkNamespace(blob: SshsigBlob, expected: string): Result<SshsigBlob, SignatureError> {
	if (blob.namespace === expected) return ok(blob);
	return sigErr(
		'sig-namespace',
		`This signature was made for "${clip(blob.namespace)}", not for "${expected}". Ask the author to sign with \`ssh-keygen -Y sign -n ${expected}\`.`,
	);
}

/** Parses the inner signature and checks that its algorithm fits the key (as sshsig.c does). */
export function parseSshSignature(sig: Uint8Array, key: SshPublicKey): Result<SshSignature, SignatureError> {
	const r = new SshReader(sig);
	const alg = r.readAscii('signature algorithm');
	if (!alg.ok) return blobErr(alg.error.message);
	const bytes = r.readString('signature bytes');
	if (!bytes.ok) return blobErr(bytes.error.message);
	const end = r.expectEnd('signature');
	if (!end.ok) return blobErr(end.error.message);
	const mismatch = () =>
		sigErr('sig-alg', `A ${key.type} key cannot make a "${clip(alg.value)}" signature; hidfix refuses it.`);

	switch (key.type) {
		case 'ssh-ed25519':
			if (alg.value !== 'ssh-ed25519') return mismatch();
			if (bytes.value.length !== 64)
				return blobErr(`ed25519 signature is ${bytes.value.length} bytes, not 64`);
			return ok({ alg: 'ssh-ed25519', signature: bytes.value.slice() });
		case 'ecdsa-sha2-nistp256': {
			if (alg.value !== 'ecdsa-sha2-nistp256') return mismatch();
			const rs = new SshReader(bytes.value);
			const rr = rs.readPositiveMpint('ecdsa r');
			if (!rr.ok) return blobErr(rr.error.message);
			const ss = rs.readPositiveMpint('ecdsa s');
			if (!ss.ok) return blobErr(ss.error.message);
			const e2 = rs.expectEnd('ecdsa signature');
			if (!e2.ok) return blobErr(e2.error.message);
			if (rr.value.length > 32 || ss.value.length > 32) return blobErr('ecdsa r or s longer than 32 bytes');
			const p1363 = new Uint8Array(64);
			p1363.set(rr.value, 32 - rr.value.length);
			p1363.set(ss.value, 64 - ss.value.length);
			return ok({ alg: 'ecdsa-sha2-nistp256', p1363 });
		}
		case 'ssh-rsa':
			// SECURITY: SHA-1 `ssh-rsa` signatures are refused, as sshsig.c refuses them.
			if (alg.value !== 'rsa-sha2-512' && alg.value !== 'rsa-sha2-256') return mismatch();
			return ok({ alg: alg.value, signature: bytes.value.slice() });
	}
}

/** The exact bytes the key signs, given the digest of the message under `hashAlg`. */
export function sshsigSignedData(
	namespace: string,
	hashAlg: SshsigHashAlg,
	messageDigest: Uint8Array,
): Uint8Array {
	return new SshWriter()
		.raw(asciiBytes(SSHSIG_MAGIC))
		.string(namespace)
		.string(new Uint8Array(0))
		.string(hashAlg)
		.string(messageDigest)
		.bytes();
}

/** Encodes an inner SSH signature (`string alg ‖ string bytes`), ecdsa r,s back to mpints. */
export function encodeSshSignature(sig: SshSignature): Uint8Array {
	const w = new SshWriter().string(sig.alg);
	if (sig.alg === 'ecdsa-sha2-nistp256') {
		const inner = new SshWriter()
			.positiveMpint(sig.p1363.subarray(0, 32))
			.positiveMpint(sig.p1363.subarray(32, 64))
			.bytes();
		return w.string(inner).bytes();
	}
	return w.string(sig.signature).bytes();
}

/** Encodes a complete SSHSIG blob (what `ssh-keygen -Y sign` writes, before armor). */
export function encodeSshsigBlob(blob: SshsigBlob): Uint8Array {
	return new SshWriter()
		.raw(asciiBytes(SSHSIG_MAGIC))
		.u32(SSHSIG_VERSION)
		.string(blob.publicKey.blob)
		.string(blob.namespace)
		.string(new Uint8Array(0))
		.string(blob.hashAlg)
		.string(encodeSshSignature(blob.signature))
		.bytes();
}
