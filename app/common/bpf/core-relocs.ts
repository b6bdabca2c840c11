/**
 * Which kernel struct fields the programs touch, from the CO-RE relocations in `.BTF.ext`
 * (kernel Documentation/bpf/btf.rst §4.2, libbpf relo_core.c for the access-string format).
 *
 * Best effort by nature: CO-RE records exist because the headers declare kernel structs with
 * preserve_access_index (bpf/include/hid_bpf.h does), but the verifier would also accept a write
 * at a raw offset without one. A listed write is certain; an absent one proves nothing.
 */
import { resolveType, type Btf } from './btf.js';
import { Bytes } from './bytes.js';
import { SHF_EXECINSTR, STT_FUNC, type ElfFile, type ElfSymbol } from './elf.js';
import { objectError, type ObjectError } from './errors.js';
import { err, ok, type Result } from '../result.js';

/** `read`: a load; `write`: a store; `address`: the field's address is computed (memcpy, pointer). */
export type FieldAccessMode = 'read' | 'write' | 'address';

export interface FieldAccess {
	/** The program or subprogram containing the instruction. */
	readonly function: string;
	readonly section: string;
	/** Root struct and member path, e.g. `hid_device.name` or `hid_bpf_ctx.retval`. */
	readonly field: string;
	readonly mode: FieldAccessMode;
}

const MAGIC = 0xeb9f;
/** enum bpf_core_relo_kind: BPF_CORE_FIELD_BYTE_OFFSET is the one that places an access. */
const FIELD_BYTE_OFFSET = 0;
const MAX_ACCESS_DEPTH = 64;
/** Far above any real object (one per field access); bounds the work on hostile input. */
export const MAX_CORE_RELOCS = 100_000;

export function readFieldAccesses(elf: ElfFile, btf: Btf): Result<FieldAccess[], ObjectError> {
	const bad = (message: string) => err(objectError('btf-corrupt', `.BTF.ext: ${message}`));
	const ext = elf.sectionByName('.BTF.ext');
	const raw = ext && elf.sectionData(ext);
	if (!raw) return ok([]);
	const b = new Bytes(raw);
	if (b.u16(0) !== MAGIC || b.u8(2) !== 1) return bad('bad magic or version');
	const hdrLen = b.u32(4) ?? 0;
	if (hdrLen < 24 || hdrLen > b.length) return bad(`header length ${hdrLen} is invalid`);
	if (hdrLen < 32) return ok([]); // written before CO-RE existed
	const reloOff = b.u32(24) ?? 0;
	const reloLen = b.u32(28) ?? 0;
	if (reloLen === 0) return ok([]);
	const start = hdrLen + reloOff;
	if (!b.fits(start, reloLen)) return bad('CO-RE relocation section lies outside .BTF.ext');
	const end = start + reloLen;
	const recSize = b.u32(start) ?? 0;
	if (recSize < 16 || recSize % 4 !== 0) return bad(`CO-RE record size ${recSize} is invalid`);

	// FUNC symbols per section, sorted once: a hostile file may repeat blocks for one section.
	const funcsOf = new Map<number, ElfSymbol[]>();
	for (const s of elf.symbols) {
		if (s.type !== STT_FUNC) continue;
		const list = funcsOf.get(s.shndx);
		if (list) list.push(s);
		else funcsOf.set(s.shndx, [s]);
	}
	for (const list of funcsOf.values()) list.sort((x, y) => x.value - y.value);
	const seen = new Map<string, FieldAccess>();
	const fieldNames = new Map<string, string>();
	let records = 0;
	for (let at = start + 4; at < end;) {
		if (at + 8 > end) return bad('truncated CO-RE block header');
		const secName = btf.string(b.u32(at) ?? 0);
		const count = b.u32(at + 4) ?? 0;
		at += 8;
		if (count > (end - at) / recSize) return bad('truncated CO-RE records');
		records += count;
		if (records > MAX_CORE_RELOCS) return bad(`more than ${MAX_CORE_RELOCS} CO-RE relocations`);
		const section = secName === undefined ? undefined : elf.sectionByName(secName);
		if (!section || (section.flags & SHF_EXECINSTR) === 0)
			return bad(`records for unknown code section ${secName}`);
		const code = new Bytes(elf.sectionData(section) ?? new Uint8Array());
		const funcs = funcsOf.get(section.index) ?? [];
		for (let i = 0; i < count; i++, at += recSize) {
			const insnOff = b.u32(at) ?? 0;
			const typeId = b.u32(at + 4) ?? 0;
			const accessOff = b.u32(at + 8) ?? 0;
			if ((b.u32(at + 12) ?? -1) !== FIELD_BYTE_OFFSET) continue;
			const op = code.u8(insnOff);
			if (op === undefined || insnOff % 8 !== 0)
				return bad(`relocation at ${insnOff} is outside ${section.name}`);
			const key = `${typeId}:${accessOff}`;
			let field = fieldNames.get(key);
			if (field === undefined) {
				field = fieldPath(btf, typeId, btf.string(accessOff));
				if (field === undefined)
					return bad(`relocation at ${insnOff} in ${section.name} has an invalid access`);
				fieldNames.set(key, field);
			}
			const fn = containing(funcs, insnOff)?.name ?? section.name;
			const mode = modeOf(op);
			const access: FieldAccess = { function: fn, section: section.name, field, mode };
			seen.set(`${fn}\0${field}\0${mode}`, access);
		}
	}
	return ok(
		[...seen.values()].sort(
			(x, y) =>
				x.function.localeCompare(y.function) ||
				x.field.localeCompare(y.field) ||
				x.mode.localeCompare(y.mode),
		),
	);
}

/** BPF instruction class (low 3 bits): LDX = 1, ST = 2, STX = 3; anything else computes an address. */
function modeOf(op: number): FieldAccessMode {
	const cls = op & 0x07;
	return cls === 1 ? 'read' : cls === 2 || cls === 3 ? 'write' : 'address';
}

/** `hid_device.name` from root type + access string "0:5" (first index: array element of the root). */
function fieldPath(btf: Btf, typeId: number, access: string | undefined): string | undefined {
	if (access === undefined || !/^\d+(:\d+)*$/.test(access)) return undefined;
	const parts = access.split(':').map(Number);
	if (parts.length > MAX_ACCESS_DEPTH) return undefined;
	const root = resolveType(btf, typeId);
	if (root?.kind !== 'struct' && root?.kind !== 'union') return undefined;
	let path = root.name || '(anon)';
	if (parts[0] !== 0) path += `[${parts[0]}]`;
	let current = typeId;
	for (const idx of parts.slice(1)) {
		const t = resolveType(btf, current);
		if (t?.kind === 'struct' || t?.kind === 'union') {
			const m = t.members[idx];
			if (!m) return undefined;
			if (m.name) path += `.${m.name}`;
			current = m.type;
		} else if (t?.kind === 'array') {
			path += `[${idx}]`;
			current = t.type;
		} else return undefined;
	}
	return path;
}

function containing(funcs: readonly ElfSymbol[], offset: number): ElfSymbol | undefined {
	let lo = 0;
	let hi = funcs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((funcs[mid] as ElfSymbol).value <= offset) lo = mid + 1;
		else hi = mid;
	}
	const f = funcs[lo - 1];
	return f && offset < f.value + Math.max(f.size, 1) ? f : undefined;
}
