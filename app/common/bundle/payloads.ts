/**
 * Binds payload bytes to the verified manifest: every entry listed, every listed file present, sizes
 * and SHA-256 equal (docs/bundle-format.md §4). The manifest is the only thing signed, so this check
 * is what extends the signature to the programs and sources.
 *
 * Hashing is injected (`node:crypto` in app/node) because the pure core has no crypto.
 */
import { err, ok, type Result } from '../result.js';
import type { Payload } from './container.js';
import { bundleError, type BundleError } from './errors.js';
import type { FileRef, Manifest } from './manifest.js';

export type Sha256Hex = (data: Uint8Array) => string;

const BAD = 'The bundle was changed after it was signed; do not use it, ask the author for a fresh copy.';

export function checkPayloads(
	manifest: Manifest,
	payloads: ReadonlyMap<string, Payload>,
	sha256: Sha256Hex,
): Result<void, BundleError> {
	const listed = new Map<string, [FileRef, string]>();
	manifest.programs.forEach((p, i) => listed.set(p.file, [p, `programs[${i}]`]));
	manifest.sources.forEach((s, i) => listed.set(s.file, [s, `sources[${i}]`]));
	// Cheap structural checks over every entry before any hashing.
	for (const name of payloads.keys()) {
		if (!listed.has(name)) {
			return err(
				bundleError(
					'payload-unlisted',
					`"${name}" is in the archive but not in the signed manifest. ${BAD}`,
					{ entry: name },
				),
			);
		}
	}
	for (const [file, [ref, path]] of listed) {
		const p = payloads.get(file);
		if (p === undefined) {
			return err(
				bundleError(
					'payload-missing',
					`The manifest lists "${file}" but the archive does not contain it. ${BAD}`,
					{ entry: file, path },
				),
			);
		}
		if (p.data.length !== ref.size) {
			return err(
				bundleError(
					'payload-size-mismatch',
					`"${file}" is ${p.data.length} bytes, the manifest says ${ref.size}. ${BAD}`,
					{
						entry: file,
						path: `${path}.size`,
						expected: ref.size,
						actual: p.data.length,
					},
				),
			);
		}
	}
	for (const [file, [ref, path]] of listed) {
		const actual = sha256(payloads.get(file)!.data);
		if (actual !== ref.sha256) {
			return err(
				bundleError(
					'payload-hash-mismatch',
					`The contents of "${file}" do not match the signed manifest. ${BAD}`,
					{
						entry: file,
						path: `${path}.sha256`,
						expected: ref.sha256,
						actual,
					},
				),
			);
		}
	}
	return ok(undefined);
}
