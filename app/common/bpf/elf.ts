/**
 * A bounds-checked reader for ELF64 little-endian relocatable BPF objects (what clang -target bpf
 * emits): header, section headers and names, the symbol table and REL/RELA relocations.
 *
 * Every offset and count comes from an untrusted bundle; each table's range is checked against the
 * file once, before any field inside it is read. Layout: the System V gABI, "ELF-64 Object File
 * Format"; EM_BPF = 247.
 */
import { Bytes, cString, NAME_BUDGET, type NameBudget } from './bytes.js';
import { objectError, type ObjectError } from './errors.js';
import { err, ok, type Result } from '../result.js';

export const EM_BPF = 247;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHF_EXECINSTR = 0x4;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const SHN_UNDEF = 0;

/** Far above any BPF object (hundreds at most); bounds the work on hostile input. */
export const MAX_SYMBOLS = 65536;
/** Likewise for relocations (debug info included: a few thousand in a large fix). */
export const MAX_RELOCATIONS = 262144;
const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;
const REL_SIZE = 16;
const RELA_SIZE = 24;
const SHN_LORESERVE = 0xff00;
const SHN_XINDEX = 0xffff;

export interface ElfSection {
	readonly index: number;
	readonly name: string;
	readonly type: number;
	readonly flags: number;
	readonly offset: number;
	readonly size: number;
	readonly link: number;
	readonly info: number;
	readonly entsize: number;
}

export interface ElfSymbol {
	readonly index: number;
	readonly name: string;
	readonly value: number;
	readonly size: number;
	/** STT_* */
	readonly type: number;
	/** STB_* */
	readonly bind: number;
	/** Section index, SHN_UNDEF (0) for externs, or a reserved index (≥ 0xff00). */
	readonly shndx: number;
}

export interface ElfRelocation {
	readonly offset: number;
	readonly symbol: ElfSymbol;
	readonly type: number;
}

export interface ElfFile {
	readonly sections: readonly ElfSection[];
	readonly symbols: readonly ElfSymbol[];
	/** Relocations keyed by the index of the section they apply to (REL/RELA sh_info). */
	readonly relocations: ReadonlyMap<number, readonly ElfRelocation[]>;
	/** File bytes of a section; undefined for SHT_NOBITS (e.g. .bss), whose contents are zero. */
	sectionData(section: ElfSection): Uint8Array | undefined;
	sectionByName(name: string): ElfSection | undefined;
}

type R<T> = Result<T, ObjectError>;
const fail = (code: ObjectError['code'], message: string) => err(objectError(code, message));

/** Parses and validates an ELF64 LE BPF relocatable object. */
export function readElf(input: Uint8Array): R<ElfFile> {
	const b = new Bytes(input);
	const header = readHeader(b);
	if (!header.ok) return header;
	const { shoff, shnum, shstrndx } = header.value;

	const budget: NameBudget = { left: NAME_BUDGET };
	const sections = readSections(b, shoff, shnum, shstrndx, budget);
	if (!sections.ok) return sections;
	const secs = sections.value;

	const symbols = readSymbols(b, secs, budget);
	if (!symbols.ok) return symbols;

	const relocations = readRelocations(b, secs, symbols.value);
	if (!relocations.ok) return relocations;

	// clang never emits two sections with one name in a BPF object; a duplicate could make two
	// readers (ours, libbpf's) disagree about which `.hid_bpf_config` or `license` counts.
	const byName = new Map<string, ElfSection>();
	for (const s of secs) {
		if (s.index === 0) continue;
		if (byName.has(s.name)) return fail('elf-corrupt', `duplicate section name ${s.name}`);
		byName.set(s.name, s);
	}

	return ok({
		sections: secs,
		symbols: symbols.value,
		relocations: relocations.value,
		sectionData: (s) => (s.type === SHT_NOBITS ? undefined : b.slice(s.offset, s.size)),
		sectionByName: (name) => byName.get(name),
	});
}

