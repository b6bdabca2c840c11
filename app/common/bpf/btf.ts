/**
 * A bounds-checked reader for BTF (the BPF Type Format, kernel Documentation/bpf/btf.rst): header,
 * type section with every kind up to ENUM64, and string section.
 *
 * All type references are checked against the type count while parsing, so later walks only need
 * a depth bound to stay finite on cyclic chains.
 */
import { Bytes, cString, NAME_BUDGET, type NameBudget } from './bytes.js';
import { objectError, type ObjectError } from './errors.js';
import { err, ok, type Result } from '../result.js';

export type Linkage = 'static' | 'global' | 'extern';

export interface BtfMember {
	readonly name: string;
	readonly type: number;
	/** Offset of the member from the start of its struct, in bits. */
	readonly bitOffset: number;
	/** Bitfield width (0 = not a bitfield); only set with the kind_flag encoding. */
	readonly bitfieldSize: number;
}

export interface BtfVarSecinfo {
	readonly type: number;
	readonly offset: number;
	readonly size: number;
}

export type BtfType =
	| { readonly kind: 'void'; readonly name: '' }
	| {
			readonly kind: 'int';
			readonly name: string;
			readonly size: number;
			readonly bits: number;
			readonly signed: boolean;
	  }
	| { readonly kind: 'ptr'; readonly name: string; readonly type: number }
	| {
			readonly kind: 'array';
			readonly name: string;
			readonly type: number;
			readonly indexType: number;
			readonly nelems: number;
	  }
	| {
			readonly kind: 'struct' | 'union';
			readonly name: string;
			readonly size: number;
			readonly members: readonly BtfMember[];
	  }
	| {
			readonly kind: 'enum';
			readonly name: string;
			readonly size: number;
			readonly values: readonly { name: string; value: number }[];
	  }
	| { readonly kind: 'fwd'; readonly name: string; readonly union: boolean }
	| {
			readonly kind: 'typedef' | 'volatile' | 'const' | 'restrict' | 'type_tag';
			readonly name: string;
			readonly type: number;
	  }
	| { readonly kind: 'func'; readonly name: string; readonly type: number; readonly linkage: Linkage }
	| {
			readonly kind: 'func_proto';
			readonly name: string;
			readonly returnType: number;
			readonly params: readonly { name: string; type: number }[];
	  }
	| { readonly kind: 'var'; readonly name: string; readonly type: number; readonly linkage: Linkage }
	| {
			readonly kind: 'datasec';
			readonly name: string;
			readonly size: number;
			readonly vars: readonly BtfVarSecinfo[];
	  }
	| { readonly kind: 'float'; readonly name: string; readonly size: number }
	| { readonly kind: 'decl_tag'; readonly name: string; readonly type: number; readonly componentIdx: number }
	| {
			readonly kind: 'enum64';
			readonly name: string;
			readonly size: number;
			readonly values: readonly { name: string; value: bigint }[];
	  };

export type BtfKind = BtfType['kind'];

export interface Btf {
	/** Index = type id; id 0 is void. */
	readonly types: readonly BtfType[];
	/** The DATASEC types with this name (clang emits at most one per ELF section). */
	datasecs(name: string): Extract<BtfType, { kind: 'datasec' }>[];
	/**
	 * A string of the string section (for .BTF.ext, whose records point into it); undefined if the
	 * offset is invalid or the parse's name budget is spent.
	 */
	string(offset: number): string | undefined;
}

/**
 * An object's own BTF holds only the types it uses (hundreds; a few thousand with vmlinux.h). The
 * kernel allows 0xfffff; we stop far earlier to bound the work on hostile input.
 */
export const MAX_OBJECT_TYPES = 200_000;
const MAGIC = 0xeb9f;
const HEADER_MIN = 24;
const KIND_NAMES = [
	'unkn',
	'int',
	'ptr',
	'array',
	'struct',
	'union',
	'enum',
	'fwd',
	'typedef',
	'volatile',
	'const',
	'restrict',
	'func',
	'func_proto',
	'var',
	'datasec',
	'float',
	'decl_tag',
	'type_tag',
	'enum64',
] as const;

type R<T> = Result<T, ObjectError>;
const corrupt = (message: string) => err(objectError('btf-corrupt', message));

