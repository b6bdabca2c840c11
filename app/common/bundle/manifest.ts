/**
 * Manifest schema v1: the signed description of a bundle (docs/bundle-format.md §5).
 *
 * Every field is required unless marked optional; unknown fields are rejected. Target ids use the
 * udev-hid-bpf `inspect` spelling ("0x0003") with "*" for the HID_BPF_CONFIG wildcard (0 = any).
 */
import { classifyEntry } from './entry-path.js';
import { array, int, invalid, literal, object, oneOf, optional, str, type Check } from './json-check.js';
import { parseSemver } from '../semver.js';

export const MANIFEST_SCHEMA = 1;
export const PROGRAM_APIS = ['struct_ops', 'tracing'] as const;
export type ProgramApi = (typeof PROGRAM_APIS)[number];

/** "0x" + four upper-case hex digits, or "*" for any. "0x0000" is refused: write "*" instead. */
export type HidId = string;

export interface Target {
	readonly bus: HidId;
	readonly group: HidId;
	readonly vid: HidId;
	readonly pid: HidId;
}

export interface FileRef {
	readonly file: string;
	readonly sha256: string;
	readonly size: number;
}

export interface ProgramRef extends FileRef {
	readonly api: ProgramApi;
}

export interface Manifest {
	readonly schema: 1;
	/** Reverse-DNS-like identifier, stable across versions of the same fix. */
	readonly id: string;
	readonly version: string;
	readonly title: string;
	readonly summary: string;
	readonly description: string;
	readonly author: { readonly name: string; readonly email?: string };
	/** Where the user sends results: at least one of the two. */
	readonly contact: { readonly issue?: string; readonly email?: string };
	readonly created: string;
	readonly expires: string;
	readonly targets: readonly Target[];
	readonly programs: readonly ProgramRef[];
	readonly sources: readonly FileRef[];
	readonly capture: { readonly instructions: string; readonly durationSeconds: number };
	/** "major.minor" of the oldest kernel the programs load on. */
	readonly minKernel: string;
}

const HID_ID = /^(\*|0x[0-9A-F]{4})$/;
const hidId: Check<HidId> = (v, path) => {
	const r = str({ max: 6, pattern: HID_ID, format: '"*" or "0x" followed by 4 upper-case hex digits' })(
		v,
		path,
	);
	if (r.ok && r.value === '0x0000')
		return invalid(path, '0x0000 means "any" in HID_BPF_CONFIG; write "*" instead');
	return r;
};

const EMAIL = { max: 254, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, format: 'an e-mail address' };
const RFC3339_UTC = {
	max: 20,
	pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
	format: 'a UTC time like 2026-11-24T15:00:00Z',
};
const SHA256 = { max: 64, min: 64, pattern: /^[0-9a-f]{64}$/, format: '64 lower-case hex digits' };
const MAX_ENTRY = 16 * 1024 * 1024;

const fileIn =
	(kind: 'program' | 'source'): Check<string> =>
	(v, path) => {
		const r = str({ max: 255 })(v, path);
		if (!r.ok) return r;
		const c = classifyEntry(r.value);
		if (!c.ok || c.kind !== kind) {
			return invalid(
				path,
				`must be a path of the form ${kind === 'program' ? 'programs/<name>.bpf.o' : 'src/… or README.md'}`,
			);
		}
		return r;
	};

/** A fix id: reverse-DNS, lower case (`org.example.fix-name`); also names its installed files. */
export const FIX_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*\.[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

export const manifestShape: Check<Manifest> = object<Manifest>({
	schema: literal(1),
	id: str({
		min: 3,
		max: 128,
		pattern: FIX_ID,
		format: 'a reverse-DNS id like org.example.fix-name',
	}),
	version: (v, path) => {
		const r = str({ max: 64 })(v, path);
		if (r.ok && parseSemver(r.value) === undefined)
			return invalid(path, `"${r.value}" is not a semantic version like 1.2.0`);
		return r;
	},
	title: str({ max: 100, singleLine: true }),
	summary: str({ max: 300, singleLine: true }),
	description: str({ min: 0, max: 20_000 }),
	author: object<Manifest['author']>({
		name: str({ max: 200, singleLine: true }),
		email: optional(str(EMAIL)),
	}),
	contact: object<Manifest['contact']>({
		issue: optional(str({ max: 500, pattern: /^https:\/\/[^\s]+$/, format: 'an https:// link' })),
		email: optional(str(EMAIL)),
	}),
	created: str(RFC3339_UTC),
	expires: str(RFC3339_UTC),
	targets: array(object<Target>({ bus: hidId, group: hidId, vid: hidId, pid: hidId }), 1, 15),
	programs: array(
		object<ProgramRef>({
			file: fileIn('program'),
			sha256: str(SHA256),
			size: int(1, MAX_ENTRY),
			api: oneOf(PROGRAM_APIS),
		}),
		1,
		16,
	),
	sources: array(
		object<FileRef>({ file: fileIn('source'), sha256: str(SHA256), size: int(0, MAX_ENTRY) }),
		1,
		200,
	),
	capture: object<Manifest['capture']>({ instructions: str({ max: 2000 }), durationSeconds: int(5, 3600) }),
	minKernel: str({
		max: 9,
		pattern: /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/,
		format: 'a kernel version like 6.11',
	}),
});