function readHeader(b: Bytes): R<{ shoff: number; shnum: number; shstrndx: number }> {
	if (b.u8(0) !== 0x7f || b.u8(1) !== 0x45 || b.u8(2) !== 0x4c || b.u8(3) !== 0x46) {
		return fail('elf-not-elf', 'not an ELF file (bad magic)');
	}
	const cls = b.u8(4);
	const data = b.u8(5);
	const version = b.u8(6);
	if (cls === undefined || data === undefined || version === undefined) {
		return fail('elf-truncated', 'ELF identification is cut short');
	}
	if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2) || version !== 1) {
		return fail('elf-not-elf', `not a valid ELF file (class ${cls}, data ${data}, version ${version})`);
	}
	if (cls !== 2 || data !== 1) {
		return fail('elf-not-bpf', 'only 64-bit little-endian BPF objects are supported');
	}
	if (!b.fits(0, EHDR_SIZE))
		return fail('elf-truncated', `ELF header needs ${EHDR_SIZE} bytes, file has ${b.length}`);

	const type = b.u16(16);
	const machine = b.u16(18);
	if (machine !== EM_BPF) return fail('elf-not-bpf', `ELF machine is ${machine}, not BPF (${EM_BPF})`);
	if (type !== 1) return fail('elf-not-bpf', `ELF type ${type} is not a relocatable object (ET_REL)`);
	if (b.u32(20) !== 1) return fail('elf-not-elf', 'unsupported ELF version');

	const shoff = b.u64(40);
	const ehsize = b.u16(52);
	const shentsize = b.u16(58);
	let shnum = b.u16(60);
	let shstrndx = b.u16(62);
	if (shoff === undefined || shnum === undefined || shstrndx === undefined) {
		return fail('elf-corrupt', 'section header offset out of range');
	}
	if (ehsize !== EHDR_SIZE) return fail('elf-corrupt', `ELF header size ${ehsize} is not ${EHDR_SIZE}`);
	if (shoff === 0) return fail('elf-corrupt', 'object has no section headers');
	if (shentsize !== SHDR_SIZE)
		return fail('elf-corrupt', `section header size ${shentsize} is not ${SHDR_SIZE}`);
	if (!b.fits(shoff, SHDR_SIZE))
		return fail('elf-truncated', 'section header table lies past the end of the file');
	// gABI extended numbering: counts that do not fit 16 bits live in section 0.
	if (shnum === 0) shnum = b.u64(shoff + 32) ?? -1;
	if (shstrndx === SHN_XINDEX) shstrndx = b.u32(shoff + 40) ?? -1;
	if (shnum <= 0 || !b.fits(shoff, shnum * SHDR_SIZE)) {
		return fail('elf-truncated', `section header table (${shnum} entries) lies past the end of the file`);
	}
	if (shnum >= SHN_LORESERVE)
		return fail('elf-corrupt', `${shnum} sections is more than a BPF object can have`);
	if (shstrndx <= 0 || shstrndx >= shnum)
		return fail('elf-corrupt', `section name table index ${shstrndx} is invalid`);
	return ok({ shoff, shnum, shstrndx });
}

function readSections(
	b: Bytes,
	shoff: number,
	shnum: number,
	shstrndx: number,
	budget: NameBudget,
): R<ElfSection[]> {
	const raw = [];
	for (let i = 0; i < shnum; i++) {
		const at = shoff + i * SHDR_SIZE;
		const fields = {
			nameOff: b.u32(at) ?? -1,
			type: b.u32(at + 4) ?? -1,
			flags: b.u64(at + 8),
			offset: b.u64(at + 24),
			size: b.u64(at + 32),
			link: b.u32(at + 40) ?? -1,
			info: b.u32(at + 44) ?? -1,
			entsize: b.u64(at + 56),
		};
		if (
			fields.flags === undefined ||
			fields.offset === undefined ||
			fields.size === undefined ||
			fields.entsize === undefined
		) {
			return fail('elf-corrupt', `section ${i} has an out-of-range field`);
		}
		if (fields.type !== SHT_NOBITS && !b.fits(fields.offset, fields.size)) {
			return fail(
				'elf-truncated',
				`section ${i} (offset ${fields.offset}, size ${fields.size}) lies past the end of the file`,
			);
		}
		raw.push(fields as typeof fields & { flags: number; offset: number; size: number; entsize: number });
	}
	const strSec = raw[shstrndx];
	const strtab = strSec?.type === SHT_STRTAB ? stringTable(b, strSec) : undefined;
	if (!strtab) return fail('elf-corrupt', 'section name table is not a NUL-terminated string table');
	const out: ElfSection[] = [];
	for (const [index, s] of raw.entries()) {
		const name = index === 0 ? '' : cString(strtab, s.nameOff, budget);
		if (name === undefined) return fail('elf-corrupt', nameProblem(budget, `section ${index}`));
		out.push({
			index,
			name,
			type: s.type,
			flags: s.flags,
			offset: s.offset,
			size: s.size,
			link: s.link,
			info: s.info,
			entsize: s.entsize,
		});
	}
	return ok(out);
}

