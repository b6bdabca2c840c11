import { beforeAll, describe, expect, it } from 'vitest';
import { buildExampleFixes, buildTestdata, type BuiltObject } from '../../test/fixtures/bpf/build-objects.js';
import { bpftoolTypes } from '../../test/fixtures/bpf/bpftool-view.js';
import { readBtf, resolveType, typeSize, type Btf, type BtfType } from './btf.js';
import { readElf } from './elf.js';

let objects: BuiltObject[];

beforeAll(() => {
	objects = [...buildTestdata().values(), ...buildExampleFixes()];
});

function btfBytes(o: BuiltObject): Uint8Array {
	const elf = readElf(o.bytes);
	if (!elf.ok) throw new Error(elf.error.message);
	const s = elf.value.sectionByName('.BTF');
	const data = s && elf.value.sectionData(s);
	if (!data) throw new Error('no .BTF');
	return data;
}

function btfOf(o: BuiltObject): Btf {
	const r = readBtf(btfBytes(o));
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

/** Our types in bpftool's JSON vocabulary, so a whole dump compares with one toEqual. */
function asBpftool(t: BtfType, id: number): Record<string, unknown> {
	const base = { id, kind: t.kind.toUpperCase(), name: t.name === '' ? '(anon)' : t.name };
	switch (t.kind) {
		case 'void':
			return base;
		case 'int':
			return { ...base, size: t.size, nr_bits: t.bits, signed: t.signed };
		case 'ptr':
		case 'typedef':
		case 'volatile':
		case 'const':
		case 'restrict':
		case 'type_tag':
			return { ...base, type_id: t.type };
		case 'array':
			return { ...base, type_id: t.type, index_type_id: t.indexType, nr_elems: t.nelems };
		case 'struct':
		case 'union':
			return {
				...base,
				size: t.size,
				members: t.members.map((m) => ({
					name: m.name === '' ? '(anon)' : m.name,
					type_id: m.type,
					bits_offset: m.bitOffset,
					...(m.bitfieldSize ? { bitfield_size: m.bitfieldSize } : {}),
				})),
			};
		case 'enum':
			return { ...base, size: t.size, values: t.values.map((v) => ({ name: v.name, val: v.value })) };
		case 'enum64':
			return { ...base, size: t.size, values: t.values.map((v) => ({ name: v.name, val: Number(v.value) })) };
		case 'fwd':
			return { ...base, fwd_kind: t.union ? 'union' : 'struct' };
		case 'func':
			return { ...base, type_id: t.type, linkage: t.linkage };
		case 'func_proto':
			return {
				...base,
				ret_type_id: t.returnType,
				params: t.params.map((p) => ({ name: p.name === '' ? '(anon)' : p.name, type_id: p.type })),
			};
		case 'var':
			return { ...base, type_id: t.type, linkage: t.linkage };
		case 'datasec':
			return {
				...base,
				size: t.size,
				vars: t.vars.map((v) => ({ type_id: v.type, offset: v.offset, size: v.size })),
			};
		case 'float':
			return { ...base, size: t.size };
		case 'decl_tag':
			return { ...base, type_id: t.type, component_idx: t.componentIdx };
	}
}

/** bpftool's dump reduced to the fields we model (vlen is implied by list lengths). */
function fromBpftool(t: Record<string, unknown>): Record<string, unknown> {
	const { vlen: _vlen, bits_offset: _bo, encoding, ...rest } = t;
	if (t.kind === 'INT') return { ...rest, signed: encoding === 'SIGNED' };
	return rest;
}

describe('readBtf', () => {
	it('reads every type of every real object exactly as bpftool dumps it', () => {
		for (const o of objects) {
			const ours = btfOf(o)
				.types.slice(1)
				.map((t, i) => asBpftool(t, i + 1));
			expect(ours, o.name).toEqual(bpftoolTypes(o.path).map(fromBpftool));
		}
	});

	it('covers every BTF kind across the fixtures', () => {
		const kinds = new Set(objects.flatMap((o) => btfOf(o).types.map((t) => t.kind)));
		expect([...kinds].sort()).toEqual(
			[
				'array',
				'const',
				'datasec',
				'decl_tag',
				'enum',
				'enum64',
				'float',
				'func',
				'func_proto',
				'fwd',
				'int',
				'ptr',
				'restrict',
				'struct',
				'type_tag',
				'typedef',
				'union',
				'var',
				'void',
				'volatile',
			].sort(),
		);
	});

	it('resolves modifiers and sizes arrays', () => {
		const o = objects.find((x) => x.name === 'btf-kinds.bpf.o');
		if (!o) throw new Error('btf-kinds not built');
		const btf = btfOf(o);
		const kinds = btf.types.find((t) => t.kind === 'struct' && t.name === 'kinds');
		expect(kinds?.kind === 'struct' && kinds.size).toBe(80);
		const v = kinds?.kind === 'struct' ? kinds.members.find((m) => m.name === 'v') : undefined;
		expect(resolveType(btf, v?.type ?? -1)).toEqual({
			kind: 'int',
			name: 'int',
			size: 4,
			bits: 32,
			signed: true,
		});
		const license = btf.types.findIndex((t) => t.kind === 'var' && t.name === '_license');
		const licenseType = btf.types[license];
		expect(licenseType?.kind === 'var' && typeSize(btf, licenseType.type)).toBe(4);
	});

	it('stops on cyclic modifier chains instead of looping', () => {
		const o = objects.find((x) => x.name === 'btf-kinds.bpf.o');
		if (!o) throw new Error('btf-kinds not built');
		const bytes = btfBytes(o).slice();
		// Point the first TYPEDEF/CONST/VOLATILE at itself: a cycle only a hostile file contains.
		const view = new DataView(bytes.buffer);
		const hdrLen = view.getUint32(4, true);
		const btf = btfOf(o);
		let at = hdrLen + view.getUint32(8, true);
		let patched = -1;
		for (let id = 1; id < btf.types.length; id++) {
			const kind = (view.getUint32(at + 4, true) >>> 24) & 0x1f;
			if (kind === 9 || kind === 10 || kind === 8) {
				view.setUint32(at + 8, id, true);
				patched = id;
				break;
			}
			at += recordSize(btf.types[id] as BtfType);
		}
		expect(patched).toBeGreaterThan(0);
		const r = readBtf(bytes);
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(resolveType(r.value, patched)).toBeUndefined();
			expect(typeSize(r.value, patched)).toBeUndefined();
		}
	});
});

function recordSize(t: BtfType): number {
	switch (t.kind) {
		case 'int':
		case 'var':
		case 'decl_tag':
			return 16;
		case 'array':
			return 24;
		case 'struct':
		case 'union':
			return 12 + 12 * t.members.length;
		case 'enum':
			return 12 + 8 * t.values.length;
		case 'enum64':
			return 12 + 12 * t.values.length;
		case 'func_proto':
			return 12 + 8 * t.params.length;
		case 'datasec':
			return 12 + 12 * t.vars.length;
		default:
			return 12;
	}
}
