/**
 * Exit codes of `hidfix` (docs/bundle-format.md §9): scripts and CI can tell *why* a bundle was
 * refused without parsing text. The map is exhaustive over BundleErrorCode, so a new error code is a
 * compile error here until it is given a category.
 */
import type { BundleErrorCode } from '../common/bundle/errors.js';

export const EXIT = {
	ok: 0,
	/** Unexpected failure (a bug): reported with a stack trace. */
	internal: 1,
	usage: 2,
	/** A file could not be read or written, or the trust store is unusable. */
	io: 3,
	/** `pack`: the inputs do not make a valid bundle, or signing failed. */
	pack: 4,
	container: 10,
	signature: 11,
	untrusted: 12,
	manifest: 13,
	validity: 14,
	downgrade: 15,
	payload: 16,
	object: 17,
} as const;

type Category = Exclude<keyof typeof EXIT, 'ok' | 'internal' | 'usage' | 'pack'>;

const CATEGORY: Record<BundleErrorCode, Category> = {
	'bundle-unreadable': 'io',
	'bundle-too-large': 'container',
	'gzip-corrupt': 'container',
	'gzip-too-large': 'container',
	'gzip-trailing-data': 'container',
	'tar-truncated': 'container',
	'tar-bad-checksum': 'container',
	'tar-bad-header': 'container',
	'tar-bad-padding': 'container',
	'tar-missing-end': 'container',
	'tar-trailing-data': 'container',
	'too-many-entries': 'container',
	'entry-extended-header': 'container',
	'entry-link': 'container',
	'entry-special-file': 'container',
	'entry-directory': 'container',
	'entry-type-unknown': 'container',
	'entry-path-unsafe': 'container',
	'entry-path-not-allowed': 'container',
	'entry-duplicate': 'container',
	'entry-too-large': 'container',
	'manifest-missing': 'container',
	'manifest-not-first': 'container',
	'signature-missing': 'signature',
	'signature-malformed': 'signature',
	'signature-invalid': 'signature',
	'signature-wrong-namespace': 'signature',
	'signature-untrusted': 'untrusted',
	'signature-key-expired': 'untrusted',
	'signature-key-not-yet-valid': 'untrusted',
	'manifest-not-json': 'manifest',
	'manifest-unsupported-schema': 'manifest',
	'manifest-unknown-field': 'manifest',
	'manifest-missing-field': 'manifest',
	'manifest-wrong-type': 'manifest',
	'manifest-invalid-value': 'manifest',
	'bundle-expired': 'validity',
	'bundle-not-yet-valid': 'validity',
	'bundle-downgrade': 'downgrade',
	'version-record-invalid': 'downgrade',
	'payload-unlisted': 'payload',
	'payload-missing': 'payload',
	'payload-size-mismatch': 'payload',
	'payload-hash-mismatch': 'payload',
	'object-unreadable': 'object',
	'object-target-mismatch': 'object',
	'object-api-mismatch': 'object',
};

export function exitCodeFor(code: BundleErrorCode): number {
	return EXIT[CATEGORY[code]];
}
