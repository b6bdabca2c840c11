/**
 * What signature verification hands to the trust decision: which keys made cryptographically valid
 * signatures over the message (in the expected namespace), and which signatures were refused and why.
 */
import type { SshPublicKey } from './public-key.js';
import type { SignatureError } from './signature-error.js';
import type { SshSignature, SshsigHashAlg } from './sshsig.js';

export interface VerifiedSignature {
	/** 0-based position of the block in the signature file. */
	readonly index: number;
	readonly key: SshPublicKey;
	/** `SHA256:…` exactly as `ssh-keygen -l` prints it. */
	readonly fingerprint: string;
	readonly namespace: string;
	readonly hashAlg: SshsigHashAlg;
	readonly signatureAlg: SshSignature['alg'];
}

export interface RejectedSignature {
	readonly index: number;
	readonly error: SignatureError;
	/** Present when the blob parsed far enough to know the key. */
	readonly fingerprint?: string;
}

export interface SignatureReport {
	readonly verified: readonly VerifiedSignature[];
	readonly rejected: readonly RejectedSignature[];
}
