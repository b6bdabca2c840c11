// Names in the kernel's BTF (/sys/kernel/btf/vmlinux), read directly: `bpftool btf dump` of the
// whole vmlinux BTF prints ~1 M lines and takes 5–25 s under TCG; this scan takes well under 1 s.
// Format: include/uapi/linux/btf.h and Documentation/bpf/btf.rst.
import { readFileSync } from 'node:fs';

/** BTF_KIND_* numbers → the names bpftool prints. */
const KINDS = [
	'UNKN',
	'INT',
	'PTR',
	'ARRAY',
	'STRUCT',
	'UNION',
	'ENUM',
	'FWD',
	'TYPEDEF',
	'VOLATILE',
	'CONST',
	'RESTRICT',
	'FUNC',
	'FUNC_PROTO',
	'VAR',
	'DATASEC',
	'FLOAT',
	'DECL_TAG',
	'TYPE_TAG',
	'ENUM64',
];

/** Bytes following `struct btf_type` (12 bytes) for each kind, given vlen. */
function extraSize(kind, vlen) {
	switch (kind) {
		case 1: // INT: u32 encoding
		case 14: // VAR: u32 linkage
		case 17: // DECL_TAG: s32 component_idx
			return 4;
		case 3: // ARRAY: struct btf_array
			return 12;
		case 4: // STRUCT
		case 5: // UNION: struct btf_member[vlen]
		case 15: // DATASEC: struct btf_var_secinfo[vlen]
		case 19: // ENUM64: struct btf_enum64[vlen]
			return 12 * vlen;
		case 6: // ENUM: struct btf_enum[vlen]
		case 13: // FUNC_PROTO: struct btf_param[vlen]
			return 8 * vlen;
		default:
			return 0;
	}
}

/**
 * All named types of a BTF blob.
 *
 * @param {string} [path] default `/sys/kernel/btf/vmlinux`
 * @returns {Map<string, string[]>} name → kinds (`STRUCT`, `FUNC`, …; a name can have several)
 * @throws {Error} if the file is not BTF
 */
export function readBtfNames(path = '/sys/kernel/btf/vmlinux') {
	const b = readFileSync(path);
	if (b.readUInt16LE(0) !== 0xeb9f)
		throw new Error(`${path}: not BTF (magic ${b.readUInt16LE(0).toString(16)})`);
	const hdrLen = b.readUInt32LE(4);
	const typeOff = hdrLen + b.readUInt32LE(8);
	const typeEnd = typeOff + b.readUInt32LE(12);
	const strOff = hdrLen + b.readUInt32LE(16);
	/** @type {Map<string, string[]>} */
	const names = new Map();
	for (let o = typeOff; o < typeEnd;) {
		const nameOff = b.readUInt32LE(o);
		const info = b.readUInt32LE(o + 4);
		const kind = (info >>> 24) & 0x1f;
		if (kind >= KINDS.length) throw new Error(`${path}: unknown BTF kind ${kind} at offset ${o}`);
		if (nameOff !== 0) {
			const start = strOff + nameOff;
			const name = b.toString('latin1', start, b.indexOf(0, start));
			const kinds = names.get(name);
			if (kinds) kinds.push(KINDS[kind]);
			else names.set(name, [KINDS[kind]]);
		}
		o += 12 + extraSize(kind, info & 0xffff);
	}
	return names;
}
