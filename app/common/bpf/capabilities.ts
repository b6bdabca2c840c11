/**
 * What a HID-BPF fix can do, as facts a user can read before install (notes/hid-bpf.md §10).
 *
 * A fix runs in the kernel for the whole system: it can alter or drop every report, inject input,
 * talk to the device and copy data out. The verifier guarantees memory safety, not intent, so the
 * UI shows these statically derived facts, worst first.
 */
import { type BpfObjectInfo } from './object-info.js';
import { assertNever } from '../result.js';

export type Risk = 'info' | 'low' | 'medium' | 'high';

export type CapabilityFact =
	| { readonly kind: 'rewrites-input'; readonly programs: readonly string[] }
	| { readonly kind: 'replaces-descriptor'; readonly programs: readonly string[] }
	| { readonly kind: 'intercepts-requests'; readonly programs: readonly string[] }
	| { readonly kind: 'intercepts-output'; readonly programs: readonly string[] }
	| { readonly kind: 'unknown-hook'; readonly hook: string; readonly programs: readonly string[] }
	| { readonly kind: 'foreign-program'; readonly program: string; readonly section: string }
	| { readonly kind: 'foreign-struct-ops'; readonly map: string; readonly type: string }
	| { readonly kind: 'changes-device-field'; readonly field: string; readonly functions: readonly string[] }
	| { readonly kind: 'sends-to-device'; readonly kfunc: string }
	| { readonly kind: 'injects-input'; readonly kfunc: string }
	| { readonly kind: 'opens-devices'; readonly kfunc: string }
	| { readonly kind: 'defers-work'; readonly kfunc: string }
	| { readonly kind: 'other-kfunc'; readonly kfunc: string }
	| { readonly kind: 'reads-kernel-symbol'; readonly symbol: string }
	| { readonly kind: 'streams-out'; readonly map: string; readonly mapType: string }
	| { readonly kind: 'streams-in'; readonly map: string }
	| { readonly kind: 'keeps-state'; readonly map: string; readonly mapType: string }
	| { readonly kind: 'sensitive-helper'; readonly helper: string; readonly programs: readonly string[] }
	| { readonly kind: 'trace-log'; readonly programs: readonly string[] }
	| { readonly kind: 'on-demand-program'; readonly program: string }
	| { readonly kind: 'probes-device' }
	| { readonly kind: 'udev-property'; readonly property: string; readonly size: number }
	| { readonly kind: 'sleepable'; readonly programs: readonly string[] }
	| { readonly kind: 'runs-first'; readonly map: string }
	| { readonly kind: 'legacy-api' }
	| { readonly kind: 'no-hooks' }
	| { readonly kind: 'not-gpl'; readonly license: string | null };

export type CapabilityKind = CapabilityFact['kind'];
export type Capability = CapabilityFact & { readonly risk: Risk; readonly summary: string };

const SEND_KFUNCS = new Set(['hid_bpf_hw_request', 'hid_bpf_hw_output_report']);
const INJECT_KFUNCS = new Set(['hid_bpf_input_report', 'hid_bpf_try_input_report']);
/** Plumbing with no user-visible power of its own. */
const QUIET_KFUNCS = new Set(['hid_bpf_get_data', 'hid_bpf_release_context', 'hid_bpf_attach_prog']);
/** Helpers that reach outside the HID device: kernel/user memory, signals, return overrides. */
const SENSITIVE_HELPERS = new Set([
	'bpf_probe_read',
	'bpf_probe_read_str',
	'bpf_probe_read_kernel',
	'bpf_probe_read_kernel_str',
	'bpf_probe_read_user',
	'bpf_probe_read_user_str',
	'bpf_probe_write_user',
	'bpf_copy_from_user',
	'bpf_copy_from_user_task',
	'bpf_send_signal',
	'bpf_send_signal_thread',
	'bpf_override_return',
	'bpf_get_current_task',
	'bpf_d_path',
	'bpf_sys_bpf',
	'bpf_get_current_comm',
]);
const HOOK_FACT = {
	hid_device_event: 'rewrites-input',
	hid_rdesc_fixup: 'replaces-descriptor',
	hid_hw_request: 'intercepts-requests',
	hid_hw_output_report: 'intercepts-output',
} as const;
const BPF_F_BEFORE = 1 << 3;
/** The kernel's license_is_gpl_compatible() list (include/linux/license.h). */
const GPL_COMPATIBLE = /^(GPL|GPL v2|GPL and additional rights|Dual BSD\/GPL|Dual MIT\/GPL|Dual MPL\/GPL)$/;
const RISK_ORDER: Record<Risk, number> = { high: 0, medium: 1, low: 2, info: 3 };

/** The facts for one object, highest risk first (stable within a level). */
export function capabilities(info: BpfObjectInfo): Capability[] {
	const facts = [
		...programFacts(info),
		...kernelFacts(info),
		...dataFacts(info),
		...helperFacts(info),
		...contextFacts(info),
	];
	return facts.map((f) => ({ ...f, ...describe(f) })).sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk]);
}

