/**
 * struct_ops maps (`SEC(".struct_ops.link") struct hid_bpf_ops x = { .hid_device_event = (void *)prog }`).
 *
 * The program a member points to is not in the data: clang emits an R_BPF_64_ABS64 relocation at
 * the member's byte offset against the program's symbol (`.rel.struct_ops.link` / `.rel.struct_ops`).
 * The map's position inside the section comes from its ELF symbol (BTF DataSec offsets are only
 * filled in by libbpf at load time and are 0 in clang's output).
 */
import { type Btf } from './btf.js';
import { varComposite } from './btf-values.js';
import { Bytes } from './bytes.js';
import {
	SHF_EXECINSTR,
	STT_FUNC,
	STT_OBJECT,
	STT_SECTION,
	type ElfFile,
	type ElfRelocation,
	type ElfSection,
} from './elf.js';
import { objectError, type ObjectError } from './errors.js';
import { err, ok, type Result } from '../result.js';

export interface StructOpsMember {
	/** Member of the ops struct, e.g. `hid_device_event`. */
	readonly member: string;
	/** Name of the program it is set to. */
	readonly program: string;
}

export interface StructOpsInfo {
	readonly mapName: string;
	/** BTF struct name, e.g. `hid_bpf_ops`. */
	readonly type: string;
	readonly section: string;
	/** True for `.struct_ops.link` (attached through a bpf_link, which is what pins keep alive). */
	readonly link: boolean;
	readonly members: readonly StructOpsMember[];
	/** Initial value of a `flags` member (hid_bpf_ops: BPF_F_BEFORE = 8), null if there is none. */
	readonly flags: number | null;
}

/** Far above any real fix (one per object is the norm); bounds the work on hostile input. */
export const MAX_STRUCT_OPS = 64;

/** libbpf treats `.struct_ops` and `.struct_ops.<anything>` (notably `.link`) as struct_ops sections. */
export function isStructOpsSection(name: string): boolean {
	return name === '.struct_ops' || name.startsWith('.struct_ops.');
}

export function readStructOps(elf: ElfFile, btf: Btf): Result<StructOpsInfo[], ObjectError> {
	const bad = (message: string) => err(objectError('object-corrupt', message));
	const funcAt = new Map<string, string>();
	const objectNamed = new Map<string, number>();
	for (const f of elf.symbols) {
		if (f.type === STT_FUNC) funcAt.set(`${f.shndx}:${f.value}`, f.name);
		if (f.type === STT_OBJECT) objectNamed.set(`${f.shndx}:${f.name}`, f.value);
	}
	const out: StructOpsInfo[] = [];
	for (const section of elf.sections) {
		if (!isStructOpsSection(section.name)) continue;
		const datasec = btf.datasecs(section.name)[0];
		if (!datasec) return bad(`section ${section.name} has no BTF description`);
		const contents = elf.sectionData(section);
		// A struct_ops map always carries program pointers, so clang never emits it as NOBITS.
		if (!contents) return bad(`section ${section.name} has no contents`);
		const data = new Bytes(contents);
		const relocs = [...(elf.relocations.get(section.index) ?? [])].sort((a, b) => a.offset - b.offset);
		for (let i = 1; i < relocs.length; i++) {
			if (relocs[i]?.offset === relocs[i - 1]?.offset)
				return bad(`two relocations at one offset in ${section.name}`);
		}
		const claimed = new Uint8Array(relocs.length);
		if (out.length + datasec.vars.length > MAX_STRUCT_OPS)
			return bad(`more than ${MAX_STRUCT_OPS} struct_ops maps`);
		for (const entry of datasec.vars) {
			const v = varComposite(btf, entry.type);
			if (!v || v.type.kind !== 'struct') return bad(`a ${section.name} entry is not a struct`);
			const base = objectNamed.get(`${section.index}:${v.name}`) ?? entry.offset;
			const size = v.type.size;
			if (!data.fits(base, size)) return bad(`struct_ops map ${v.name} lies outside ${section.name}`);
			const byOffset = new Map(v.type.members.map((m) => [m.bitOffset, m] as const));
			const members: StructOpsMember[] = [];
			for (let i = lowerBound(relocs, base); i < relocs.length; i++) {
				const r = relocs[i] as ElfRelocation;
				if (r.offset >= base + size) break;
				if (claimed[i]) return bad(`struct_ops maps overlap in ${section.name}`);
				claimed[i] = 1;
				const member = byOffset.get((r.offset - base) * 8);
				if (!member)
					return bad(`relocation at ${r.offset} in ${section.name} is not at a member of ${v.name}`);
				const program = programAt(elf, data, r, funcAt);
				if (!program) return bad(`member ${member.name} of ${v.name} does not point to a program`);
				members.push({ member: member.name, program });
			}
			const flagsMember = v.type.members.find((m) => m.name === 'flags');
			const flags = flagsMember ? (data.u32(base + flagsMember.bitOffset / 8) ?? null) : null;
			out.push({
				mapName: v.name,
				type: v.type.name,
				section: section.name,
				link: section.name !== '.struct_ops',
				members,
				flags,
			});
		}
		const stray = claimed.reduce((n, c) => n + (c ? 0 : 1), 0);
		if (stray > 0) return bad(`${stray} relocation(s) in ${section.name} fall outside every struct_ops map`);
	}
	return ok(out);
}

function lowerBound(relocs: readonly ElfRelocation[], offset: number): number {
	let lo = 0;
	let hi = relocs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((relocs[mid] as ElfRelocation).offset < offset) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The program a struct_ops relocation points at: a FUNC symbol, or a section symbol + implicit addend. */
function programAt(
	elf: ElfFile,
	data: Bytes,
	r: ElfRelocation,
	funcAt: ReadonlyMap<string, string>,
): string | undefined {
	const inCode = (shndx: number) =>
		((elf.sections[shndx] as ElfSection | undefined)?.flags ?? 0) & SHF_EXECINSTR;
	const s = r.symbol;
	if (s.type === STT_FUNC && inCode(s.shndx)) return s.name;
	if (s.type === STT_SECTION && inCode(s.shndx)) return funcAt.get(`${s.shndx}:${data.u64(r.offset)}`);
	return undefined;
}
