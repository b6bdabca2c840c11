/**
 * Entry names: what is safe, and what a bundle may contain (docs/bundle-format.md §3).
 *
 * SECURITY: the user's app and the helper may later write payloads to disk (a cache, the firmware
 * directory), so a name must never be able to point outside the bundle: no absolute paths, no `..`,
 * no empty or `.` segments, no backslashes, ASCII only. On top of that a closed allow-list keeps the
 * layout predictable: anything else is refused rather than ignored.
 */
import { bundleError, type BundleError } from './errors.js';

export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'manifest.sig';

/** One path segment: portable characters, no leading dot (so no hidden files, no `.`/`..`). */
const SEGMENT = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,99}$/;
const PROGRAM = /^programs\/[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,90}\.bpf\.o$/;
const MAX_SRC_DEPTH = 8;

export type EntryKind = 'manifest' | 'signature' | 'program' | 'source';

/** Why a name is unsafe, or undefined when it is a plain relative path. */
function unsafeReason(name: string): string | undefined {
	if (name === '') return 'is empty';
	if (name.startsWith('/')) return 'is an absolute path';
	if (name.includes('\\')) return 'contains a backslash';
	for (let i = 0; i < name.length; i++) {
		const c = name.charCodeAt(i);
		if (c < 0x20 || c > 0x7e) return 'contains a control or non-ASCII character';
	}
	for (const seg of name.split('/')) {
		if (seg === '..') return 'climbs out of the bundle with ".."';
		if (seg === '.' || seg === '') return 'has an empty or "." path segment';
	}
	return undefined;
}

/** Classifies an entry name, or explains why it cannot be in a bundle. */
export function classifyEntry(
	name: string,
): { ok: true; kind: EntryKind } | { ok: false; error: BundleError } {
	const unsafe = unsafeReason(name);
	if (unsafe !== undefined) {
		return {
			ok: false,
			error: bundleError(
				'entry-path-unsafe',
				`Archive entry "${name}" ${unsafe}; this bundle is malformed or malicious. Do not use it.`,
				{ entry: name },
			),
		};
	}
	if (name === MANIFEST_NAME) return { ok: true, kind: 'manifest' };
	if (name === SIGNATURE_NAME) return { ok: true, kind: 'signature' };
	if (PROGRAM.test(name)) return { ok: true, kind: 'program' };
	if (name === 'README.md') return { ok: true, kind: 'source' };
	const segs = name.split('/');
	if (
		segs[0] === 'src' &&
		segs.length >= 2 &&
		segs.length <= MAX_SRC_DEPTH + 1 &&
		segs.every((s) => SEGMENT.test(s))
	) {
		return { ok: true, kind: 'source' };
	}
	return {
		ok: false,
		error: bundleError(
			'entry-path-not-allowed',
			`Archive entry "${name}" is not allowed in a bundle (only manifest.json, manifest.sig, README.md, ` +
				'programs/*.bpf.o and src/**). Ask the author to re-pack it with `hidfix pack`.',
			{ entry: name },
		),
	};
}