/** Hooks, on-demand syscall programs, and anything that is not HID-BPF at all. */
function programFacts(info: BpfObjectInfo): CapabilityFact[] {
	const facts: CapabilityFact[] = [];
	const byHook = new Map<string, string[]>();
	const foreign: CapabilityFact[] = [];
	for (const p of info.programs) {
		const hidHook = p.hook !== null && (p.kind.startsWith('struct_ops') || p.kind.startsWith('fmod_ret'));
		if (hidHook) push(byHook, p.hook as string, p.name);
		else if (p.kind === 'syscall') {
			if (p.name !== 'probe') facts.push({ kind: 'on-demand-program', program: p.name });
		} else if (!p.kind.startsWith('struct_ops')) {
			foreign.push({ kind: 'foreign-program', program: p.name, section: p.section });
		}
	}
	for (const ops of info.structOps) {
		if (ops.type !== 'hid_bpf_ops')
			foreign.push({ kind: 'foreign-struct-ops', map: ops.mapName, type: ops.type });
	}
	for (const [hook, programs] of byHook) {
		const kind = (HOOK_FACT as Record<string, (typeof HOOK_FACT)[keyof typeof HOOK_FACT]>)[hook];
		facts.push(kind ? { kind, programs } : { kind: 'unknown-hook', hook, programs });
	}
	if (byHook.size === 0) facts.push({ kind: 'no-hooks' });
	return [...facts, ...foreign];
}

/** kfuncs, kernel variables and writes to kernel structs. */
function kernelFacts(info: BpfObjectInfo): CapabilityFact[] {
	const facts: CapabilityFact[] = [];
	for (const k of info.kfuncs) {
		if (SEND_KFUNCS.has(k)) facts.push({ kind: 'sends-to-device', kfunc: k });
		else if (INJECT_KFUNCS.has(k)) facts.push({ kind: 'injects-input', kfunc: k });
		else if (k === 'hid_bpf_allocate_context') facts.push({ kind: 'opens-devices', kfunc: k });
		else if (k.startsWith('bpf_wq_')) facts.push({ kind: 'defers-work', kfunc: k });
		else if (!QUIET_KFUNCS.has(k)) facts.push({ kind: 'other-kfunc', kfunc: k });
	}
	// hid_bpf_ops_btf_struct_access lets programs write hid_device's name, phys, uniq and (6.12+) quirks.
	const changed = new Map<string, Set<string>>();
	for (const a of info.fieldAccesses) {
		if (a.mode === 'read' || !a.field.startsWith('hid_device.')) continue;
		const fns = changed.get(a.field) ?? new Set<string>();
		fns.add(a.function);
		changed.set(a.field, fns);
	}
	for (const [field, fns] of changed)
		facts.push({ kind: 'changes-device-field', field, functions: [...fns] });
	for (const s of info.kernelVars) facts.push({ kind: 'reads-kernel-symbol', symbol: s });
	return facts;
}

/** Maps: what can leave or enter the kernel, and what state is kept. */
function dataFacts(info: BpfObjectInfo): CapabilityFact[] {
	return info.maps.map((m): CapabilityFact => {
		if (m.flow === 'streams-out') return { kind: 'streams-out', map: m.name, mapType: m.type };
		if (m.flow === 'streams-in') return { kind: 'streams-in', map: m.name };
		return { kind: 'keeps-state', map: m.name, mapType: m.type };
	});
}

/** Helpers reaching outside the device, from programs and the subprograms they call into. */
function helperFacts(info: BpfObjectInfo): CapabilityFact[] {
	const facts: CapabilityFact[] = [];
	const helperUsers = new Map<string, string[]>();
	for (const p of [...info.programs, ...info.subprograms]) {
		for (const h of p.helpers) push(helperUsers, h, p.name);
	}
	for (const [helper, programs] of helperUsers) {
		if (SENSITIVE_HELPERS.has(helper) || helper.startsWith('helper#')) {
			facts.push({ kind: 'sensitive-helper', helper, programs });
		}
	}
	const tracers = new Set([
		...(helperUsers.get('bpf_trace_printk') ?? []),
		...(helperUsers.get('bpf_trace_vprintk') ?? []),
	]);
	if (tracers.size > 0) facts.push({ kind: 'trace-log', programs: [...tracers] });
	return facts;
}

