/**
 * The one error type of the trust boundary: the trust store, the trust decision, the downgrade
 * record and the `hidfix keys` verbs. `message` is written for the person at the keyboard.
 */
import { err } from '../result.js';

export type TrustErrorCode =
	/** No signature at all, or none that verified: fail closed. */
	| 'no-signatures'
	/** The signing key is in no trust store. */
	| 'unknown-key'
	/** The key is trusted, but its `namespaces=` does not include the signature's namespace. */
	| 'wrong-namespace'
	/** The key's `valid-before` is in the past. */
	| 'expired'
	/** The key's `valid-after` is in the future. */
	| 'not-yet-valid'
	/** The bundle is older than one already accepted from the same key for the same fix. */
	| 'downgrade'
	/** An `allowed_signers` file has a line hidfix cannot use (line-numbered). */
	| 'store-parse'
	/** A trust file is writable by other users (or owned by someone else), so it is not used. */
	| 'store-permissions'
	/** A trust or state file could not be read or written. */
	| 'store-io'
	/** The version record file is not what hidfix wrote; it is kept, not reset. */
	| 'versions-corrupt'
	/** A version string is not strict semver (MAJOR.MINOR.PATCH[-pre][+build]). */
	| 'bad-version'
	/** `keys add`: bad principal, key or date. */
	| 'bad-input'
	/** `keys add`: this key is already trusted for this principal. */
	| 'key-exists'
	/** `keys remove`: nothing matched in the user store. */
	| 'key-not-found';

export interface TrustError {
	readonly code: TrustErrorCode;
	readonly message: string;
	readonly detail?: string;
}

export function trustError(code: TrustErrorCode, message: string, detail?: string): TrustError {
	return detail === undefined ? { code, message } : { code, message, detail };
}

export const trustErr = (code: TrustErrorCode, message: string, detail?: string) =>
	err(trustError(code, message, detail));
