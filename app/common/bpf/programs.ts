/**
 * Programs of a BPF object: every FUNC symbol in an executable section other than `.text` (which
 * holds subprograms), as libbpf enumerates them, with what each one calls.
 */
import { Bytes } from './bytes.js';
import {
	SHF_EXECINSTR,
	SHN_UNDEF,
	STT_FUNC,
	type ElfFile,
	type ElfRelocation,
	type ElfSection,
	type ElfSymbol,
} from './elf.js';
import { objectError, type ObjectError } from './errors.js';
import { err, ok, type Result } from '../result.js';
import { type StructOpsInfo } from './struct-ops.js';

/**
 * libbpf section prefix. The HID-BPF ones are listed for readers and editors; any other prefix
 * (kprobe, fentry, …) is kept verbatim so the capability list can flag it.
 */
export type ProgramKind =
	'struct_ops' | 'struct_ops.s' | 'syscall' | 'fmod_ret' | 'fmod_ret.s' | (string & {});

export interface BpfProgramInfo {
	readonly name: string;
	readonly section: string;
	/** Section prefix before the first '/': `struct_ops`, `struct_ops.s`, `syscall`, `fmod_ret`, … */
	readonly kind: ProgramKind;
	/**
	 * The HID-BPF hook it implements (`hid_device_event`, `hid_rdesc_fixup`, `hid_hw_request`,
	 * `hid_hw_output_report`): the struct_ops member it is assigned to, or for the tracing API the
	 * `fmod_ret/hid_bpf_*` target; any other attach target verbatim; null when it has none.
	 */
	readonly hook: string | null;
	readonly sleepable: boolean;
	/** Undefined (kfunc or other extern) symbols it calls directly (not through subprograms), sorted. */
	readonly calls: readonly string[];
	/**
	 * BPF helpers it calls directly, by name where known (`bpf_ringbuf_output`) else `helper#N`,
	 * sorted. Calls made from `.text` subprograms are listed under BpfObjectInfo.subprograms.
	 */
	readonly helpers: readonly string[];
}

/** Legacy 6.3–6.10 attach points and the struct_ops hook they became. */
const TRACING_HOOKS: Readonly<Record<string, string>> = {
	hid_bpf_device_event: 'hid_device_event',
	hid_bpf_rdesc_fixup: 'hid_rdesc_fixup',
};

/** Helper ids (enum bpf_func_id) worth naming to a user; others are shown by number. */
const HELPERS: Readonly<Record<number, string>> = {
	1: 'bpf_map_lookup_elem',
	2: 'bpf_map_update_elem',
	3: 'bpf_map_delete_elem',
	4: 'bpf_probe_read',
	6: 'bpf_trace_printk',
	12: 'bpf_tail_call',
	16: 'bpf_get_current_comm',
	25: 'bpf_perf_event_output',
	35: 'bpf_get_current_task',
	36: 'bpf_probe_write_user',
	45: 'bpf_probe_read_str',
	58: 'bpf_override_return',
	109: 'bpf_send_signal',
	112: 'bpf_probe_read_user',
	113: 'bpf_probe_read_kernel',
	114: 'bpf_probe_read_user_str',
	115: 'bpf_probe_read_kernel_str',
	117: 'bpf_send_signal_thread',
	130: 'bpf_ringbuf_output',
	131: 'bpf_ringbuf_reserve',
	132: 'bpf_ringbuf_submit',
	133: 'bpf_ringbuf_discard',
	147: 'bpf_d_path',
	148: 'bpf_copy_from_user',
	165: 'bpf_snprintf',
	166: 'bpf_sys_bpf',
	177: 'bpf_trace_vprintk',
	191: 'bpf_copy_from_user_task',
	198: 'bpf_ringbuf_reserve_dynptr',
	209: 'bpf_user_ringbuf_drain',
};

export function helperName(id: number): string {
	return HELPERS[id] ?? `helper#${id}`;
}

const BPF_CALL = 0x85;
const BPF_LD_IMM64 = 0x18;

/** Sleepable sections: libbpf's `.s` suffix, and `syscall`, which libbpf always loads sleepable. */
export function isSleepableKind(kind: string): boolean {
	return kind.endsWith('.s') || kind === 'syscall';
}

/** A BPF-to-BPF function in `.text`: not loaded on its own, but part of every program calling it. */
export interface BpfSubprogramInfo {
	readonly name: string;
	readonly calls: readonly string[];
	readonly helpers: readonly string[];
}

interface CodeRange {
	readonly name: string;
	readonly calls: string[];
	readonly helpers: string[];
}