/** Ordering, inputs, sleepability, probe, API generation and license. */
function contextFacts(info: BpfObjectInfo): CapabilityFact[] {
	const facts: CapabilityFact[] = [];
	for (const ops of info.structOps) {
		if (ops.flags !== null && (ops.flags & BPF_F_BEFORE) !== 0)
			facts.push({ kind: 'runs-first', map: ops.mapName });
	}
	for (const u of info.udevProps) facts.push({ kind: 'udev-property', property: u.name, size: u.size });
	const sleepers = info.programs.filter((p) => p.sleepable && p.kind !== 'syscall').map((p) => p.name);
	if (sleepers.length > 0) facts.push({ kind: 'sleepable', programs: sleepers });
	if (info.hasProbe) facts.push({ kind: 'probes-device' });
	if (info.api === 'tracing') facts.push({ kind: 'legacy-api' });
	if (info.license === null || !GPL_COMPATIBLE.test(info.license))
		facts.push({ kind: 'not-gpl', license: info.license });
	return facts;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

const names = (ps: readonly string[]) => ps.map((p) => `'${p}'`).join(', ');

/** Risk level and one-line text of a fact. */
export function describe(f: CapabilityFact): { risk: Risk; summary: string } {
	switch (f.kind) {
		case 'rewrites-input':
			return {
				risk: 'medium',
				summary: `Rewrites or drops input reports (hid_device_event: ${names(f.programs)})`,
			};
		case 'replaces-descriptor':
			return {
				risk: 'medium',
				summary: `Replaces the report descriptor (hid_rdesc_fixup: ${names(f.programs)}); the device reconnects when the fix is applied or removed`,
			};
		case 'intercepts-requests':
			return {
				risk: 'medium',
				summary: `Intercepts GET/SET report requests to the device (hid_hw_request: ${names(f.programs)})`,
			};
		case 'intercepts-output':
			return {
				risk: 'medium',
				summary: `Intercepts output reports to the device (hid_hw_output_report: ${names(f.programs)})`,
			};
		case 'unknown-hook':
			return {
				risk: 'high',
				summary: `Hooks '${f.hook}', which hidfix does not know (${names(f.programs)})`,
			};
		case 'foreign-program':
			return {
				risk: 'high',
				summary: `Contains program '${f.program}' of a non-HID type (section '${f.section}')`,
			};
		case 'foreign-struct-ops':
			return {
				risk: 'high',
				summary: `Registers kernel operations '${f.type}' (struct_ops map '${f.map}'), which are not HID-BPF`,
			};
		case 'changes-device-field':
			return {
				risk: 'medium',
				summary: `Changes the device's ${f.field.slice('hid_device.'.length)} (${f.field}: ${names(f.functions)})`,
			};
		case 'sends-to-device':
			return { risk: 'high', summary: `Can send output/feature reports to the device (${f.kfunc})` };
		case 'injects-input':
			return { risk: 'high', summary: `Can inject input events (${f.kfunc})` };
		case 'opens-devices':
			return { risk: 'high', summary: `Can open other HID devices by id (${f.kfunc})` };
		case 'defers-work':
			return { risk: 'low', summary: `Defers work to a kernel work queue (${f.kfunc})` };
		case 'other-kfunc':
			return { risk: 'high', summary: `Calls kernel function '${f.kfunc}', which hidfix does not classify` };
		case 'reads-kernel-symbol':
			return { risk: 'high', summary: `Reads kernel variable '${f.symbol}'` };
		case 'streams-out':
			return {
				risk: 'high',
				summary: `Can stream data out of the kernel (${f.mapType === 'ringbuf' ? 'ring buffer' : 'perf event'} map '${f.map}')`,
			};
		case 'streams-in':
			return { risk: 'medium', summary: `Receives data from user space (user ring buffer map '${f.map}')` };
		case 'keeps-state':
			return {
				risk: 'low',
				summary: `Keeps state in ${f.mapType} map '${f.map}', readable and writable by root while loaded`,
			};
		case 'sensitive-helper':
			return { risk: 'high', summary: `Uses ${f.helper} (${names(f.programs)})` };
		case 'trace-log':
			return { risk: 'low', summary: `Writes debug messages to the kernel trace log (${names(f.programs)})` };
		case 'on-demand-program':
			return {
				risk: 'medium',
				summary: `Has program '${f.program}' that user space can run on demand (syscall)`,
			};
		case 'probes-device':
			return { risk: 'info', summary: 'Checks the device before attaching (probe)' };
		case 'udev-property':
			return { risk: 'low', summary: `Reads udev property ${f.property} (up to ${f.size} bytes)` };
		case 'sleepable':
			return { risk: 'info', summary: `Runs sleepable programs (${names(f.programs)})` };
		case 'runs-first':
			return { risk: 'low', summary: `Runs before other fixes on the device (BPF_F_BEFORE in '${f.map}')` };
		case 'legacy-api':
			return { risk: 'info', summary: 'Uses the HID-BPF tracing API of kernels 6.3–6.10' };
		case 'no-hooks':
			return { risk: 'info', summary: 'Implements no HID-BPF hook: it will not change the device' };
		case 'not-gpl':
			return {
				risk: 'info',
				summary:
					f.license === null
						? 'Has no license section; the kernel will refuse to load it'
						: `License '${f.license}' is not GPL-compatible; the kernel will refuse to load it`,
			};
		default:
			return assertNever(f, 'capability');
	}
}