/** A string table's bytes; gABI: non-empty, first and last byte NUL. */
function stringTable(b: Bytes, s: { offset: number; size: number }): Uint8Array | undefined {
	const t = b.slice(s.offset, s.size);
	return t && t.length > 0 && t[0] === 0 && t[t.length - 1] === 0 ? t : undefined;
}

const nameProblem = (budget: NameBudget, what: string) =>
	budget.left < 0 ? `names exceed ${NAME_BUDGET} bytes in total (at ${what})` : `${what} has an invalid name`;

function readSymbols(b: Bytes, secs: readonly ElfSection[], budget: NameBudget): R<ElfSymbol[]> {
	const tables = secs.filter((s) => s.type === SHT_SYMTAB);
	if (tables.length === 0) return ok([]);
	if (tables.length > 1) return fail('elf-corrupt', 'more than one symbol table');
	const symtab = tables[0] as ElfSection;
	if (symtab.size / SYM_SIZE > MAX_SYMBOLS) return fail('elf-corrupt', `more than ${MAX_SYMBOLS} symbols`);
	if (symtab.entsize !== SYM_SIZE || symtab.size % SYM_SIZE !== 0) {
		return fail('elf-corrupt', `symbol table entry size ${symtab.entsize} is not ${SYM_SIZE}`);
	}
	const strSec = secs[symtab.link];
	const strtab = strSec?.type === SHT_STRTAB ? stringTable(b, strSec) : undefined;
	if (!strtab) return fail('elf-corrupt', 'symbol table does not link to a NUL-terminated string table');
	const out: ElfSymbol[] = [];
	for (let index = 0; index < symtab.size / SYM_SIZE; index++) {
		const at = symtab.offset + index * SYM_SIZE;
		const nameOff = b.u32(at) ?? -1;
		const info = b.u8(at + 4) ?? 0;
		const shndx = b.u16(at + 6) ?? 0;
		const value = b.u64(at + 8);
		const size = b.u64(at + 16);
		const name = nameOff === 0 ? '' : cString(strtab, nameOff, budget);
		if (name === undefined) return fail('elf-corrupt', nameProblem(budget, `symbol ${index}`));
		if (value === undefined || size === undefined)
			return fail('elf-corrupt', `symbol ${index} has an invalid value`);
		if (shndx !== SHN_UNDEF && shndx < SHN_LORESERVE && shndx >= secs.length) {
			return fail('elf-corrupt', `symbol ${name} refers to missing section ${shndx}`);
		}
		out.push({ index, name, value, size, type: info & 0xf, bind: info >> 4, shndx });
	}
	return ok(out);
}

function readRelocations(
	b: Bytes,
	secs: readonly ElfSection[],
	symbols: readonly ElfSymbol[],
): R<Map<number, ElfRelocation[]>> {
	const out = new Map<number, ElfRelocation[]>();
	let total = 0;
	for (const s of secs) {
		if (s.type !== SHT_REL && s.type !== SHT_RELA) continue;
		const entsize = s.type === SHT_REL ? REL_SIZE : RELA_SIZE;
		total += s.size / entsize;
		if (total > MAX_RELOCATIONS) return fail('elf-corrupt', `more than ${MAX_RELOCATIONS} relocations`);
		if (s.entsize !== entsize || s.size % entsize !== 0) {
			return fail(
				'elf-corrupt',
				`relocation section ${s.name} has entry size ${s.entsize}, expected ${entsize}`,
			);
		}
		const target = secs[s.info];
		if (s.info === 0 || !target)
			return fail('elf-corrupt', `relocation section ${s.name} targets missing section ${s.info}`);
		if (secs[s.link]?.type !== SHT_SYMTAB)
			return fail('elf-corrupt', `relocation section ${s.name} does not use the symbol table`);
		const list = out.get(s.info) ?? [];
		for (let i = 0; i < s.size / entsize; i++) {
			const at = s.offset + i * entsize;
			const offset = b.u64(at);
			const info = b.u64Parts(at + 8);
			if (offset === undefined || info === undefined)
				return fail('elf-corrupt', `relocation ${i} in ${s.name} is out of range`);
			const symbol = symbols[info.hi];
			if (!symbol)
				return fail('elf-corrupt', `relocation ${i} in ${s.name} refers to missing symbol ${info.hi}`);
			list.push({ offset, symbol, type: info.lo });
		}
		out.set(s.info, list);
	}
	return ok(out);
}
