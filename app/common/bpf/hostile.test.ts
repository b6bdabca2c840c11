/**
 * A `.bpf.o` comes from an untrusted bundle: truncate and corrupt real objects every way we can
 * enumerate and check that the inspector always answers with ok or a typed error, never throws,
 * never loops and never reaches its `object-internal` backstop.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExampleFixes, buildTestdata, type BuiltObject } from '../../test/fixtures/bpf/build-objects.js';
import { buildBtf, buildElf, buildSymtab, btfInfo } from '../../test/fixtures/bpf/elf-builder.js';
import {
	readElf,
	SHF_EXECINSTR,
	SHT_PROGBITS,
	SHT_STRTAB,
	SHT_SYMTAB,
	STB_GLOBAL,
	STT_FUNC,
	type ElfFile,
	type ElfSection,
} from './elf.js';
import { type ObjectErrorCode } from './errors.js';
import { readObjectInfo } from './object-info.js';

const TYPED: ReadonlySet<ObjectErrorCode> = new Set([
	'elf-not-elf',
	'elf-truncated',
	'elf-corrupt',
	'elf-not-bpf',
	'btf-missing',
	'btf-corrupt',
	'hid-config-corrupt',
	'object-corrupt',
]);

let multi: BuiltObject;
let all: BuiltObject[];

beforeAll(() => {
	const fixtures = buildTestdata();
	multi = fixtures.get('0010-Multi__Everything.bpf.o') as BuiltObject;
	all = [...fixtures.values(), ...buildExampleFixes()];
});

/** 'ok' or the error code; fails the test on anything untyped. */
function outcome(bytes: Uint8Array): string {
	const r = readObjectInfo(bytes);
	if (r.ok) return 'ok';
	if (!TYPED.has(r.error.code) || r.error.message === '') {
		throw new Error(`untyped outcome ${r.error.code}: ${r.error.message}`);
	}
	return r.error.code;
}

