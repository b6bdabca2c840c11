/**
 * Shared test setup for main: the golden bundles and a private trust store in a temp dir.
 * Real keys and real bundles (app/test/fixtures/bundles), never mocks.
 */
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BUNDLES = resolve(import.meta.dirname, '../../app/test/fixtures/bundles');
/** Inside the goldens' validity window (packed 2026-11-01, 90 days), as app/test's kit uses. */
export const NOW = new Date('2026-11-24T15:00:00Z');
/** The goldens' author key (test-only), as `ssh-keygen -l` prints it. */
export const AUTHOR_FINGERPRINT = 'SHA256:AS9hOiFI4C/zGHiOR/mGhZIVtQhksGCak0VJTlTEp9k';

export interface TempWorld {
	readonly dir: string;
	/** allowed_signers trusting the goldens' author (namespace hidfix). */
	readonly trustedKeys: string;
	/** An allowed_signers that does not exist: an empty store. */
	readonly noKeys: string;
	/** A copy of a golden, or bytes written as a bundle, inside `dir`. */
	file(name: string, bytes?: Uint8Array): string;
	cleanup(): void;
}

export function tempWorld(): TempWorld {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-main-'));
	const trustedKeys = join(dir, 'allowed_signers');
	writeFileSync(trustedKeys, readFileSync(join(BUNDLES, 'keys/allowed_signers')));
	// Explicit mode: the store refuses group-writable files, and the umask may be 002.
	chmodSync(trustedKeys, 0o644);
	return {
		dir,
		trustedKeys,
		noKeys: join(dir, 'none', 'allowed_signers'),
		file(name, bytes) {
			const path = join(dir, name);
			if (bytes) writeFileSync(path, bytes);
			else copyFileSync(join(BUNDLES, name), path);
			return path;
		},
		cleanup: () => rmSync(dir, { recursive: true, force: true }),
	};
}

/** The golden's bytes with a run of bytes in the middle flipped: the tar checksum no longer holds. */
export function corrupted(name: string): Uint8Array {
	const bytes = new Uint8Array(readFileSync(join(BUNDLES, name)));
	for (let i = 100; i < 140; i++) bytes[i] = bytes[i]! ^ 0xff;
	return bytes;
}
