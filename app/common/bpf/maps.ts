/**
 * BTF-defined maps (libbpf: DataSec `.maps`, one VAR per map, an anonymous struct whose `type`,
 * `max_entries`, … members are `__uint(name, N)` = `int (*name)[N]`).
 */
import { type Btf } from './btf.js';
import { encodedUint, varComposite } from './btf-values.js';
import { objectError, type ObjectError } from './errors.js';
import { err, ok, type Result } from '../result.js';

/** enum bpf_map_type (include/uapi/linux/bpf.h), by value. */
const MAP_TYPES = [
	'unspec',
	'hash',
	'array',
	'prog_array',
	'perf_event_array',
	'percpu_hash',
	'percpu_array',
	'stack_trace',
	'cgroup_array',
	'lru_hash',
	'lru_percpu_hash',
	'lpm_trie',
	'array_of_maps',
	'hash_of_maps',
	'devmap',
	'sockmap',
	'cpumap',
	'xskmap',
	'sockhash',
	'cgroup_storage',
	'reuseport_sockarray',
	'percpu_cgroup_storage',
	'queue',
	'stack',
	'sk_storage',
	'devmap_hash',
	'struct_ops',
	'ringbuf',
	'inode_storage',
	'task_storage',
	'bloom_filter',
	'user_ringbuf',
	'cgrp_storage',
	'arena',
] as const;

export type MapTypeName = (typeof MAP_TYPES)[number] | `unknown(${number})`;

/** How data can cross the kernel/user boundary through a map, for the capability list. */
export type MapFlow =
	/** ringbuf / perf_event_array: the program pushes records that user space can stream out. */
	| 'streams-out'
	/** user_ringbuf: user space pushes records the program consumes. */
	| 'streams-in'
	/** Any other map: state the program keeps; root can read and write it while pinned. */
	| 'stores';

export interface BpfMapInfo {
	readonly name: string;
	readonly type: MapTypeName;
	readonly typeId: number;
	readonly maxEntries: number | null;
	readonly flow: MapFlow;
}

export const MAPS_SECTION = '.maps';

export function mapTypeName(n: number): MapTypeName {
	return MAP_TYPES[n] ?? `unknown(${n})`;
}

export function mapFlow(typeId: number): MapFlow {
	const t = mapTypeName(typeId);
	if (t === 'ringbuf' || t === 'perf_event_array') return 'streams-out';
	if (t === 'user_ringbuf') return 'streams-in';
	return 'stores';
}

/** Far above any real fix; bounds the work on hostile input (each map walks its struct's members). */
export const MAX_MAPS = 1024;

export function readMaps(btf: Btf): Result<BpfMapInfo[], ObjectError> {
	const out: BpfMapInfo[] = [];
	for (const sec of btf.datasecs(MAPS_SECTION)) {
		if (out.length + sec.vars.length > MAX_MAPS) {
			return err(objectError('object-corrupt', `more than ${MAX_MAPS} maps`));
		}
		for (const entry of sec.vars) {
			const v = varComposite(btf, entry.type);
			if (!v || v.type.kind !== 'struct') {
				return err(objectError('object-corrupt', `a ${MAPS_SECTION} entry is not a BTF-defined map struct`));
			}
			const member = (n: string) => v.type.members.find((m) => m.name === n);
			const typeMember = member('type');
			const typeId = typeMember ? encodedUint(btf, typeMember) : undefined;
			if (typeId === undefined) {
				return err(objectError('object-corrupt', `map ${v.name} has no __uint(type, …) member`));
			}
			const max = member('max_entries');
			out.push({
				name: v.name,
				type: mapTypeName(typeId),
				typeId,
				maxEntries: (max && encodedUint(btf, max)) ?? null,
				flow: mapFlow(typeId),
			});
		}
	}
	return ok(out);
}