function elfOf(bytes: Uint8Array): ElfFile {
	const r = readElf(bytes);
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

function section(bytes: Uint8Array, name: string): ElfSection {
	const s = elfOf(bytes).sectionByName(name);
	if (!s) throw new Error(`no ${name}`);
	return s;
}

function patched(bytes: Uint8Array, at: number, value: number, width: 1 | 2 | 4 | 8): Uint8Array {
	const copy = bytes.slice();
	const v = new DataView(copy.buffer);
	if (width === 1) v.setUint8(at, value & 0xff);
	else if (width === 2) v.setUint16(at, value & 0xffff, true);
	else if (width === 4) v.setUint32(at, value >>> 0, true);
	else v.setBigUint64(at, BigInt(value), true);
	return copy;
}

/** Deterministic PRNG (xorshift32) so a failure reproduces. */
function rng(seed: number) {
	let x = seed >>> 0 || 1;
	return (n: number) => {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		return x % n;
	};
}

describe('hostile objects', () => {
	it('every real object parses, and every truncation of it is a typed error', () => {
		for (const o of all) {
			expect(outcome(o.bytes), o.name).toBe('ok');
			const seen = new Set<string>();
			for (let len = 0; len < o.bytes.length; len++) {
				const code = outcome(o.bytes.subarray(0, len));
				expect(code, `${o.name} cut at ${len}`).not.toBe('ok');
				seen.add(code);
			}
			expect([...seen].sort(), o.name).toEqual(['elf-not-elf', 'elf-truncated']);
		}
	});

	it('maps each ELF identification and header field to its error', () => {
		const b = multi.bytes;
		expect(outcome(patched(b, 0, 0x7e, 1))).toBe('elf-not-elf');
		expect(outcome(patched(b, 4, 1, 1))).toBe('elf-not-bpf');
		expect(outcome(patched(b, 4, 3, 1))).toBe('elf-not-elf');
		expect(outcome(patched(b, 5, 2, 1))).toBe('elf-not-bpf');
		expect(outcome(patched(b, 6, 0, 1))).toBe('elf-not-elf');
		expect(outcome(patched(b, 16, 2, 2))).toBe('elf-not-bpf');
		expect(outcome(patched(b, 18, 62, 2))).toBe('elf-not-bpf');
		expect(outcome(patched(b, 20, 2, 4))).toBe('elf-not-elf');
		expect(outcome(patched(b, 40, 0, 8))).toBe('elf-corrupt');
		expect(outcome(patched(b, 40, b.length, 8))).toBe('elf-truncated');
		expect(outcome(patched(b, 40, 2 ** 60, 8))).toBe('elf-corrupt');
		expect(outcome(patched(b, 52, 52, 2))).toBe('elf-corrupt');
		expect(outcome(patched(b, 58, 40, 2))).toBe('elf-corrupt');
		expect(outcome(patched(b, 60, 0xfffe, 2))).toBe('elf-truncated');
		expect(outcome(patched(b, 62, 0, 2))).toBe('elf-corrupt');
		expect(outcome(patched(b, 62, 0xfffe, 2))).toBe('elf-corrupt');
	});

	it('survives every ELF header byte set to every interesting value', () => {
		const seen = new Set<string>();
		for (let at = 0; at < 64; at++) {
			for (const v of [0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff])
				seen.add(outcome(patched(multi.bytes, at, v, 1)));
		}
		expect([...seen].sort()).toEqual([
			'btf-missing',
			'elf-corrupt',
			'elf-not-bpf',
			'elf-not-elf',
			'elf-truncated',
			'ok',
		]);
	});

	it('survives every section header word set to 0, 1, the file size and all-ones', () => {
		const b = multi.bytes;
		const shoff = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(40, true));
		const shnum = new DataView(b.buffer, b.byteOffset).getUint16(60, true);
		const seen = new Set<string>();
		for (let at = shoff; at < shoff + shnum * 64; at += 4) {
			for (const v of [0, 1, b.length, 0xffffffff]) seen.add(outcome(patched(b, at, v, 4)));
		}
		expect([...seen].sort()).toEqual(
			expect.arrayContaining(['btf-corrupt', 'btf-missing', 'elf-corrupt', 'elf-truncated', 'ok']),
		);
	});

	it('survives every symbol table field corrupted', () => {
		const b = multi.bytes;
		const symtab = section(b, '.symtab');
		const seen = new Set<string>();
		for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 2) {
			for (const v of [0, 0xffff, 0xfff1]) seen.add(outcome(patched(b, at, v, 2)));
		}
		expect([...seen]).toEqual(expect.arrayContaining(['elf-corrupt', 'object-corrupt', 'ok']));
	});

	it('survives every .BTF header and type word corrupted', () => {
		const b = multi.bytes;
		const btf = section(b, '.BTF');
		const seen = new Set<string>();
		for (let at = btf.offset; at < btf.offset + btf.size; at += 4) {
			for (const v of [0, 1, 7, 0x0f000001, 0x13000002, 0x7fffffff, 0xffffffff])
				seen.add(outcome(patched(b, at, v, 4)));
		}
		expect([...seen].sort()).toEqual(
			expect.arrayContaining(['btf-corrupt', 'hid-config-corrupt', 'object-corrupt', 'ok']),
		);
	});

	it('survives corrupted struct_ops relocations, program sections, maps and CO-RE records', () => {
		const b = multi.bytes;
		for (const name of [
			'.rel.struct_ops.link',
			'.struct_ops.link',
			'.relsyscall',
			'syscall',
			'.maps',
			'.BTF.ext',
		]) {
			const s = section(b, name);
			for (let at = s.offset; at < s.offset + s.size; at++) {
				for (const v of [0x00, 0x07, 0x85, 0xff]) outcome(patched(b, at, v, 1));
			}
		}
		// A program whose symbol size reaches into the next program could hide code from the scan.
		const elf = elfOf(b);
		const probe = elf.symbols.find((x) => x.name === 'probe') as { index: number };
		const symtab = section(b, '.symtab');
		const overlapping = readObjectInfo(patched(b, symtab.offset + probe.index * 24 + 16, 0x40, 8));
		expect(overlapping.ok ? 'ok' : overlapping.error).toEqual({
			code: 'object-corrupt',
			message: 'function probe overlaps the next one in syscall',
		});
		const misaligned = readObjectInfo(patched(b, symtab.offset + probe.index * 24 + 16, 0x3c, 8));
		expect(misaligned.ok ? 'ok' : misaligned.error).toEqual({
			code: 'object-corrupt',
			message: 'function probe is not aligned to 8-byte instructions',
		});
		// Rename switch_mode to probe: the string table holds "probe" already.
		const switchMode = elf.symbols.find((x) => x.name === 'switch_mode') as { index: number };
		const probeName = new DataView(b.buffer, b.byteOffset).getUint32(symtab.offset + probe.index * 24, true);
		const twins = readObjectInfo(patched(b, symtab.offset + switchMode.index * 24, probeName, 4));
		expect(twins.ok ? 'ok' : twins.error).toEqual({
			code: 'object-corrupt',
			message: 'two functions are named probe',
		});
		const rel = section(b, '.rel.struct_ops.link');
		expect(outcome(patched(b, rel.offset, 0x1c, 8))).toBe('object-corrupt');
	});

	it('survives random byte mutations of every real object', () => {
		const next = rng(0x5eed);
		const seen = new Set<string>();
		for (const o of all) {
			for (let round = 0; round < 1500; round++) {
				const copy = o.bytes.slice();
				const n = 1 + next(16);
				for (let i = 0; i < n; i++) copy[next(copy.length)] = next(256);
				seen.add(outcome(copy));
			}
		}
		expect(seen.size).toBeGreaterThan(3);
	});

	it('survives random bytes behind a valid BPF ELF header', () => {
		const next = rng(0xb7f);
		const seen = new Set<string>();
		for (let round = 0; round < 2000; round++) {
			const junk = new Uint8Array(64 + next(4096)).map(() => next(256));
			junk.set(multi.bytes.subarray(0, 40));
			junk.set(multi.bytes.subarray(48, 64), 48);
			// Point the section headers somewhere inside the junk.
			new DataView(junk.buffer).setBigUint64(40, BigInt(next(junk.length)), true);
			seen.add(outcome(junk));
		}
		expect(seen.has('ok')).toBe(false);
	});
});

