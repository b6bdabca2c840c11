import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanBpffs } from './bpffs.js';
import { collectDmesg, collectUdevadm, nodeNames } from './device-logs.js';
import { collectReportContext } from './collect.js';
import { collectSystemFacts, hidBpfApiFromBtf, SYSTEM_ROOTS } from './system-facts.js';
import type { RunCommand } from './run-command.js';

function fakeRoot() {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-system-'));
	const roots = {
		sysfs: join(dir, 'sys'),
		etc: join(dir, 'etc'),
		usrLib: join(dir, 'usr/lib'),
		bpffs: join(dir, 'bpf'),
	};
	mkdirSync(join(roots.sysfs, 'kernel/btf'), { recursive: true });
	mkdirSync(roots.etc, { recursive: true });
	mkdirSync(join(roots.usrLib), { recursive: true });
	return { dir, roots };
}
const ok =
	(stdout: string): RunCommand =>
	async () => ({ ok: true, stdout });
const missing: RunCommand = async (file) => ({
	ok: false,
	missing: true,
	reason: `${file} is not installed`,
});

describe('collectSystemFacts', () => {
	it('reads kernel, os-release, BTF, bpffs pins (ours and udev-hid-bpf) and the udev-hid-bpf version', async () => {
		const { roots } = fakeRoot();
		writeFileSync(
			join(roots.etc, 'os-release'),
			'PRETTY_NAME="Debian GNU/Linux forky/sid"\nID=debian\n# comment\n',
		);
		writeFileSync(
			join(roots.sysfs, 'kernel/btf/vmlinux'),
			Buffer.from('\x9f\xeb\x01\0....\0hid_bpf_ctx\0hid_bpf_ops\0x\0'),
		);
		for (const [dev, obj, pin] of [
			['0003_256C_006B_0003', '0010-Huion__Kamvas_Pro_19_bpf', 'huion_Kamvas_pro_19'],
			['0003_045E_00D1_0001', '0010-Microsoft__Optical-Mouse-Tilt-Wheel_bpf', 'msmouse_button4'],
		]) {
			mkdirSync(join(roots.bpffs, 'hid', dev!, obj!), { recursive: true });
			writeFileSync(join(roots.bpffs, 'hid', dev!, obj!, pin!), '');
		}
		const facts = await collectSystemFacts({
			roots,
			release: () => '7.3.4-amd64',
			run: ok('udev-hid-bpf 2.3.0\n'),
			isBpffs: async () => true,
		});
		expect(facts).toEqual({
			kernel: '7.3.4-amd64',
			os: { prettyName: 'Debian GNU/Linux forky/sid', id: 'debian', versionId: null },
			hidBpf: { btf: true, bpffsMounted: true, api: 'struct_ops' },
			bpffs: {
				readable: true,
				reason: null,
				objects: [
					{
						device: '0003_045E_00D1_0001',
						object: '0010-Microsoft__Optical-Mouse-Tilt-Wheel_bpf',
						pins: ['msmouse_button4'],
					},
					{
						device: '0003_256C_006B_0003',
						object: '0010-Huion__Kamvas_Pro_19_bpf',
						pins: ['huion_Kamvas_pro_19'],
					},
				],
			},
			udevHidBpf: { installed: true, version: 'udev-hid-bpf 2.3.0' },
		});
	});

	it('says what is missing: no BTF, no os-release, no hid dir, udev-hid-bpf not installed', async () => {
		const { roots } = fakeRoot();
		const facts = await collectSystemFacts({
			roots,
			release: () => '6.1.0',
			run: missing,
			isBpffs: async () => false,
		});
		expect([facts.os, facts.hidBpf, facts.bpffs, facts.udevHidBpf]).toEqual([
			null,
			{ btf: false, bpffsMounted: false, api: 'unknown' },
			{ readable: true, reason: null, objects: [] },
			{ installed: false, version: null },
		]);
	});

	it('names the HID-BPF API from the kernel BTF string table', () => {
		const s = (t: string) => new TextEncoder().encode(t);
		expect([
			hidBpfApiFromBtf(s('\0hid_bpf_ops\0')),
			hidBpfApiFromBtf(s('\0hid_bpf_device_event\0')),
			hidBpfApiFromBtf(s('\0hid_bpf_ops_x\0')),
			hidBpfApiFromBtf(undefined),
		]).toEqual(['struct_ops', 'tracing', 'none', 'unknown']);
	});

	it('an unreadable bpffs tree is a reason in the report, not a failure', async () => {
		const { roots } = fakeRoot();
		mkdirSync(roots.bpffs, { recursive: true });
		writeFileSync(join(roots.bpffs, 'hid'), 'not a directory');
		expect(await scanBpffs(roots.bpffs)).toEqual({
			readable: false,
			reason: `${join(roots.bpffs, 'hid')}: ENOTDIR`,
			objects: [],
		});
	});

	it('runs on this machine with the real roots', async () => {
		const facts = await collectSystemFacts();
		expect([facts.kernel, facts.hidBpf.btf, typeof facts.bpffs.readable, SYSTEM_ROOTS.bpffs]).toEqual([
			release(),
			expect.any(Boolean),
			'boolean',
			'/sys/fs/bpf',
		]);
	});
});

