/**
 * Size and count limits of the bundle reader (docs/bundle-format.md §6).
 *
 * A fix is one or a few small BPF objects plus their source: the real numbers are kilobytes. The limits
 * leave two orders of magnitude of headroom while bounding memory in the root helper, which holds the
 * whole bundle in memory. Callers may lower them (tests do); the helper uses the defaults.
 */
export interface BundleLimits {
	/** Bytes of the file as given (compressed or not). */
	readonly maxBundleBytes: number;
	/** Bytes of the tar archive after gzip inflation: the compression-bomb bound. */
	readonly maxTarBytes: number;
	/** Tar entries, manifest and signature included. */
	readonly maxEntries: number;
	/** Any single payload entry. */
	readonly maxEntryBytes: number;
	/** The signed `manifest.json`: read and verified before anything else, so kept small. */
	readonly maxManifestBytes: number;
	/** `manifest.sig`: a handful of armored SSH signatures. */
	readonly maxSignatureBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: BundleLimits = Object.freeze({
	maxBundleBytes: 64 * MiB,
	maxTarBytes: 64 * MiB,
	maxEntries: 256,
	maxEntryBytes: 16 * MiB,
	maxManifestBytes: 64 * 1024,
	maxSignatureBytes: 16 * 1024,
});
