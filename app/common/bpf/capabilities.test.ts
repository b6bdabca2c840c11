import { beforeAll, describe, expect, it } from 'vitest';
import {
	buildExampleFixes,
	buildTestdata,
	compileSnippet,
	type BuiltObject,
} from '../../test/fixtures/bpf/build-objects.js';
import {
	capabilities,
	describe as describeFact,
	type CapabilityFact,
	type CapabilityKind,
} from './capabilities.js';
import { readObjectInfo, type BpfObjectInfo } from './object-info.js';

let fixtures: Map<string, BuiltObject>;
let examples: BuiltObject[];

beforeAll(() => {
	fixtures = buildTestdata();
	examples = buildExampleFixes();
});

function infoOf(o: BuiltObject | undefined): BpfObjectInfo {
	const r = o ? readObjectInfo(o.bytes) : undefined;
	if (!r?.ok) throw new Error('fixture did not parse');
	return r.value;
}

const lines = (info: BpfObjectInfo) => capabilities(info).map((c) => `${c.risk}: ${c.summary}`);

describe('capabilities of real objects', () => {
	it('lists everything the kitchen-sink fixture can do, worst first', () => {
		expect(lines(infoOf(fixtures.get('0010-Multi__Everything.bpf.o')))).toEqual([
			'high: Can open other HID devices by id (hid_bpf_allocate_context)',
			'high: Can send output/feature reports to the device (hid_bpf_hw_output_report)',
			'high: Can send output/feature reports to the device (hid_bpf_hw_request)',
			'high: Can inject input events (hid_bpf_input_report)',
			'high: Can inject input events (hid_bpf_try_input_report)',
			"high: Can stream data out of the kernel (ring buffer map 'events')",
			"medium: Has program 'switch_mode' that user space can run on demand (syscall)",
			"medium: Rewrites or drops input reports (hid_device_event: 'multi_event')",
			"medium: Replaces the report descriptor (hid_rdesc_fixup: 'multi_rdesc'); the device reconnects when the fix is applied or removed",
			"medium: Intercepts GET/SET report requests to the device (hid_hw_request: 'multi_request')",
			"medium: Intercepts output reports to the device (hid_hw_output_report: 'multi_output')",
			"medium: Changes the device's name (hid_device.name: 'multi_rdesc')",
			"medium: Changes the device's quirks (hid_device.quirks: 'multi_rdesc')",
			"low: Keeps state in hash map 'state', readable and writable by root while loaded",
			'low: Reads udev property HUION_FIRMWARE_ID (up to 64 bytes)',
			"info: Runs sleepable programs ('multi_request')",
			'info: Checks the device before attaching (probe)',
		]);
	});

	it('flags the tracing API and its perf event output', () => {
		expect(lines(infoOf(fixtures.get('0009-Legacy__Tracing.bpf.o')))).toEqual([
			"high: Can stream data out of the kernel (perf event map 'reports')",
			"medium: Has program 'attach_prog' that user space can run on demand (syscall)",
			"medium: Rewrites or drops input reports (hid_device_event: 'legacy_event')",
			"medium: Replaces the report descriptor (hid_rdesc_fixup: 'legacy_rdesc'); the device reconnects when the fix is applied or removed",
			'info: Uses the HID-BPF tracing API of kernels 6.3–6.10',
		]);
	});

	it('flags foreign program types, helpers reached through subprograms, user ring buffers, trace output, BPF_F_BEFORE and a non-GPL license', () => {
		expect(lines(infoOf(fixtures.get('0010-Odd__Shapes.bpf.o')))).toEqual([
			"high: Contains program 'odd_kprobe' of a non-HID type (section 'kprobe/do_sys_open')",
			'high: Can inject input events (hid_bpf_try_input_report)',
			"high: Uses bpf_probe_read_kernel ('odd_peek')",
			"medium: Rewrites or drops input reports (hid_device_event: 'odd_event')",
			"medium: Replaces the report descriptor (hid_rdesc_fixup: 'odd_rdesc'); the device reconnects when the fix is applied or removed",
			"medium: Receives data from user space (user ring buffer map 'commands')",
			"low: Writes debug messages to the kernel trace log ('odd_event')",
			"low: Runs before other fixes on the device (BPF_F_BEFORE in 'odd_first')",
			'low: Reads udev property MODE (up to 16 bytes)',
			"info: License 'Proprietary' is not GPL-compatible; the kernel will refuse to load it",
		]);
	});

	it('shows only hooks and probe for the example fixes in bpf/src (no high-risk power)', () => {
		for (const o of examples) {
			const caps = capabilities(infoOf(o));
			expect(
				caps.filter((c) => c.risk === 'high'),
				o.name,
			).toEqual([]);
			expect(
				caps.some((c) => c.kind === 'rewrites-input' || c.kind === 'replaces-descriptor'),
				o.name,
			).toBe(true);
		}
	});
});

