/**
 * Opening a `.hidfix` bundle: the one entry point for the app, the CLI and the root helper.
 *
 * Order is part of the security design (docs/bundle-format.md §4): size limit → container → layout
 * → signatures and trust over the raw manifest bytes → manifest parsing and validation → time window
 * → downgrade → payload sizes and hashes → object metadata against the manifest. Each step only sees
 * what the previous ones vouched for; the first failure is returned as a typed BundleError.
 */
import { err, ok, type Result } from '../../common/result.js';
import { readLayout } from '../../common/bundle/container.js';
import { bundleError, type BundleError } from '../../common/bundle/errors.js';
import { DEFAULT_LIMITS, type BundleLimits } from '../../common/bundle/limits.js';
import type { Manifest } from '../../common/bundle/manifest.js';
import { parseManifest } from '../../common/bundle/manifest-parse.js';
import { checkPayloads } from '../../common/bundle/payloads.js';
import { checkValidity } from '../../common/bundle/validity.js';
import type { TrustDecision, TrustStore } from '../../common/trust/decide.js';
import { checkDowngrade, type DowngradeCheck, type VersionRecords } from '../../common/trust/downgrade.js';
import { isGzip, unwrapContainer } from './gzip.js';
import { sha256Hex } from './hash.js';
import { inspectPrograms, type OpenedProgram } from './objects.js';
import { checkSignatures } from './signatures.js';

export interface OpenOptions {
	readonly trust: TrustStore;
	readonly now: Date;
	/** Highest versions accepted so far; omit only where no fix is applied (e.g. `hidfix verify`). */
	readonly versionRecords?: VersionRecords;
	readonly limits?: BundleLimits;
}

export interface Signer {
	/** `SHA256:…` as `ssh-keygen -l` prints it. */
	readonly fingerprint: string;
	/** Principals of the trust-store entries that accept this key. */
	readonly principals: readonly string[];
	readonly keyType: string;
}

export interface OpenedBundle {
	readonly manifest: Manifest;
	/** The exact signed bytes, e.g. for a debug report. */
	readonly manifestBytes: Uint8Array;
	/** Every trusted signer (at least one). */
	readonly signers: readonly Signer[];
	/** Payload files by entry name (programs and sources), zero-copy views into the archive. */
	readonly files: ReadonlyMap<string, Uint8Array>;
	readonly programs: readonly OpenedProgram[];
	readonly compressed: boolean;
	/** Relation to previously accepted versions, per trusted signer; absent without records. */
	readonly downgrade?: readonly DowngradeCheck[];
}

function signersOf(decision: TrustDecision): Signer[] {
	return decision.vouchers.map((v) => ({
		fingerprint: v.signature.fingerprint,
		principals: v.principals,
		keyType: v.signature.key.type,
	}));
}

function checkVersions(
	m: Manifest,
	signers: readonly Signer[],
	records: VersionRecords,
): Result<DowngradeCheck[], BundleError> {
	const out: DowngradeCheck[] = [];
	for (const s of signers) {
		const r = checkDowngrade(records, s.fingerprint, m.id, m.version);
		if (!r.ok) {
			// Anything but a downgrade means the record itself is unusable: fail closed, blame the record.
			const code = r.error.code === 'downgrade' ? 'bundle-downgrade' : 'version-record-invalid';
			return err(bundleError(code, r.error.message, { path: 'version', actual: m.version }));
		}
		out.push(r.value);
	}
	return ok(out);
}

export function openBundle(bytes: Uint8Array, opts: OpenOptions): Result<OpenedBundle, BundleError> {
	const limits = opts.limits ?? DEFAULT_LIMITS;
	const tar = unwrapContainer(bytes, limits);
	if (!tar.ok) return tar;
	const layout = readLayout(tar.value, limits);
	if (!layout.ok) return layout;
	const { manifestBytes, signatureBytes, payloads } = layout.value;

	const decision = checkSignatures(manifestBytes, signatureBytes, opts.trust, opts.now);
	if (!decision.ok) return decision;
	const signers = signersOf(decision.value);

	const manifest = parseManifest(manifestBytes);
	if (!manifest.ok) return manifest;
	const m = manifest.value;
	const window = checkValidity(m, opts.now);
	if (!window.ok) return window;
	let downgrade: DowngradeCheck[] | undefined;
	if (opts.versionRecords) {
		const v = checkVersions(m, signers, opts.versionRecords);
		if (!v.ok) return v;
		downgrade = v.value;
	}

	const hashed = checkPayloads(m, payloads, sha256Hex);
	if (!hashed.ok) return hashed;
	const files = new Map([...payloads].map(([name, p]) => [name, p.data]));
	const programs = inspectPrograms(m, files);
	if (!programs.ok) return programs;

	return ok({
		manifest: m,
		manifestBytes,
		signers,
		files,
		programs: programs.value,
		compressed: isGzip(bytes),
		...(downgrade ? { downgrade } : {}),
	});
}
