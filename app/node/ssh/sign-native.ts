/**
 * SSHSIG signing with a node:crypto private key, no ssh-keygen involved. hidfix authors sign with
 * `signWithSshKeygen`; this exists so tests can prove our blob and signed-data construction is what
 * OpenSSH expects (ssh-keygen -Y verify must accept what this produces), and for generated test keys.
 */
import { sign as cryptoSign, createHash, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../common/result.js';
import { formatArmor } from '../../common/ssh/armor.js';
import type { SignatureError } from '../../common/ssh/signature-error.js';
import { signatureError } from '../../common/ssh/signature-error.js';
import {
	encodeSshsigBlob,
	sshsigSignedData,
	type SshSignature,
	type SshsigHashAlg,
} from '../../common/ssh/sshsig.js';
import { fromKeyObject } from './key-object.js';

export interface SignNativeOptions {
	readonly message: Uint8Array;
	readonly privateKey: KeyObject;
	readonly namespace: string;
	readonly hashAlg?: SshsigHashAlg;
	/** For RSA keys; default rsa-sha2-512 as ssh-keygen. */
	readonly rsaAlg?: 'rsa-sha2-512' | 'rsa-sha2-256';
}

/** Returns armored SSHSIG text, formatted byte for byte like ssh-keygen's `.sig` files. */
export function signSshsigNative(opts: SignNativeOptions): Result<string, SignatureError> {
	if (opts.privateKey.type !== 'private')
		return err(signatureError('sig-sign-failed', 'A private key is required.'));
	const publicKey = fromKeyObject(opts.privateKey);
	if (!publicKey.ok) return publicKey;
	const hashAlg = opts.hashAlg ?? 'sha512';
	const digest = createHash(hashAlg).update(opts.message).digest();
	const data = sshsigSignedData(opts.namespace, hashAlg, digest);
	let signature: SshSignature;
	switch (publicKey.value.type) {
		case 'ssh-ed25519':
			signature = { alg: 'ssh-ed25519', signature: cryptoSign(null, data, opts.privateKey) };
			break;
		case 'ecdsa-sha2-nistp256':
			signature = {
				alg: 'ecdsa-sha2-nistp256',
				p1363: cryptoSign('sha256', data, { key: opts.privateKey, dsaEncoding: 'ieee-p1363' }),
			};
			break;
		case 'ssh-rsa': {
			const alg = opts.rsaAlg ?? 'rsa-sha2-512';
			signature = {
				alg,
				signature: cryptoSign(alg === 'rsa-sha2-512' ? 'sha512' : 'sha256', data, opts.privateKey),
			};
			break;
		}
	}
	const blob = encodeSshsigBlob({
		publicKey: publicKey.value,
		namespace: opts.namespace,
		hashAlg,
		signature,
	});
	return ok(formatArmor(blob));
}
