/**
 * Values that libbpf-style macros encode in BTF types rather than in data: `__uint(name, N)` is
 * `int (*name)[N]`, so N is the length of the array the member points to.
 */
import { resolveType, type Btf, type BtfMember } from './btf.js';

/** N of an `int (*field)[N]` member; undefined if the member is not a pointer to an array. */
export function encodedUint(btf: Btf, member: BtfMember): number | undefined {
	const ptr = resolveType(btf, member.type);
	if (ptr?.kind !== 'ptr') return undefined;
	const arr = resolveType(btf, ptr.type);
	return arr?.kind === 'array' ? arr.nelems : undefined;
}

/** The struct/union a VAR's type resolves to, or undefined. */
export function varComposite(btf: Btf, varTypeId: number) {
	const v = btf.types[varTypeId];
	if (v?.kind !== 'var') return undefined;
	const t = resolveType(btf, v.type);
	return t?.kind === 'struct' || t?.kind === 'union' ? { name: v.name, type: t } : undefined;
}
