/**
 * What a HID-BPF object is and can do, read statically from its bytes (notes/hid-bpf.md §4, §10):
 * device matches, programs and their hooks, struct_ops maps, kfuncs, maps, UDEV_PROP_ inputs,
 * license, probe() and which kernel API it targets.
 */
import { readBtf, typeSize, type Btf } from './btf.js';
import { readFieldAccesses, type FieldAccess } from './core-relocs.js';
import { cString } from './bytes.js';
import { type HidDeviceMatch } from './device-match.js';
import { readElf, type ElfFile } from './elf.js';
import { objectError, type ObjectError } from './errors.js';
import { readHidConfig } from './hid-config.js';
import { readMaps, type BpfMapInfo } from './maps.js';
import { readPrograms, type BpfProgramInfo, type BpfSubprogramInfo } from './programs.js';
import { readStructOps, type StructOpsInfo } from './struct-ops.js';
import { err, ok, type Result } from '../result.js';

export interface UdevPropInfo {
	/** Udev property name (the variable name without `UDEV_PROP_`). */
	readonly name: string;
	readonly variable: string;
	readonly section: string;
	/** Buffer size in bytes; udev-hid-bpf skips values that do not fit (length ≥ size). */
	readonly size: number;
}

/**
 * `struct_ops`: 6.11+ API (udev-hid-bpf picks it when any struct_ops program exists); `tracing`: the
 * 6.3–6.10 `fmod_ret/hid_bpf_*` API; `none`: neither, so no loader will attach it to a device.
 */
export type ObjectApi = 'struct_ops' | 'tracing' | 'none';

export interface BpfObjectInfo {
	readonly devices: readonly HidDeviceMatch[];
	readonly programs: readonly BpfProgramInfo[];
	/** Functions in `.text` that programs call (BPF-to-BPF calls), with their own helper and kfunc calls. */
	readonly subprograms: readonly BpfSubprogramInfo[];
	readonly structOps: readonly StructOpsInfo[];
	/** Kernel functions it calls: BTF FUNCs with extern linkage in DataSec `.ksyms`, sorted. */
	readonly kfuncs: readonly string[];
	/** Kernel variables it reads (`extern … __ksym` VARs in `.ksyms`), sorted. */
	readonly kernelVars: readonly string[];
	readonly maps: readonly BpfMapInfo[];
	readonly udevProps: readonly UdevPropInfo[];
	/** Kernel struct fields touched, from CO-RE relocations (best effort, see core-relocs.ts). */
	readonly fieldAccesses: readonly FieldAccess[];
	/** Contents of the `license` section, null if absent (the kernel then refuses GPL-only kfuncs). */
	readonly license: string | null;
	readonly hasProbe: boolean;
	readonly api: ObjectApi;
}

const DATA_SECTIONS = /^\.(bss|data|rodata)(\..*)?$/;
const UDEV_PREFIX = 'UDEV_PROP_';

/** Reads a `.bpf.o`. Never throws: every malformed input is a typed error. */
export function readObjectInfo(bytes: Uint8Array): Result<BpfObjectInfo, ObjectError> {
	try {
		return read(bytes);
	} catch (e) {
		// SECURITY: a parser bug on hostile input must reject the bundle, not crash the caller.
		return err(
			objectError('object-internal', `inspector failure: ${e instanceof Error ? e.message : String(e)}`),
		);
	}
}

function read(bytes: Uint8Array): Result<BpfObjectInfo, ObjectError> {
	const elf = readElf(bytes);
	if (!elf.ok) return elf;
	// libbpf >= 1.0 refuses legacy `struct bpf_map_def` maps; so do we rather than under-report them.
	if (elf.value.sectionByName('maps')) {
		return err(objectError('object-corrupt', "legacy 'maps' section (struct bpf_map_def) is not supported"));
	}
	const btfSection = elf.value.sectionByName('.BTF');
	const btfBytes = btfSection && elf.value.sectionData(btfSection);
	if (!btfBytes)
		return err(objectError('btf-missing', 'the object has no .BTF section (build it with clang -g)'));
	const btf = readBtf(btfBytes);
	if (!btf.ok) return btf;

	const devices = readHidConfig(btf.value);
	if (!devices.ok) return devices;
	const maps = readMaps(btf.value);
	if (!maps.ok) return maps;
	const structOps = readStructOps(elf.value, btf.value);
	if (!structOps.ok) return structOps;
	const programsRead = readPrograms(elf.value, structOps.value);
	if (!programsRead.ok) return programsRead;
	const { programs, subprograms } = programsRead.value;
	const ksyms = readKsyms(btf.value);
	const udevProps = readUdevProps(btf.value);
	if (!udevProps.ok) return udevProps;
	const fieldAccesses = readFieldAccesses(elf.value, btf.value);
	if (!fieldAccesses.ok) return fieldAccesses;

	return ok({
		devices: devices.value,
		programs,
		subprograms,
		structOps: structOps.value,
		kfuncs: ksyms.kfuncs,
		kernelVars: ksyms.vars,
		maps: maps.value,
		udevProps: udevProps.value,
		fieldAccesses: fieldAccesses.value,
		license: readLicense(elf.value),
		hasProbe: programs.some((p) => p.name === 'probe' && p.kind === 'syscall'),
		api: apiOf(programs),
	});
}

function readKsyms(btf: Btf): { kfuncs: string[]; vars: string[] } {
	const kfuncs = new Set<string>();
	const vars = new Set<string>();
	for (const sec of btf.datasecs('.ksyms')) {
		for (const entry of sec.vars) {
			const t = btf.types[entry.type];
			if (t?.kind === 'func' && t.linkage === 'extern') kfuncs.add(t.name);
			else if (t?.kind === 'var' && t.linkage === 'extern') vars.add(t.name);
		}
	}
	return { kfuncs: [...kfuncs].sort(), vars: [...vars].sort() };
}

/** udev-hid-bpf programs read one or two properties; bounds the type walks on hostile input. */
export const MAX_UDEV_PROPS = 256;

function readUdevProps(btf: Btf): Result<UdevPropInfo[], ObjectError> {
	const out: UdevPropInfo[] = [];
	for (const t of btf.types) {
		if (t.kind !== 'datasec' || !DATA_SECTIONS.test(t.name)) continue;
		for (const entry of t.vars) {
			const v = btf.types[entry.type];
			if (v?.kind !== 'var' || !v.name.startsWith(UDEV_PREFIX)) continue;
			if (out.length >= MAX_UDEV_PROPS) {
				return err(objectError('object-corrupt', `more than ${MAX_UDEV_PROPS} UDEV_PROP_ globals`));
			}
			const size = typeSize(btf, v.type) ?? entry.size;
			out.push({ name: v.name.slice(UDEV_PREFIX.length), variable: v.name, section: t.name, size });
		}
	}
	return ok(out);
}

function readLicense(elf: ElfFile): string | null {
	const s = elf.sectionByName('license');
	const data = s && elf.sectionData(s);
	if (!data) return null;
	const padded = new Uint8Array(data.length + 1);
	padded.set(data);
	return cString(padded, 0) ?? null;
}

function apiOf(programs: readonly BpfProgramInfo[]): ObjectApi {
	if (programs.some((p) => p.kind === 'struct_ops' || p.kind === 'struct_ops.s')) return 'struct_ops';
	if (programs.some((p) => p.kind.startsWith('fmod_ret') && p.section.includes('/hid_bpf_')))
		return 'tracing';
	return 'none';
}