/** Parses the raw contents of a `.BTF` section. */
export function readBtf(section: Uint8Array): R<Btf> {
	const b = new Bytes(section);
	if (b.length < HEADER_MIN) return corrupt(`BTF header needs ${HEADER_MIN} bytes, section has ${b.length}`);
	const magic = b.u16(0);
	if (magic === 0x9feb) return corrupt('big-endian BTF is not supported');
	if (magic !== MAGIC) return corrupt('bad BTF magic');
	if (b.u8(2) !== 1) return corrupt(`unsupported BTF version ${b.u8(2)}`);
	const hdrLen = b.u32(4) ?? 0;
	const typeOff = b.u32(8) ?? 0;
	const typeLen = b.u32(12) ?? 0;
	const strOff = b.u32(16) ?? 0;
	const strLen = b.u32(20) ?? 0;
	if (hdrLen < HEADER_MIN || hdrLen > b.length) return corrupt(`BTF header length ${hdrLen} is invalid`);
	const body = b.length - hdrLen;
	if (typeOff % 4 !== 0 || typeLen % 4 !== 0) return corrupt('BTF type section is not 4-byte aligned');
	if (typeOff > body || typeLen > body - typeOff) return corrupt('BTF type section lies outside .BTF');
	if (strOff > body || strLen > body - strOff) return corrupt('BTF string section lies outside .BTF');
	const strings = b.slice(hdrLen + strOff, strLen) ?? new Uint8Array();
	if (strings.length === 0 || strings[0] !== 0 || strings[strings.length - 1] !== 0) {
		return corrupt('BTF string section must start and end with NUL');
	}

	const types: BtfType[] = [{ kind: 'void', name: '' }];
	const budget: NameBudget = { left: NAME_BUDGET };
	const refs: number[] = [];
	const start = hdrLen + typeOff;
	const end = start + typeLen;
	let at = start;
	while (at < end) {
		if (types.length > MAX_OBJECT_TYPES) return corrupt(`more than ${MAX_OBJECT_TYPES} BTF types`);
		const parsed = readType(b, strings, at, end, refs, budget);
		if (!parsed.ok) return corrupt(`type ${types.length}: ${parsed.error}`);
		types.push(parsed.value.type);
		at = parsed.value.next;
	}
	for (const ref of refs) if (ref >= types.length) return corrupt(`reference to missing type ${ref}`);

	const byName = new Map<string, Extract<BtfType, { kind: 'datasec' }>[]>();
	for (const t of types) {
		if (t.kind !== 'datasec') continue;
		const list = byName.get(t.name);
		if (list) list.push(t);
		else byName.set(t.name, [t]);
	}
	return ok({
		types,
		datasecs: (name) => byName.get(name) ?? [],
		string: (offset) => cString(strings, offset, budget),
	});
}