describe('device logs', () => {
	const DMESG = [
		'[    1.000000] usb 1-1: new full-speed USB device number 2 using xhci_hcd',
		'[    2.000000] input: Microsoft Optical Mouse as /devices/pci0000:00/0000:00:01.2/usb1/1-1/1-1:1.0/0003:045E:00D1.0001/input/input17',
		'[    2.100000] hid-generic 0003:045E:00D1.0001: input,hidraw3: USB HID v1.11 Mouse [Microsoft Optical Mouse] on usb-0000:00:01.2-1/input0',
		'[    3.000000] hid-generic 0003:045E:00D1.0011: input,hidraw13: USB HID v1.11 Keyboard [other]',
		'[    4.000000] input: other as /devices/virtual/input/input170',
	].join('\n');

	it('keeps the kernel log lines that name the device or its nodes as whole words', async () => {
		const names = ['0003:045E:00D1.0001', ...nodeNames(['/dev/hidraw3', '/sys/class/input/input17', null])];
		const r = await collectDmesg(names, ok(DMESG));
		expect(r).toEqual({ lines: [DMESG.split('\n')[1], DMESG.split('\n')[2]] });
	});

	it('a restricted dmesg becomes a reason with the way out', async () => {
		const denied: RunCommand = async () => ({
			ok: false,
			missing: false,
			reason: 'dmesg failed: dmesg: read kernel buffer failed: Operation not permitted',
		});
		expect(await collectDmesg(['hidraw3'], denied)).toEqual({
			reason:
				'dmesg failed: dmesg: read kernel buffer failed: Operation not permitted (the kernel log is often root-only: kernel.dmesg_restrict; export as root to include it)',
		});
	});

	it('udevadm info: output lines, or why not', async () => {
		const { roots } = fakeRoot();
		const dev = join(roots.sysfs, 'devices/x/0003:045E:00D1.0001');
		mkdirSync(dev, { recursive: true });
		mkdirSync(join(roots.sysfs, 'bus/hid/devices'), { recursive: true });
		const { symlinkSync } = await import('node:fs');
		symlinkSync(dev, join(roots.sysfs, 'bus/hid/devices/0003:045E:00D1.0001'));
		const seen: string[][] = [];
		const run: RunCommand = async (file, args) => (
			seen.push([file, ...args]),
			{ ok: true, stdout: 'P: /devices/x\nE: A=1\n\n' }
		);
		expect([
			await collectUdevadm('0003:045E:00D1.0001', roots.sysfs, run),
			seen,
			await collectUdevadm('0003:045E:00D1.0002', roots.sysfs, run),
		]).toEqual([
			{ lines: ['P: /devices/x', 'E: A=1'] },
			[['udevadm', 'info', '--query=all', `--path=${dev}`]],
			{ reason: 'the device 0003:045E:00D1.0002 is not present' },
		]);
	});
});

describe('collectReportContext', () => {
	it('collects system facts, udevadm and dmesg lines for every node name the device had', async () => {
		const { roots } = fakeRoot();
		const calls: string[] = [];
		const run: RunCommand = async (file) => {
			calls.push(file);
			return file === 'dmesg'
				? { ok: true, stdout: 'x hidraw3 bound\ny event8 created\nz event80 other\n' }
				: { ok: false, missing: true, reason: `${file} is not installed` };
		};
		const c = await collectReportContext(
			'0003:045E:00D1.0001',
			[
				{ hidraw: '/dev/hidraw3', evdev: ['/dev/input/event7'] },
				{ hidraw: '/dev/hidraw3', evdev: ['/dev/input/event8'] },
				null,
			],
			{ roots, run, release: () => '7.3.4', isBpffs: async () => null },
		);
		expect([c.dmesg, c.udevadm, c.system.kernel, calls.sort()]).toEqual([
			{ lines: ['x hidraw3 bound', 'y event8 created'] },
			{ reason: 'the device 0003:045E:00D1.0001 is not present' },
			'7.3.4',
			['dmesg', 'udev-hid-bpf'],
		]);
	});
});
