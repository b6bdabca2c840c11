import { beforeAll, describe, expect, it } from 'vitest';
import {
	compile,
	compileSnippet,
	buildExampleFixes,
	buildTestdata,
	TESTDATA,
	type BuiltObject,
} from '../../test/fixtures/bpf/build-objects.js';
import { bpftoolDatasec, bpftoolDevices, libbpfView, readobj } from '../../test/fixtures/bpf/bpftool-view.js';
import { matchFromRaw } from './device-match.js';
import { readObjectInfo, type BpfObjectInfo } from './object-info.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let fixtures: Map<string, BuiltObject>;
let examples: BuiltObject[];

beforeAll(() => {
	fixtures = buildTestdata();
	examples = buildExampleFixes();
});

function info(o: BuiltObject | undefined): BpfObjectInfo {
	if (!o) throw new Error('fixture not built');
	const r = readObjectInfo(o.bytes);
	if (!r.ok) throw new Error(`${o.name}: ${r.error.code}: ${r.error.message}`);
	return r.value;
}

describe('readObjectInfo on the inspector fixtures', () => {
	it('reads everything a struct_ops fix can declare', () => {
		expect(info(fixtures.get('0010-Multi__Everything.bpf.o'))).toEqual({
			devices: [
				{ bus: 0x03, group: 0x0001, vid: 0x256c, pid: 0x006b },
				{ bus: 0x05, group: 'any', vid: 0x256c, pid: 'any' },
				{ bus: 0x18, group: 0x0004, vid: 'any', pid: 'any' },
				{ bus: 'any', group: 'any', vid: 0x12345678, pid: 0xffff },
			],
			programs: [
				{
					name: 'multi_event',
					section: 'struct_ops/hid_device_event',
					kind: 'struct_ops',
					hook: 'hid_device_event',
					sleepable: false,
					calls: ['hid_bpf_get_data', 'hid_bpf_try_input_report'],
					helpers: ['bpf_ringbuf_output'],
				},
				{
					name: 'multi_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					kind: 'struct_ops',
					hook: 'hid_rdesc_fixup',
					sleepable: false,
					calls: ['hid_bpf_get_data'],
					helpers: [],
				},
				{
					name: 'multi_request',
					section: 'struct_ops.s/hid_hw_request',
					kind: 'struct_ops.s',
					hook: 'hid_hw_request',
					sleepable: true,
					calls: ['hid_bpf_hw_request', 'hid_bpf_input_report'],
					helpers: ['bpf_map_lookup_elem'],
				},
				{
					name: 'multi_output',
					section: 'struct_ops/hid_hw_output_report',
					kind: 'struct_ops',
					hook: 'hid_hw_output_report',
					sleepable: false,
					calls: [],
					helpers: [],
				},
				{
					name: 'probe',
					section: 'syscall',
					kind: 'syscall',
					hook: null,
					sleepable: true,
					calls: [],
					helpers: [],
				},
				{
					name: 'switch_mode',
					section: 'syscall',
					kind: 'syscall',
					hook: null,
					sleepable: true,
					calls: ['hid_bpf_allocate_context', 'hid_bpf_hw_output_report', 'hid_bpf_release_context'],
					helpers: [],
				},
			],
			subprograms: [],
			structOps: [
				{
					mapName: 'multi_everything',
					type: 'hid_bpf_ops',
					section: '.struct_ops.link',
					link: true,
					members: [
						{ member: 'hid_device_event', program: 'multi_event' },
						{ member: 'hid_rdesc_fixup', program: 'multi_rdesc' },
						{ member: 'hid_hw_request', program: 'multi_request' },
						{ member: 'hid_hw_output_report', program: 'multi_output' },
					],
					flags: 0,
				},
			],
			kfuncs: [
				'hid_bpf_allocate_context',
				'hid_bpf_get_data',
				'hid_bpf_hw_output_report',
				'hid_bpf_hw_request',
				'hid_bpf_input_report',
				'hid_bpf_release_context',
				'hid_bpf_try_input_report',
			],
			kernelVars: [],
			maps: [
				{ name: 'events', type: 'ringbuf', typeId: 27, maxEntries: 262144, flow: 'streams-out' },
				{ name: 'state', type: 'hash', typeId: 1, maxEntries: 16, flow: 'stores' },
			],
			udevProps: [
				{ name: 'HUION_FIRMWARE_ID', variable: 'UDEV_PROP_HUION_FIRMWARE_ID', section: '.bss', size: 64 },
			],
			fieldAccesses: [
				{
					function: 'multi_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					field: 'hid_bpf_ctx.hid',
					mode: 'read',
				},
				{
					function: 'multi_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					field: 'hid_device.name',
					mode: 'address',
				},
				{
					function: 'multi_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					field: 'hid_device.name',
					mode: 'write',
				},
				{
					function: 'multi_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					field: 'hid_device.product',
					mode: 'read',
				},
				{
					function: 'multi_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					field: 'hid_device.quirks',
					mode: 'read',
				},
				{
					function: 'multi_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					field: 'hid_device.quirks',
					mode: 'write',
				},
			],
			license: 'GPL',
			hasProbe: true,
			api: 'struct_ops',
		});
	});

	it('reads the 6.3–6.10 tracing API', () => {
		expect(info(fixtures.get('0009-Legacy__Tracing.bpf.o'))).toEqual({
			devices: [{ bus: 0x03, group: 0x0001, vid: 0x045e, pid: 0x00d1 }],
			programs: [
				{
					name: 'legacy_event',
					section: 'fmod_ret/hid_bpf_device_event',
					kind: 'fmod_ret',
					hook: 'hid_device_event',
					sleepable: false,
					calls: ['hid_bpf_get_data'],
					helpers: ['bpf_perf_event_output'],
				},
				{
					name: 'legacy_rdesc',
					section: 'fmod_ret/hid_bpf_rdesc_fixup',
					kind: 'fmod_ret',
					hook: 'hid_rdesc_fixup',
					sleepable: false,
					calls: [],
					helpers: [],
				},
				{
					name: 'attach_prog',
					section: 'syscall',
					kind: 'syscall',
					hook: null,
					sleepable: true,
					calls: ['hid_bpf_attach_prog'],
					helpers: [],
				},
			],
			subprograms: [],
			structOps: [],
			kfuncs: ['hid_bpf_attach_prog', 'hid_bpf_get_data'],
			kernelVars: [],
			maps: [{ name: 'reports', type: 'perf_event_array', typeId: 4, maxEntries: null, flow: 'streams-out' }],
			udevProps: [],
			fieldAccesses: [],
			license: 'GPL',
			hasProbe: false,
			api: 'tracing',
		});
	});

	it('resolves two struct_ops maps in one .struct_ops section by their symbol offsets', () => {
		expect(info(fixtures.get('0010-Odd__Shapes.bpf.o'))).toEqual({
			devices: [],
			programs: [
				{
					name: 'odd_event',
					section: 'struct_ops/hid_device_event',
					kind: 'struct_ops',
					hook: 'hid_device_event',
					sleepable: false,
					calls: [],
					helpers: ['bpf_trace_printk'],
				},
				{
					name: 'odd_unused',
					section: 'struct_ops/hid_device_event',
					kind: 'struct_ops',
					hook: null,
					sleepable: false,
					calls: [],
					helpers: [],
				},
				{
					name: 'odd_rdesc',
					section: 'struct_ops/hid_rdesc_fixup',
					kind: 'struct_ops',
					hook: 'hid_rdesc_fixup',
					sleepable: false,
					calls: [],
					helpers: [],
				},
				{
					name: 'odd_kprobe',
					section: 'kprobe/do_sys_open',
					kind: 'kprobe',
					hook: 'do_sys_open',
					sleepable: false,
					calls: [],
					helpers: [],
				},
			],
			subprograms: [
				{ name: 'odd_peek', calls: ['hid_bpf_try_input_report'], helpers: ['bpf_probe_read_kernel'] },
			],
			structOps: [
				{
					mapName: 'odd_first',
					type: 'hid_bpf_ops',
					section: '.struct_ops',
					link: false,
					members: [{ member: 'hid_device_event', program: 'odd_event' }],
					flags: 8,
				},
				{
					mapName: 'odd_second',
					type: 'hid_bpf_ops',
					section: '.struct_ops',
					link: false,
					members: [{ member: 'hid_rdesc_fixup', program: 'odd_rdesc' }],
					flags: 0,
				},
			],
			kfuncs: ['hid_bpf_try_input_report'],
			kernelVars: [],
			maps: [{ name: 'commands', type: 'user_ringbuf', typeId: 31, maxEntries: 4096, flow: 'streams-in' }],
			udevProps: [{ name: 'MODE', variable: 'UDEV_PROP_MODE', section: '.data', size: 16 }],
			fieldAccesses: [
				{
					function: 'odd_event',
					section: 'struct_ops/hid_device_event',
					field: 'hid_bpf_ctx.hid',
					mode: 'read',
				},
			],
			license: 'Proprietary',
			hasProbe: false,
			api: 'struct_ops',
		});
	});

	it('refuses an object built without BTF (-g0) with btf-missing', () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-bpf-nobtf-'));
		const o = compile(join(TESTDATA, '0010-Multi__Everything.bpf.c'), dir, ['-g0'], '-nobtf');
		const r = readObjectInfo(o.bytes);
		expect(r.ok ? 'ok' : r.error.code).toBe('btf-missing');
	});

	it('refuses legacy struct bpf_map_def maps, which libbpf >= 1.0 cannot load', () => {
		const o = compileSnippet(
			'legacy-maps',
			`#include "hid_bpf.h"
			#include "hid_bpf_helpers.h"
			struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };
			struct bpf_map_def SEC("maps") old = { .type = 27, .max_entries = 4096 };
			SEC("syscall") int f(void *ctx) { return 0; }
			char _license[] SEC("license") = "GPL";`,
		);
		const r = readObjectInfo(o.bytes);
		expect(r.ok ? 'ok' : r.error).toEqual({
			code: 'object-corrupt',
			message: "legacy 'maps' section (struct bpf_map_def) is not supported",
		});
	});

	it('reports struct_ops maps of other kernel types with their own type name', () => {
		const o = compileSnippet(
			'tcp-cc',
			`#include "hid_bpf.h"
			#include "hid_bpf_helpers.h"
			struct tcp_congestion_ops { void (*init)(void *sk); char name[16]; };
			SEC("struct_ops/cc_init") int BPF_PROG(cc_init, void *sk) { return 0; }
			SEC(".struct_ops.link") struct tcp_congestion_ops sneaky = { .init = (void *)cc_init, .name = "sneaky" };
			char _license[] SEC("license") = "GPL";`,
		);
		const r = readObjectInfo(o.bytes);
		expect(r.ok && r.value.structOps).toEqual([
			{
				mapName: 'sneaky',
				type: 'tcp_congestion_ops',
				section: '.struct_ops.link',
				link: true,
				members: [{ member: 'init', program: 'cc_init' }],
				flags: null,
			},
		]);
	});

	it('refuses a host (x86-64) object with elf-not-bpf', () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-bpf-host-'));
		const o = compile(join(TESTDATA, 'btf-kinds.bpf.c'), dir, ['-target', 'x86_64-linux-gnu'], '-x86');
		const r = readObjectInfo(o.bytes);
		expect(r.ok ? 'ok' : r.error).toEqual({
			code: 'elf-not-bpf',
			message: 'ELF machine is 62, not BPF (247)',
		});
	});
});

