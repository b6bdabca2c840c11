/**
 * The one error type of the signature boundary (armor, blob, key, crypto, signing).
 *
 * Each code names what a user or author can do something about; `message` is the text to show.
 */
import { err } from '../result.js';

export type SignatureErrorCode =
	/** The text is not one or more `-----BEGIN SSH SIGNATURE-----` blocks of valid base64. */
	| 'sig-armor'
	/** The decoded SSHSIG blob is malformed (truncated, trailing bytes, bad field). */
	| 'sig-blob'
	/** The blob's version is not 1. */
	| 'sig-version'
	/** The signature was made for another purpose (e.g. `git`), not for hidfix. */
	| 'sig-namespace'
	/** The message digest is neither sha256 nor sha512. */
	| 'sig-hash-alg'
	/** The signing key type is not supported (only ed25519, ecdsa-p256, rsa ≥ 2048). */
	| 'sig-key-type'
	/** The signature algorithm does not fit the key (e.g. SHA-1 `ssh-rsa`). */
	| 'sig-alg'
	/** The signature does not match the message: the bundle was changed or the signature forged. */
	| 'sig-invalid'
	/** A public key line or file could not be read as an OpenSSH public key. */
	| 'sig-public-key'
	/** `ssh-keygen -Y sign` failed or could not be run. */
	| 'sig-sign-failed';

export interface SignatureError {
	readonly code: SignatureErrorCode;
	readonly message: string;
	/** Technical detail for logs and bug reports, not for the headline. */
	readonly detail?: string;
}

export function signatureError(code: SignatureErrorCode, message: string, detail?: string): SignatureError {
	return detail === undefined ? { code, message } : { code, message, detail };
}

export const sigErr = (code: SignatureErrorCode, message: string, detail?: string) =>
	err(signatureError(code, message, detail));

/** Shortens attacker-chosen names (namespaces, algorithm names) before they go into a message. */
export function clip(text: string, max = 64): string {
	return text.length <= max ? text : `${text.slice(0, max)}…`;
}
