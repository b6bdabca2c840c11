import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestdata, run, type BuiltObject } from '../../test/fixtures/bpf/build-objects.js';
import { readElf, type ElfSection } from './elf.js';
import { readObjectInfo } from './object-info.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let multi: BuiltObject;

beforeAll(() => {
	multi = buildTestdata().get('0010-Multi__Everything.bpf.o') as BuiltObject;
});

function extSection(bytes: Uint8Array): ElfSection {
	const elf = readElf(bytes);
	const s = elf.ok ? elf.value.sectionByName('.BTF.ext') : undefined;
	if (!s) throw new Error('no .BTF.ext');
	return s;
}

describe('CO-RE field accesses', () => {
	it('are empty, and nothing else changes, when llvm-objcopy removes .BTF.ext', () => {
		const out = join(mkdtempSync(join(tmpdir(), 'hidfix-bpf-noext-')), 'noext.bpf.o');
		run('llvm-objcopy-19', ['--remove-section=.BTF.ext', multi.path, out]);
		const stripped = readObjectInfo(new Uint8Array(readFileSync(out)));
		const full = readObjectInfo(multi.bytes);
		expect(stripped.ok && full.ok && { ...full.value, fieldAccesses: [] }).toEqual(
			stripped.ok && stripped.value,
		);
	});

	it('refuses a record whose access string does not walk the type', () => {
		const bytes = multi.bytes.slice();
		const ext = extSection(bytes);
		const v = new DataView(bytes.buffer, ext.offset, ext.size);
		const hdrLen = v.getUint32(4, true);
		const relo = hdrLen + v.getUint32(24, true);
		// First record of the first block: rec_size, sec_name_off, num_info, then insn_off, type_id, access.
		const firstRecord = relo + 4 + 8;
		const insnOff = v.getUint32(firstRecord, true);
		// Point the access string at the section name, which is not "N:N:…".
		v.setUint32(firstRecord + 8, v.getUint32(relo + 4, true), true);
		const r = readObjectInfo(bytes);
		expect(r.ok ? 'ok' : r.error).toEqual({
			code: 'btf-corrupt',
			message: `.BTF.ext: relocation at ${insnOff} in struct_ops/hid_rdesc_fixup has an invalid access`,
		});
	});

	it('refuses records for a section that holds no code', () => {
		const bytes = multi.bytes.slice();
		const ext = extSection(bytes);
		const v = new DataView(bytes.buffer, ext.offset, ext.size);
		const relo = v.getUint32(4, true) + v.getUint32(24, true);
		// Re-point the block's section name at the name of a map variable ("events").
		const elf = readElf(bytes);
		const btfSec = elf.ok ? elf.value.sectionByName('.BTF') : undefined;
		const bv = new DataView(bytes.buffer, btfSec?.offset ?? 0, btfSec?.size ?? 0);
		const strOff = bv.getUint32(4, true) + bv.getUint32(16, true);
		const strings = bytes.subarray(
			(btfSec?.offset ?? 0) + strOff,
			(btfSec?.offset ?? 0) + strOff + bv.getUint32(20, true),
		);
		const events = Buffer.from(strings).indexOf('\0events\0') + 1;
		v.setUint32(relo + 4, events, true);
		const r = readObjectInfo(bytes);
		expect(r.ok ? 'ok' : r.error).toEqual({
			code: 'btf-corrupt',
			message: '.BTF.ext: records for unknown code section events',
		});
	});
});