describe('capabilities of foreign struct_ops', () => {
	it('flags a struct_ops map that is not hid_bpf_ops as high risk', () => {
		const o = compileSnippet(
			'tcp-cc',
			`#include "hid_bpf.h"
			#include "hid_bpf_helpers.h"
			struct tcp_congestion_ops { void (*init)(void *sk); char name[16]; };
			SEC("struct_ops/cc_init") int BPF_PROG(cc_init, void *sk) { return 0; }
			SEC(".struct_ops.link") struct tcp_congestion_ops sneaky = { .init = (void *)cc_init };
			char _license[] SEC("license") = "GPL";`,
		);
		expect(lines(infoOf(o))).toEqual([
			"high: Hooks 'init', which hidfix does not know ('cc_init')",
			"high: Registers kernel operations 'tcp_congestion_ops' (struct_ops map 'sneaky'), which are not HID-BPF",
		]);
	});
});

describe('capabilities from synthetic object info', () => {
	const base: BpfObjectInfo = {
		devices: [],
		programs: [],
		subprograms: [],
		structOps: [],
		kfuncs: [],
		kernelVars: [],
		maps: [],
		udevProps: [],
		fieldAccesses: [],
		license: 'GPL',
		hasProbe: false,
		api: 'struct_ops',
	};

	it('treats unknown hooks, kfuncs, kernel variables and helpers as high risk', () => {
		const caps = capabilities({
			...base,
			programs: [
				{
					name: 'p',
					section: 'struct_ops/hid_driver_probe',
					kind: 'struct_ops',
					hook: 'hid_driver_probe',
					sleepable: false,
					calls: [],
					helpers: ['bpf_probe_read_kernel', 'helper#999', 'bpf_map_lookup_elem'],
				},
			],
			kfuncs: ['bpf_obj_new_impl', 'bpf_wq_start'],
			kernelVars: ['jiffies'],
			license: null,
		});
		expect(caps.map((c) => [c.kind, c.risk])).toEqual([
			['unknown-hook', 'high'],
			['other-kfunc', 'high'],
			['reads-kernel-symbol', 'high'],
			['sensitive-helper', 'high'],
			['sensitive-helper', 'high'],
			['defers-work', 'low'],
			['not-gpl', 'info'],
		]);
	});

	it('says when an object implements no hook at all', () => {
		expect(capabilities(base)).toEqual([
			{
				kind: 'no-hooks',
				risk: 'info',
				summary: 'Implements no HID-BPF hook: it will not change the device',
			},
		]);
	});

	it('describes every capability kind', () => {
		// A Record over the closed union: adding a kind without a case here is a compile error.
		const one: Record<CapabilityKind, CapabilityFact> = {
			'rewrites-input': { kind: 'rewrites-input', programs: ['a'] },
			'replaces-descriptor': { kind: 'replaces-descriptor', programs: ['a'] },
			'intercepts-requests': { kind: 'intercepts-requests', programs: ['a'] },
			'intercepts-output': { kind: 'intercepts-output', programs: ['a'] },
			'unknown-hook': { kind: 'unknown-hook', hook: 'h', programs: ['a'] },
			'foreign-program': { kind: 'foreign-program', program: 'a', section: 'kprobe/x' },
			'foreign-struct-ops': { kind: 'foreign-struct-ops', map: 'm', type: 'tcp_congestion_ops' },
			'changes-device-field': { kind: 'changes-device-field', field: 'hid_device.name', functions: ['a'] },
			'sends-to-device': { kind: 'sends-to-device', kfunc: 'k' },
			'injects-input': { kind: 'injects-input', kfunc: 'k' },
			'opens-devices': { kind: 'opens-devices', kfunc: 'k' },
			'defers-work': { kind: 'defers-work', kfunc: 'k' },
			'other-kfunc': { kind: 'other-kfunc', kfunc: 'k' },
			'reads-kernel-symbol': { kind: 'reads-kernel-symbol', symbol: 's' },
			'streams-out': { kind: 'streams-out', map: 'm', mapType: 'ringbuf' },
			'streams-in': { kind: 'streams-in', map: 'm' },
			'keeps-state': { kind: 'keeps-state', map: 'm', mapType: 'hash' },
			'sensitive-helper': { kind: 'sensitive-helper', helper: 'bpf_probe_read_kernel', programs: ['a'] },
			'trace-log': { kind: 'trace-log', programs: ['a'] },
			'on-demand-program': { kind: 'on-demand-program', program: 'a' },
			'probes-device': { kind: 'probes-device' },
			'udev-property': { kind: 'udev-property', property: 'P', size: 8 },
			sleepable: { kind: 'sleepable', programs: ['a'] },
			'runs-first': { kind: 'runs-first', map: 'm' },
			'legacy-api': { kind: 'legacy-api' },
			'no-hooks': { kind: 'no-hooks' },
			'not-gpl': { kind: 'not-gpl', license: 'MIT' },
		};
		for (const f of Object.values(one)) expect(describeFact(f).summary.length, f.kind).toBeGreaterThan(10);
		expect(() => describeFact({ kind: 'bogus' } as unknown as CapabilityFact)).toThrow(
			'unexpected capability',
		);
	});
});
