/**
 * The one error type of the privileged helper's boundary. The unprivileged side shows `message` to
 * the user as is, so every message says what happened and what to do; `code` is for the app's logic.
 */
export type HelperErrorCode =
	/** argv is not one the helper accepts (a bug in the caller, or someone poking at the helper). */
	| 'bad-request'
	/** Not run as root (or through pkexec). */
	| 'not-root'
	/** The bundle on stdin is missing, too large, or failed verification (`detail.bundleCode`). */
	| 'bundle-rejected'
	/** A trust store or the version record cannot be read. */
	| 'trust-unusable'
	/** The HID device is not there (unplugged). */
	| 'device-not-found'
	/** The fix does not list this device among its targets. */
	| 'device-not-targeted'
	/** hidfix-loader refused or failed (`detail.loader` holds its JSON). */
	| 'loader-failed'
	/** Test: this fix is already under test or kept; revert it first. */
	| 'already-installed'
	/** Keep/Revert: no such fix is installed. */
	| 'not-installed'
	/** Writing or removing the installed files failed (disk full, read-only /etc…); rolled back. */
	| 'install-failed';

export interface HelperError {
	readonly code: HelperErrorCode;
	readonly message: string;
	readonly detail?: Readonly<Record<string, unknown>>;
}

export const helperError = (
	code: HelperErrorCode,
	message: string,
	detail?: Readonly<Record<string, unknown>>,
): HelperError => (detail === undefined ? { code, message } : { code, message, detail });
