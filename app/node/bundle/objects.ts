/**
 * The compiled objects must agree with the signed manifest: each program's API flavour and its
 * `.hid_bpf_config` device list equal the manifest's (notes/hid-bpf.md §4, §10). The object's own
 * metadata is what udev-hid-bpf acts on, the manifest is what the user was shown; a difference means
 * the fix would attach somewhere the user did not agree to.
 */
import { err, ok, type Result } from '../../common/result.js';
import { capabilities, type Capability } from '../../common/bpf/capabilities.js';
import { matchFromText, matchTargets } from '../../common/bpf/device-match.js';
import { readObjectInfo, type BpfObjectInfo } from '../../common/bpf/object-info.js';
import { bundleError, type BundleError } from '../../common/bundle/errors.js';
import type { Manifest, ProgramRef } from '../../common/bundle/manifest.js';

export interface OpenedProgram {
	readonly ref: ProgramRef;
	readonly bytes: Uint8Array;
	readonly info: BpfObjectInfo;
	/** What the fix can do, worst first, for the consent screen. */
	readonly capabilities: readonly Capability[];
}

export function inspectPrograms(
	manifest: Manifest,
	files: ReadonlyMap<string, Uint8Array>,
): Result<OpenedProgram[], BundleError> {
	// The manifest validator already guaranteed every target parses; the filter only narrows the type.
	const targets = manifest.targets.map(matchFromText).filter((m) => m !== undefined);
	const out: OpenedProgram[] = [];
	for (const [i, ref] of manifest.programs.entries()) {
		const bytes = files.get(ref.file)!;
		const info = readObjectInfo(bytes);
		if (!info.ok) {
			return err(
				bundleError(
					'object-unreadable',
					`"${ref.file}" is not a usable BPF object (${info.error.message}). Ask the author to rebuild it.`,
					{
						entry: ref.file,
						path: `programs[${i}].file`,
						actual: info.error.code,
					},
				),
			);
		}
		if (info.value.api !== ref.api) {
			return err(
				bundleError(
					'object-api-mismatch',
					`"${ref.file}" uses the ${info.value.api} API but the manifest says ${ref.api}. Ask the author to fix the manifest.`,
					{ entry: ref.file, path: `programs[${i}].api`, expected: ref.api, actual: info.value.api },
				),
			);
		}
		const match = matchTargets(targets, info.value.devices);
		if (!match.ok) {
			return err(
				bundleError(
					'object-target-mismatch',
					`The devices in "${ref.file}" differ from the manifest's targets: ${match.error.message}. Ask the author to fix the bundle.`,
					{ entry: ref.file, path: 'targets' },
				),
			);
		}
		out.push({ ref, bytes, info: info.value, capabilities: capabilities(info.value) });
	}
	return ok(out);
}
