/**
 * Verifies SSHSIG signatures with node:crypto — the same checks as `ssh-keygen -Y check-novalidate`:
 * armor, blob structure, namespace, hash algorithm, key type, signature algorithm, then the
 * cryptographic check over the exact SSHSIG signed data. Trust (who may sign) is decided afterwards
 * by `decideTrust` in app/common/trust.
 */
import { constants, createHash, verify as cryptoVerify } from 'node:crypto';
import { err, ok, type Result } from '../../common/result.js';
import { parseArmor } from '../../common/ssh/armor.js';
import { signatureError, type SignatureError } from '../../common/ssh/signature-error.js';
import {
	checkNamespace,
	parseSshsigBlob,
	sshsigSignedData,
	type SshsigBlob,
} from '../../common/ssh/sshsig.js';
import type { RejectedSignature, SignatureReport, VerifiedSignature } from '../../common/ssh/verified.js';
import { fingerprintSha256 } from './fingerprint.js';
import { toKeyObject } from './key-object.js';

/**
 * Checks every armored signature in `armoredSigs` over `message` in `namespace`.
 *
 * Ok when at least one signature verifies (the others are listed in `rejected`); otherwise the error
 * of the first signature (details of all of them in `detail`). Verified is not trusted: pass the
 * report to `decideTrust`.
 */
export function verifySignatures(
	message: Uint8Array,
	armoredSigs: string,
	namespace: string,
): Result<SignatureReport, SignatureError> {
	const blobs = parseArmor(armoredSigs);
	if (!blobs.ok) return blobs;
	const verified: VerifiedSignature[] = [];
	const rejected: RejectedSignature[] = [];
	blobs.value.forEach((raw, index) => {
		const parsed = parseSshsigBlob(raw);
		if (!parsed.ok) {
			rejected.push({ index, error: parsed.error });
			return;
		}
		const fingerprint = fingerprintSha256(parsed.value.publicKey);
		const r = verifyParsed(message, parsed.value, namespace);
		if (r.ok) {
			verified.push({
				index,
				key: parsed.value.publicKey,
				fingerprint,
				namespace: parsed.value.namespace,
				hashAlg: parsed.value.hashAlg,
				signatureAlg: parsed.value.signature.alg,
			});
		} else rejected.push({ index, error: r.error, fingerprint });
	});
	if (verified.length > 0) return ok({ verified, rejected });
	const first = rejected[0]!;
	const detail = rejected
		.map(
			(r) =>
				`signature ${r.index + 1}${r.fingerprint ? ` (${r.fingerprint})` : ''}: ${r.error.code}: ${r.error.detail ?? r.error.message}`,
		)
		.join('\n');
	return err(signatureError(first.error.code, first.error.message, detail));
}

/** Namespace, then crypto, for one parsed blob. */
export function verifyParsed(
	message: Uint8Array,
	blob: SshsigBlob,
	namespace: string,
): Result<true, SignatureError> {
	const ns = checkNamespace(blob, namespace);
	if (!ns.ok) return ns;
	const key = toKeyObject(blob.publicKey);
	if (!key.ok) return key;
	const digest = createHash(blob.hashAlg).update(message).digest();
	const data = sshsigSignedData(blob.namespace, blob.hashAlg, digest);
	const sig = blob.signature;
	let good: boolean;
	try {
		switch (sig.alg) {
			case 'ssh-ed25519':
				good = cryptoVerify(null, data, key.value, sig.signature);
				break;
			case 'ecdsa-sha2-nistp256':
				good = cryptoVerify('sha256', data, { key: key.value, dsaEncoding: 'ieee-p1363' }, sig.p1363);
				break;
			case 'rsa-sha2-512':
			case 'rsa-sha2-256': {
				const modLen = blob.publicKey.type === 'ssh-rsa' ? blob.publicKey.n.length : 0;
				if (sig.signature.length > modLen) {
					good = false;
					break;
				}
				// OpenSSH accepts (and some signers emit) signatures shorter than the modulus; OpenSSL
				// wants exactly the modulus length, so left-pad with zeros as ssh-rsa.c does.
				const padded = new Uint8Array(modLen);
				padded.set(sig.signature, modLen - sig.signature.length);
				good = cryptoVerify(
					sig.alg === 'rsa-sha2-512' ? 'sha512' : 'sha256',
					data,
					{ key: key.value, padding: constants.RSA_PKCS1_PADDING },
					padded,
				);
				break;
			}
		}
	} catch (e) {
		return err(signatureError('sig-invalid', invalidMessage(), String(e)));
	}
	return good ? ok(true) : err(signatureError('sig-invalid', invalidMessage()));
}

const invalidMessage = () =>
	'The signature does not match the bundle: it was changed after signing, or the signature is forged. Do not use it.';