function readType(
	b: Bytes,
	strings: Uint8Array,
	at: number,
	end: number,
	refs: number[],
	budget: NameBudget,
): Result<{ type: BtfType; next: number }, string> {
	const has = (n: number) => at + n <= end;
	if (!has(12)) return err('truncated type header');
	const nameOff = b.u32(at) ?? 0;
	const info = b.u32(at + 4) ?? 0;
	const sizeOrType = b.u32(at + 8) ?? 0;
	const vlen = info & 0xffff;
	const kindNo = (info >>> 24) & 0x1f;
	const kindFlag = info >>> 31 === 1;
	const kind = KIND_NAMES[kindNo];
	if (kind === undefined || kind === 'unkn') return err(`unknown BTF kind ${kindNo}`);
	const name = cString(strings, nameOff, budget);
	if (name === undefined) return err(nameProblem(budget));
	const str = (off: number): string | undefined => cString(strings, off, budget);
	let p = at + 12;
	const ref = (id: number) => {
		refs.push(id);
		return id;
	};
	const need = (n: number): boolean => has(12 + n);

	switch (kind) {
		case 'int': {
			if (!need(4)) return err('truncated INT');
			const data = b.u32(p) ?? 0;
			p += 4;
			return ok({
				type: { kind, name, size: sizeOrType, bits: data & 0xff, signed: ((data >>> 24) & 1) === 1 },
				next: p,
			});
		}
		case 'ptr':
		case 'typedef':
		case 'volatile':
		case 'const':
		case 'restrict':
		case 'type_tag':
			return ok({ type: { kind, name, type: ref(sizeOrType) }, next: p });
		case 'fwd':
			return ok({ type: { kind, name, union: kindFlag }, next: p });
		case 'float':
			return ok({ type: { kind, name, size: sizeOrType }, next: p });
		case 'array': {
			if (!need(12)) return err('truncated ARRAY');
			const type = ref(b.u32(p) ?? 0);
			const indexType = ref(b.u32(p + 4) ?? 0);
			const nelems = b.u32(p + 8) ?? 0;
			return ok({ type: { kind, name, type, indexType, nelems }, next: p + 12 });
		}
		case 'struct':
		case 'union': {
			if (!need(vlen * 12)) return err(`truncated ${kind.toUpperCase()} members`);
			const members: BtfMember[] = [];
			for (let i = 0; i < vlen; i++, p += 12) {
				const mName = str(b.u32(p) ?? 0);
				if (mName === undefined) return err(nameProblem(budget));
				const offset = b.u32(p + 8) ?? 0;
				members.push({
					name: mName,
					type: ref(b.u32(p + 4) ?? 0),
					bitOffset: kindFlag ? offset & 0xffffff : offset,
					bitfieldSize: kindFlag ? offset >>> 24 : 0,
				});
			}
			return ok({ type: { kind, name, size: sizeOrType, members }, next: p });
		}
		case 'enum': {
			if (!need(vlen * 8)) return err('truncated ENUM values');
			const values: { name: string; value: number }[] = [];
			for (let i = 0; i < vlen; i++, p += 8) {
				const vName = str(b.u32(p) ?? 0);
				if (vName === undefined) return err(nameProblem(budget));
				values.push({ name: vName, value: (kindFlag ? b.i32(p + 4) : b.u32(p + 4)) ?? 0 });
			}
			return ok({ type: { kind, name, size: sizeOrType, values }, next: p });
		}
		case 'enum64': {
			if (!need(vlen * 12)) return err('truncated ENUM64 values');
			const values: { name: string; value: bigint }[] = [];
			for (let i = 0; i < vlen; i++, p += 12) {
				const vName = str(b.u32(p) ?? 0);
				if (vName === undefined) return err(nameProblem(budget));
				const raw = (BigInt(b.u32(p + 8) ?? 0) << 32n) | BigInt(b.u32(p + 4) ?? 0);
				values.push({ name: vName, value: kindFlag ? BigInt.asIntN(64, raw) : raw });
			}
			return ok({ type: { kind, name, size: sizeOrType, values }, next: p });
		}
		case 'func': {
			const linkage = linkageOf(vlen);
			if (!linkage) return err(`FUNC ${name} has unknown linkage ${vlen}`);
			return ok({ type: { kind, name, type: ref(sizeOrType), linkage }, next: p });
		}
		case 'func_proto': {
			if (!need(vlen * 8)) return err('truncated FUNC_PROTO params');
			const params: { name: string; type: number }[] = [];
			for (let i = 0; i < vlen; i++, p += 8) {
				const pName = str(b.u32(p) ?? 0);
				if (pName === undefined) return err(nameProblem(budget));
				params.push({ name: pName, type: ref(b.u32(p + 4) ?? 0) });
			}
			return ok({ type: { kind, name, returnType: ref(sizeOrType), params }, next: p });
		}
		case 'var': {
			if (!need(4)) return err('truncated VAR');
			const linkage = linkageOf(b.u32(p) ?? -1);
			if (!linkage) return err(`VAR ${name} has unknown linkage`);
			return ok({ type: { kind, name, type: ref(sizeOrType), linkage }, next: p + 4 });
		}
		case 'datasec': {
			if (!need(vlen * 12)) return err('truncated DATASEC entries');
			const vars: BtfVarSecinfo[] = [];
			for (let i = 0; i < vlen; i++, p += 12) {
				vars.push({ type: ref(b.u32(p) ?? 0), offset: b.u32(p + 4) ?? 0, size: b.u32(p + 8) ?? 0 });
			}
			return ok({ type: { kind, name, size: sizeOrType, vars }, next: p });
		}
		case 'decl_tag': {
			if (!need(4)) return err('truncated DECL_TAG');
			return ok({ type: { kind, name, type: ref(sizeOrType), componentIdx: b.i32(p) ?? -1 }, next: p + 4 });
		}
	}
}

const nameProblem = (budget: NameBudget) =>
	budget.left < 0 ? `names exceed ${NAME_BUDGET} bytes in total` : 'name offset outside the string section';

function linkageOf(n: number): Linkage | undefined {
	return n === 0 ? 'static' : n === 1 ? 'global' : n === 2 ? 'extern' : undefined;
}

/** Chains longer than this are treated as cycles (real objects nest a handful of modifiers). */
export const MAX_CHAIN = 64;

/**
 * Follows typedef/const/volatile/restrict/type_tag from `id` to the underlying type; undefined if
 * the chain is cyclic or longer than MAX_CHAIN.
 */
export function resolveType(btf: Btf, id: number): BtfType | undefined {
	let t = btf.types[id];
	for (let i = 0; t && i < MAX_CHAIN; i++) {
		switch (t.kind) {
			case 'typedef':
			case 'const':
			case 'volatile':
			case 'restrict':
			case 'type_tag':
				t = btf.types[t.type];
				continue;
			default:
				return t;
		}
	}
	return undefined;
}

/** Size in bytes of a type, or undefined if unsized, cyclic or absurd (above 2^32). */
export function typeSize(btf: Btf, id: number, depth = 0): number | undefined {
	if (depth > MAX_CHAIN) return undefined;
	const t = resolveType(btf, id);
	if (!t) return undefined;
	switch (t.kind) {
		case 'int':
		case 'struct':
		case 'union':
		case 'enum':
		case 'enum64':
		case 'float':
		case 'datasec':
			return t.size;
		case 'ptr':
			return 8;
		case 'array': {
			const elem = typeSize(btf, t.type, depth + 1);
			if (elem === undefined) return undefined;
			const total = elem * t.nelems;
			return total <= 0xffff_ffff ? total : undefined;
		}
		default:
			return undefined;
	}
}
