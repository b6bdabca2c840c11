/**
 * The one error type of the `.hidfix` bundle boundary (reader, writer, CLI, helper).
 *
 * Every rejection has its own kebab-case code so tests, the UI presenter and the CLI exit codes can
 * branch on it; `message` is written for the person holding the bundle (what is wrong, what to do);
 * `detail` carries machine-readable context such as the JSON path of a bad manifest field.
 * docs/bundle-format.md §8 lists every code with its meaning.
 */
export const BUNDLE_ERROR_CODES = [
	// file
	'bundle-unreadable',
	// container: size and compression
	'bundle-too-large',
	'gzip-corrupt',
	'gzip-too-large',
	'gzip-trailing-data',
	// container: tar structure
	'tar-truncated',
	'tar-bad-checksum',
	'tar-bad-header',
	'tar-bad-padding',
	'tar-missing-end',
	'tar-trailing-data',
	'too-many-entries',
	// entries
	'entry-extended-header',
	'entry-link',
	'entry-special-file',
	'entry-directory',
	'entry-type-unknown',
	'entry-path-unsafe',
	'entry-path-not-allowed',
	'entry-duplicate',
	'entry-too-large',
	// layout
	'manifest-missing',
	'manifest-not-first',
	'signature-missing',
	// signatures and trust (decided over the raw manifest bytes, before parsing)
	'signature-malformed',
	'signature-invalid',
	'signature-wrong-namespace',
	'signature-untrusted',
	'signature-key-expired',
	'signature-key-not-yet-valid',
	// manifest
	'manifest-not-json',
	'manifest-unsupported-schema',
	'manifest-unknown-field',
	'manifest-missing-field',
	'manifest-wrong-type',
	'manifest-invalid-value',
	// policy over a valid manifest
	'bundle-expired',
	'bundle-not-yet-valid',
	'bundle-downgrade',
	'version-record-invalid',
	// payloads
	'payload-unlisted',
	'payload-missing',
	'payload-size-mismatch',
	'payload-hash-mismatch',
	// compiled objects against the manifest
	'object-unreadable',
	'object-target-mismatch',
	'object-api-mismatch',
] as const;

export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[number];

export interface BundleErrorDetail {
	/** JSON path of the offending manifest field, e.g. `targets[0].vid`. */
	readonly path?: string;
	/** Archive entry name the error is about. */
	readonly entry?: string;
	/** Byte offset in the (inflated) archive. */
	readonly offset?: number;
	readonly limit?: number;
	readonly actual?: string | number;
	readonly expected?: string | number;
}

export interface BundleError {
	readonly code: BundleErrorCode;
	readonly message: string;
	readonly detail?: BundleErrorDetail;
}

export function bundleError(code: BundleErrorCode, message: string, detail?: BundleErrorDetail): BundleError {
	return detail === undefined ? { code, message } : { code, message, detail };
}
