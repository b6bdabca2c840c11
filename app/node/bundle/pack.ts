/**
 * Writing a bundle (the author side of `hidfix pack`): hash the payloads into the manifest, check the
 * result with the same validator and object checks the reader uses, sign the exact manifest bytes,
 * and lay out the archive (manifest first, then signatures, programs, sources).
 *
 * Signing is injected so the CLI can use `ssh-keygen -Y sign` (agents, passphrases, hardware keys)
 * and tests can use fixed fixture keys.
 */
import { gzipSync } from 'node:zlib';
import { err, ok, type Result } from '../../common/result.js';
import { MANIFEST_NAME, SIGNATURE_NAME } from '../../common/bundle/entry-path.js';
import { bundleError, type BundleError } from '../../common/bundle/errors.js';
import type { FileRef, Manifest, ProgramRef, Target } from '../../common/bundle/manifest.js';
import { parseManifest } from '../../common/bundle/manifest-parse.js';
import { writeTar } from '../../common/bundle/tar-writer.js';
import { encodeUtf8 } from '../../common/bundle/utf8.js';
import type { SignatureError } from '../../common/ssh/signature-error.js';
import { matchToText } from '../../common/bpf/device-match.js';
import { readObjectInfo } from '../../common/bpf/object-info.js';
import { sha256Hex } from './hash.js';
import { inspectPrograms } from './objects.js';

/** Everything in the manifest that is not derived from the files. */
export type ManifestFields = Omit<Manifest, 'schema' | 'programs' | 'sources' | 'targets'> & {
	/** Default: the device list of the first program's `.hid_bpf_config`. */
	readonly targets?: readonly Target[];
};

export interface PackFile {
	/** Entry name: `programs/<name>.bpf.o`, `src/…` or `README.md`. */
	readonly name: string;
	readonly bytes: Uint8Array;
}

export interface PackInput {
	readonly fields: ManifestFields;
	readonly programs: readonly PackFile[];
	readonly sources: readonly PackFile[];
	/** Returns one or more armored SSH signatures over `message`. */
	readonly sign: (message: Uint8Array) => Promise<Result<string, SignatureError>>;
	readonly gzip?: boolean;
}

export type PackError = BundleError | SignatureError;

const KEY_ORDER = [
	'schema',
	'id',
	'version',
	'title',
	'summary',
	'description',
	'author',
	'contact',
	'created',
	'expires',
	'targets',
	'programs',
	'sources',
	'capture',
	'minKernel',
] as const satisfies readonly (keyof Manifest)[];

const ref = (f: PackFile): FileRef => ({ file: f.name, sha256: sha256Hex(f.bytes), size: f.bytes.length });

/** Builds the manifest from fields and files, deriving API flavour and (by default) targets from the objects. */
export function buildManifest(input: Omit<PackInput, 'sign' | 'gzip'>): Result<Manifest, BundleError> {
	const programs: ProgramRef[] = [];
	let derivedTargets: Target[] | undefined;
	for (const p of input.programs) {
		const info = readObjectInfo(p.bytes);
		if (!info.ok)
			return err(bundleError('object-unreadable', `${p.name}: ${info.error.message}`, { entry: p.name }));
		if (info.value.api === 'none') {
			return err(
				bundleError('object-api-mismatch', `${p.name} has no HID-BPF struct_ops or tracing program`, {
					entry: p.name,
				}),
			);
		}
		programs.push({ ...ref(p), api: info.value.api });
		derivedTargets ??= info.value.devices.map(matchToText).filter((t) => t !== undefined);
	}
	const { targets, ...rest } = input.fields;
	const merged: Record<string, unknown> = {
		schema: 1,
		...rest,
		targets: targets ?? derivedTargets ?? [],
		programs,
		sources: input.sources.map(ref),
	};
	// Schema order, whatever the order of the fields file, so the signed bytes depend only on values;
	// unknown keys go last, where the validator reports them with their path.
	const known = KEY_ORDER.filter((k) => k in merged).map((k) => [k, merged[k]] as const);
	const unknown = Object.entries(merged).filter(([k]) => !(KEY_ORDER as readonly string[]).includes(k));
	const manifest = Object.fromEntries([...known, ...unknown]) as unknown as Manifest;
	const checked = parseManifest(manifestBytesOf(manifest));
	if (!checked.ok) return checked;
	const files = new Map(input.programs.map((p) => [p.name, p.bytes]));
	const objects = inspectPrograms(checked.value, files);
	return objects.ok ? ok(manifest) : objects;
}

export function manifestBytesOf(manifest: Manifest): Uint8Array {
	return encodeUtf8(`${JSON.stringify(manifest, null, '\t')}\n`);
}

export async function packBundle(input: PackInput): Promise<Result<Uint8Array, PackError>> {
	const manifest = buildManifest(input);
	if (!manifest.ok) return manifest;
	const manifestBytes = manifestBytesOf(manifest.value);
	const signature = await input.sign(manifestBytes);
	if (!signature.ok) return signature;
	const tar = writeTar([
		{ name: MANIFEST_NAME, data: manifestBytes },
		{ name: SIGNATURE_NAME, data: encodeUtf8(signature.value) },
		...[...input.programs, ...input.sources].map((f) => ({ name: f.name, data: f.bytes })),
	]);
	return ok(input.gzip ? new Uint8Array(gzipSync(tar, { level: 9 })) : tar);
}
