import { beforeAll, describe, expect, it } from 'vitest';
import { buildExampleFixes, buildTestdata, type BuiltObject } from '../../test/fixtures/bpf/build-objects.js';
import { readobj } from '../../test/fixtures/bpf/bpftool-view.js';
import { readElf, STT_SECTION, type ElfFile } from './elf.js';

let objects: BuiltObject[];

beforeAll(() => {
	objects = [...buildTestdata().values(), ...buildExampleFixes()];
});

function elfOf(o: BuiltObject): ElfFile {
	const r = readElf(o.bytes);
	if (!r.ok) throw new Error(`${o.name}: ${r.error.message}`);
	return r.value;
}

describe('readElf agrees with llvm-readobj on every real object', () => {
	it('section headers', () => {
		for (const o of objects) {
			const expected = readobj(o.path).Sections.map(({ Section: s }) => ({
				index: s.Index,
				name: s.Name.Name,
				type: s.Type.Value,
				flags: s.Flags.Value,
				offset: s.Offset,
				size: s.Size,
				link: s.Link,
				info: s.Info,
				entsize: s.EntrySize,
			}));
			expect(elfOf(o).sections, o.name).toEqual(expected);
		}
	});

	it('symbols (section symbols are named after their section by llvm-readobj, unnamed in the file)', () => {
		for (const o of objects) {
			const expected = readobj(o.path).Symbols.map(({ Symbol: s }) => ({
				name: s.Type.Value === STT_SECTION ? '' : s.Name.Name,
				value: s.Value,
				size: s.Size,
				type: s.Type.Value,
				bind: s.Binding.Value,
				shndx: s.Section.Value,
			}));
			const ours = elfOf(o).symbols.map(({ index: _i, ...rest }) => rest);
			expect(ours, o.name).toEqual(expected);
		}
	});

	it('relocations, keyed by the section they apply to', () => {
		for (const o of objects) {
			const ro = readobj(o.path);
			const target = new Map(ro.Sections.map((s) => [s.Section.Index, s.Section.Info]));
			const expected = new Map<number, string[]>();
			for (const r of ro.Relocations) {
				const t = target.get(r.SectionIndex) ?? -1;
				expected.set(t, [
					...(expected.get(t) ?? []),
					...r.Relocs.map(
						(x) => `${x.Relocation.Offset}:${x.Relocation.Type.Value}:${x.Relocation.Symbol.Name}`,
					),
				]);
			}
			const elf = elfOf(o);
			const ours = new Map(
				[...elf.relocations].map(([t, rs]) => [
					t,
					rs.map((r) => {
						const name =
							r.symbol.type === STT_SECTION ? (elf.sections[r.symbol.shndx]?.name ?? '?') : r.symbol.name;
						return `${r.offset}:${r.type}:${name}`;
					}),
				]),
			);
			expect(ours, o.name).toEqual(expected);
		}
	});

	it('reads an object that starts inside a larger buffer', () => {
		const o = objects[0] as BuiltObject;
		const padded = new Uint8Array(o.bytes.length + 5);
		padded.set(o.bytes, 3);
		const inner = padded.subarray(3, 3 + o.bytes.length);
		expect(elfOf({ ...o, bytes: inner }).sections).toEqual(elfOf(o).sections);
	});
});
