/**
 * SSH public keys ⇄ node:crypto KeyObjects. Building a KeyObject from attacker-supplied key bytes
 * can throw inside OpenSSL (e.g. a P-256 point off the curve); that is caught and returned as data.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../common/result.js';
import {
	ecdsaP256KeyFromPoint,
	ed25519KeyFromRaw,
	rsaKeyFromComponents,
	type SshPublicKey,
} from '../../common/ssh/public-key.js';
import { signatureError, type SignatureError } from '../../common/ssh/signature-error.js';

/** SPKI DER header of an Ed25519 key (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** SPKI DER header of a P-256 key with an uncompressed point (RFC 5480). */
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/**
 * Parsed keys by canonical blob (blob equality is key equality). Building a KeyObject costs about as
 * much as the Ed25519 verify itself, and the same few trusted keys sign every bundle a user opens.
 * Bounded, and only successful parses are kept, so hostile keys cannot grow it.
 */
const cache = new Map<string, KeyObject>();
const CACHE_MAX = 64;

export function toKeyObject(key: SshPublicKey): Result<KeyObject, SignatureError> {
	const id = Buffer.from(key.blob).toString('base64');
	const hit = cache.get(id);
	if (hit) return ok(hit);
	const made = buildKeyObject(key);
	if (made.ok) {
		if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
		cache.set(id, made.value);
	}
	return made;
}

function buildKeyObject(key: SshPublicKey): Result<KeyObject, SignatureError> {
	try {
		switch (key.type) {
			case 'ssh-ed25519':
				return ok(
					createPublicKey({
						key: Buffer.concat([ED25519_SPKI_PREFIX, key.publicKey]),
						format: 'der',
						type: 'spki',
					}),
				);
			case 'ecdsa-sha2-nistp256':
				return ok(
					createPublicKey({ key: Buffer.concat([P256_SPKI_PREFIX, key.point]), format: 'der', type: 'spki' }),
				);
			case 'ssh-rsa':
				return ok(
					createPublicKey({ key: { kty: 'RSA', n: b64url(key.n), e: b64url(key.e) }, format: 'jwk' }),
				);
		}
	} catch (e) {
		return err(signatureError('sig-public-key', 'The public key is not a valid key.', String(e)));
	}
}

/** The SSH form of a Node public (or private) key object: ed25519, P-256 or RSA. */
export function fromKeyObject(keyObject: KeyObject): Result<SshPublicKey, SignatureError> {
	const pub = keyObject.type === 'private' ? createPublicKey(keyObject) : keyObject;
	const jwk = pub.export({ format: 'jwk' });
	const dec = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? '', 'base64url'));
	if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return ok(ed25519KeyFromRaw(dec(jwk.x)));
	if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
		const point = new Uint8Array(65);
		point[0] = 4;
		point.set(dec(jwk.x), 1);
		point.set(dec(jwk.y), 33);
		return ok(ecdsaP256KeyFromPoint(point));
	}
	if (jwk.kty === 'RSA') {
		try {
			return ok(rsaKeyFromComponents(dec(jwk.e), dec(jwk.n)));
		} catch (e) {
			return err(signatureError('sig-key-type', 'This RSA key cannot be used.', String(e)));
		}
	}
	return err(signatureError('sig-key-type', `Keys of type ${pub.asymmetricKeyType} are not supported.`));
}