describe('readObjectInfo agrees with bpftool and llvm-readobj on every built object', () => {
	const all = () => [...fixtures.values(), ...examples];

	it('builds the example fixes from bpf/src', () => {
		expect(examples.map((e) => e.source)).toEqual(
			expect.arrayContaining([expect.stringMatching(/^bpf\/src\/(stable|testing)\/\d{4}-.+\.bpf\.c$/)]),
		);
	});

	it('device list equals the .hid_bpf_config walk of bpftool btf dump', () => {
		for (const o of all()) expect(info(o).devices, o.name).toEqual(bpftoolDevices(o.path).map(matchFromRaw));
	});

	it('kfuncs equal the extern FUNCs bpftool lists in .ksyms', () => {
		for (const o of all()) {
			const ksyms = bpftoolDatasec(o.path, '.ksyms').filter(
				(t) => t.kind === 'FUNC' && t.linkage === 'extern',
			);
			expect(info(o).kfuncs, o.name).toEqual(ksyms.map((t) => t.name).sort());
		}
	});

	it('maps and UDEV_PROP_ globals equal the .maps / data DataSec entries bpftool lists', () => {
		for (const o of all()) {
			const i = info(o);
			expect(
				i.maps.map((m) => m.name),
				o.name,
			).toEqual(bpftoolDatasec(o.path, '.maps').map((t) => t.name));
			const globals = ['.bss', '.data', '.rodata'].flatMap((s) =>
				bpftoolDatasec(o.path, s).map((t) => t.name),
			);
			expect(i.udevProps.map((u) => u.variable).sort(), o.name).toEqual(
				globals.filter((n) => n.startsWith('UDEV_PROP_')).sort(),
			);
		}
	});

	it('programs equal the FUNC symbols llvm-readobj lists in executable sections', () => {
		for (const o of all()) {
			const ro = readobj(o.path);
			const exec = new Map(
				ro.Sections.filter((s) => (s.Section.Flags.Value & 4) !== 0 && s.Section.Name.Name !== '.text').map(
					(s) => [s.Section.Index, s.Section.Name.Name],
				),
			);
			const expected = ro.Symbols.filter((s) => s.Symbol.Type.Value === 2 && exec.has(s.Symbol.Section.Value))
				.map((s) => `${exec.get(s.Symbol.Section.Value)}:${s.Symbol.Name.Name}`)
				.sort();
			expect(
				info(o)
					.programs.map((p) => `${p.section}:${p.name}`)
					.sort(),
				o.name,
			).toEqual(expected);
		}
	});

	it('programs and maps equal what libbpf itself opens (bpftool gen skeleton)', () => {
		for (const o of all()) {
			const i = info(o);
			const libbpf = libbpfView(o.path);
			expect(
				i.programs.map((p) => p.name),
				o.name,
			).toEqual(libbpf.progs);
			// libbpf also lists its internal global-data maps (.bss/.data/.rodata/.kconfig).
			const userMaps = libbpf.maps.filter((m) => !/^(bss|data|rodata|kconfig)(_\w+)?$/.test(m));
			expect([...i.maps.map((m) => m.name), ...i.structOps.map((s) => s.mapName)].sort(), o.name).toEqual(
				userMaps.sort(),
			);
		}
	});

	it('struct_ops members equal the .rel.struct_ops* relocations llvm-readobj lists', () => {
		for (const o of all()) {
			const ro = readobj(o.path);
			const names = new Map(ro.Sections.map((s) => [s.Section.Index, s.Section.Name.Name]));
			const expected = ro.Relocations.filter((r) =>
				/^\.rel\.struct_ops/.test(names.get(r.SectionIndex) ?? ''),
			)
				.flatMap((r) => r.Relocs.map((x) => x.Relocation.Symbol.Name))
				.sort();
			const got = info(o)
				.structOps.flatMap((s) => s.members.map((m) => m.program))
				.sort();
			expect(got, o.name).toEqual(expected);
		}
	});
});