/** FUNC symbols of an executable section with what each calls, in address order. */
function scanFunctions(
	elf: ElfFile,
	section: ElfSection,
	funcsOf: ReadonlyMap<number, ElfSymbol[]>,
): Result<CodeRange[], ObjectError> {
	const funcs = [...(funcsOf.get(section.index) ?? [])].sort((a, b) => a.value - b.value);
	const code = new Bytes(elf.sectionData(section) ?? new Uint8Array());
	const relocs = [...(elf.relocations.get(section.index) ?? [])].sort((a, b) => a.offset - b.offset);
	const out: CodeRange[] = [];
	for (const [i, f] of funcs.entries()) {
		// libbpf refuses programs that extend past their section or split an instruction; so do we.
		if (f.value > section.size || f.size > section.size - f.value) {
			return err(objectError('object-corrupt', `function ${f.name} extends past the end of ${section.name}`));
		}
		if (f.value % 8 !== 0 || f.size % 8 !== 0) {
			return err(objectError('object-corrupt', `function ${f.name} is not aligned to 8-byte instructions`));
		}
		// libbpf loads exactly [value, value + size); overlapping functions never come from clang and
		// would let code hide from a per-function scan, so they are refused. Size 0 runs to the next one.
		const next = funcs[i + 1]?.value ?? section.size;
		if (f.size > 0 && f.value + f.size > next) {
			return err(
				objectError('object-corrupt', `function ${f.name} overlaps the next one in ${section.name}`),
			);
		}
		const end = f.size > 0 ? f.value + f.size : next;
		out.push({
			name: f.name,
			calls: externCalls(relocs, f.value, end),
			helpers: helperCalls(code, f.value, end),
		});
	}
	return ok(out);
}

export function readPrograms(
	elf: ElfFile,
	structOps: readonly StructOpsInfo[],
): Result<{ programs: BpfProgramInfo[]; subprograms: BpfSubprogramInfo[] }, ObjectError> {
	const hookOf = new Map<string, string>();
	for (const ops of structOps)
		for (const m of ops.members) if (!hookOf.has(m.program)) hookOf.set(m.program, m.member);
	const programs: BpfProgramInfo[] = [];
	const subprograms: BpfSubprogramInfo[] = [];
	// Grouped once: a hostile file may pair thousands of sections with thousands of symbols.
	const funcsOf = new Map<number, ElfSymbol[]>();
	for (const s of elf.symbols) {
		if (s.type !== STT_FUNC) continue;
		const list = funcsOf.get(s.shndx);
		if (list) list.push(s);
		else funcsOf.set(s.shndx, [s]);
	}
	for (const section of elf.sections) {
		if ((section.flags & SHF_EXECINSTR) === 0) continue;
		const funcs = scanFunctions(elf, section, funcsOf);
		if (!funcs.ok) return funcs;
		if (section.name === '.text') {
			subprograms.push(...funcs.value);
			continue;
		}
		const slash = section.name.indexOf('/');
		const kind = slash < 0 ? section.name : section.name.slice(0, slash);
		const target = slash < 0 ? '' : section.name.slice(slash + 1);
		const structOpsKind = kind === 'struct_ops' || kind === 'struct_ops.s';
		for (const f of funcs.value) {
			programs.push({
				name: f.name,
				section: section.name,
				kind,
				hook: structOpsKind ? (hookOf.get(f.name) ?? null) : (TRACING_HOOKS[target] ?? (target || null)),
				sleepable: isSleepableKind(kind),
				calls: f.calls,
				helpers: f.helpers,
			});
		}
	}
	// Struct_ops members and pins refer to programs by name; two functions with one name (which one
	// C translation unit cannot produce) would make the hook list ambiguous.
	const names = new Set<string>();
	for (const f of [...programs, ...subprograms]) {
		if (names.has(f.name)) return err(objectError('object-corrupt', `two functions are named ${f.name}`));
		names.add(f.name);
	}
	return ok({ programs, subprograms });
}

function externCalls(sorted: readonly ElfRelocation[], start: number, end: number): string[] {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((sorted[mid] as ElfRelocation).offset < start) lo = mid + 1;
		else hi = mid;
	}
	const names = new Set<string>();
	for (let i = lo; i < sorted.length; i++) {
		const r = sorted[i] as ElfRelocation;
		if (r.offset >= end) break;
		if (r.symbol.shndx === SHN_UNDEF && r.symbol.name !== '') names.add(r.symbol.name);
	}
	return [...names].sort();
}

/** Scans 8-byte instructions for `call imm` with src_reg 0 (a helper; 1 = subprogram, 2 = kfunc). */
function helperCalls(code: Bytes, start: number, end: number): string[] {
	const names = new Set<string>();
	for (let pc = start; pc + 8 <= end && code.fits(pc, 8); pc += 8) {
		const op = code.u8(pc);
		if (op === BPF_LD_IMM64) {
			pc += 8;
			continue;
		}
		if (op !== BPF_CALL || (code.u8(pc + 1) ?? 0) >> 4 !== 0) continue;
		names.add(helperName(code.i32(pc + 4) ?? 0));
	}
	return [...names].sort();
}
