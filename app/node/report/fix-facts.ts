/**
 * The fix part of a report from an opened bundle: id, version, signers, program hashes, the exact
 * signed manifest bytes, and the SHA-256 of the bundle file as the user opened it.
 */
import type { FixFacts } from '../../common/report/schema.js';
import type { OpenedBundle } from '../bundle/open-bundle.js';
import { sha256Hex } from '../bundle/hash.js';

export function fixFacts(
	bundle: OpenedBundle,
	bundleBytes: Uint8Array,
): FixFacts & { readonly manifestBytes: Uint8Array } {
	const m = bundle.manifest;
	return {
		id: m.id,
		version: m.version,
		title: m.title,
		bundleSha256: sha256Hex(bundleBytes),
		signers: bundle.signers.map((s) => ({
			fingerprint: s.fingerprint,
			principals: [...s.principals],
			keyType: s.keyType,
		})),
		programs: m.programs.map((p) => ({ file: p.file, sha256: p.sha256, api: p.api })),
		manifestBytes: bundle.manifestBytes,
	};
}
