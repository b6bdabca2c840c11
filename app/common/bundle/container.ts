/**
 * From archive bytes to the bundle layout: manifest, signatures, payloads (docs/bundle-format.md §3).
 *
 * Structural rules only; nothing here is trusted yet. The manifest must be the first entry so a
 * streaming reader could verify before reading payloads, and so there is exactly one place to look.
 */
import { err, ok, type Result } from '../result.js';
import { classifyEntry, MANIFEST_NAME, SIGNATURE_NAME } from './entry-path.js';
import { bundleError, type BundleError } from './errors.js';
import type { BundleLimits } from './limits.js';
import { readTar, type TarError } from './tar-reader.js';

export interface Payload {
	readonly kind: 'program' | 'source';
	readonly data: Uint8Array;
}

export interface BundleLayout {
	/** Exactly the signed bytes. */
	readonly manifestBytes: Uint8Array;
	readonly signatureBytes: Uint8Array;
	/** Payload entries in archive order. */
	readonly payloads: ReadonlyMap<string, Payload>;
}

function tooLarge(entry: string, size: number, limit: number): Result<never, BundleError> {
	return err(
		bundleError(
			'entry-too-large',
			`"${entry}" is ${size} bytes; the limit is ${limit}. Ask the author to re-pack it.`,
			{
				entry,
				limit,
				actual: size,
			},
		),
	);
}

const RECREATE = 'Ask the author for a new bundle made with `hidfix pack`.';

/** The tar reader's rejection in the bundle's words: same code and detail, the author's advice added. */
function bundleTarError(e: TarError): BundleError {
	const message =
		e.what === undefined
			? `${e.message} ${RECREATE}`
			: `Archive entry "${e.detail?.entry}" ${e.what}; a bundle may contain regular files only. ${RECREATE}`;
	return bundleError(e.code, message, e.detail);
}

export function readLayout(tar: Uint8Array, limits: BundleLimits): Result<BundleLayout, BundleError> {
	const entries = readTar(tar, limits);
	if (!entries.ok) return err(bundleTarError(entries.error));
	const seen = new Set<string>();
	const payloads = new Map<string, Payload>();
	let manifestBytes: Uint8Array | undefined;
	let signatureBytes: Uint8Array | undefined;
	for (const [index, e] of entries.value.entries()) {
		const cls = classifyEntry(e.name);
		if (!cls.ok) return err(cls.error);
		// Case-folded so two names cannot collide on a case-insensitive file system later.
		const folded = e.name.toLowerCase();
		if (seen.has(folded)) {
			return err(
				bundleError(
					'entry-duplicate',
					`"${e.name}" appears twice in the archive; this bundle is malformed or malicious.`,
					{
						entry: e.name,
						offset: e.offset,
					},
				),
			);
		}
		seen.add(folded);
		if (cls.kind === 'manifest') {
			if (index !== 0) {
				return err(
					bundleError(
						'manifest-not-first',
						'manifest.json must be the first archive entry. Re-pack with `hidfix pack`.',
						{
							entry: e.name,
							offset: e.offset,
						},
					),
				);
			}
			if (e.data.length > limits.maxManifestBytes)
				return tooLarge(e.name, e.data.length, limits.maxManifestBytes);
			manifestBytes = e.data;
		} else if (cls.kind === 'signature') {
			if (e.data.length > limits.maxSignatureBytes)
				return tooLarge(e.name, e.data.length, limits.maxSignatureBytes);
			signatureBytes = e.data;
		} else {
			payloads.set(e.name, { kind: cls.kind, data: e.data });
		}
	}
	if (manifestBytes === undefined) {
		return err(
			bundleError('manifest-missing', `The archive has no ${MANIFEST_NAME}; it is not a hidfix bundle.`),
		);
	}
	if (signatureBytes === undefined) {
		return err(
			bundleError(
				'signature-missing',
				`The bundle is not signed (no ${SIGNATURE_NAME}). Only signed bundles can be used; ask the author to sign it.`,
			),
		);
	}
	return ok({ manifestBytes, signatureBytes, payloads });
}