/**
 * Generous on purpose (CI machines are shared): each case takes well under a second when linear,
 * and the quadratic versions these tests caught took 20 s and more.
 */
const LINEAR_MS = 10_000;

/** Wall time of one call, in ms. */
function timed<T>(f: () => T): { value: T; ms: number } {
	const t0 = performance.now();
	const value = f();
	return { value, ms: performance.now() - t0 };
}

describe('hostile sizes stay linear', () => {
	const realBtf = () => {
		const elf = elfOf(multi.bytes);
		const s = elf.sectionByName('.BTF') as ElfSection;
		return elf.sectionData(s) as Uint8Array;
	};

	it('20,000 program sections with one program each', () => {
		const n = 20_000;
		const code = new Uint8Array([0x95, 0, 0, 0, 0, 0, 0, 0]); // exit
		const sections = Array.from({ length: n }, (_, i) => ({
			name: `kprobe/f${i}`,
			type: SHT_PROGBITS,
			flags: SHF_EXECINSTR | 2,
			data: code,
		}));
		const { symtab, strtab } = buildSymtab(
			sections.map((_, i) => ({
				name: `f${i}`,
				value: 0,
				size: 8,
				type: STT_FUNC,
				bind: STB_GLOBAL,
				shndx: i + 1,
			})),
		);
		const bytes = buildElf([
			...sections,
			{ name: '.BTF', type: SHT_PROGBITS, data: realBtf() },
			{ name: '.strtab', type: SHT_STRTAB, data: strtab },
			{ name: '.symtab', type: SHT_SYMTAB, data: symtab, link: n + 2, entsize: 24 },
		]);
		const { value: r, ms } = timed(() => readObjectInfo(bytes));
		expect(r.ok && r.value.programs.length).toBe(n);
		expect(ms).toBeLessThan(LINEAR_MS);
	});

	it('cuts long symbol names, and refuses files whose names exceed the decode budget', () => {
		const long = Uint8Array.from({ length: 200_002 }, (_, i) => (i === 0 || i === 200_001 ? 0 : 0x41));
		const withSymbols = (n: number) => {
			const { symtab } = buildSymtab(
				Array.from({ length: n }, () => ({
					name: '',
					value: 0,
					size: 0,
					type: 1,
					bind: STB_GLOBAL,
					shndx: 0,
				})),
			);
			// Every symbol name points into one 200 KB run of 'A's.
			const v = new DataView(symtab.buffer);
			for (let i = 1; i <= n; i++) v.setUint32(i * 24, 1 + (i % 1000), true);
			return buildElf([
				{ name: '.BTF', type: SHT_PROGBITS, data: realBtf() },
				{ name: '.strtab', type: SHT_STRTAB, data: long },
				{ name: '.symtab', type: SHT_SYMTAB, data: symtab, link: 2, entsize: 24 },
			]);
		};
		const few = readElf(withSymbols(1000));
		expect(few.ok && few.value.symbols[1]?.name).toBe(`${'A'.repeat(512)}…`);
		const manyBytes = withSymbols(40_000);
		const { value: many, ms } = timed(() => readElf(manyBytes));
		expect(many.ok ? 'ok' : many.error.message).toMatch(/^names exceed 4194304 bytes in total/);
		expect(ms).toBeLessThan(LINEAR_MS);
	});

	it('65,535 maps sharing one 65,535-member struct are refused quickly', () => {
		const n = 0xffff;
		// [1] int, [2] struct of n ints, [3] VAR m -> 2, [4] DATASEC .maps with n entries -> 3
		const words = [1, btfInfo(1), 4, 32 | (1 << 24)];
		words.push(0, btfInfo(4, n), 4 * n);
		for (let i = 0; i < n; i++) words.push(5, 1, i * 32);
		words.push(5, btfInfo(14), 2, 1);
		words.push(7, btfInfo(15, n), 0);
		for (let i = 0; i < n; i++) words.push(3, 0, 0);
		const btf = buildBtf(words, '\0int\0m\0.maps\0');
		const elf = buildElf([{ name: '.BTF', type: SHT_PROGBITS, data: btf }]);
		const { value: r, ms } = timed(() => readObjectInfo(elf));
		expect(r.ok ? 'ok' : r.error).toEqual({ code: 'object-corrupt', message: 'more than 1024 maps' });
		expect(ms).toBeLessThan(LINEAR_MS);
	});

	it('200,000 DATASECs with one name', () => {
		const words: number[] = [];
		for (let i = 0; i < 200_000; i++) words.push(1, btfInfo(15), 0);
		const btf = buildBtf(words, '\0.maps\0');
		const elf = buildElf([{ name: '.BTF', type: SHT_PROGBITS, data: btf }]);
		const { value: r, ms } = timed(() => readObjectInfo(elf));
		expect(r.ok && r.value.maps).toEqual([]);
		expect(ms).toBeLessThan(LINEAR_MS);
	});
});
