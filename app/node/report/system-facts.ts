/**
 * System facts for the report (notes/hid-bpf.md §1, §9): kernel release, distribution, the HID-BPF
 * preflight (kernel BTF, bpffs, which HID-BPF API the kernel has), every attached BPF object, and
 * whether udev-hid-bpf is installed. Roots and commands are injectable so tests run on a fake tree.
 */
import { open, readFile } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import type { HidBpfApi, SystemFacts } from '../../common/report/schema.js';
import { parseOsRelease } from '../../common/report/system-text.js';
import { safeLine } from '../../common/report/text.js';
import { isBpffs, scanBpffs } from './bpffs.js';
import { runCommand, type RunCommand } from './run-command.js';

export interface SystemRoots {
	/** `/sys` */
	readonly sysfs: string;
	/** `/etc` */
	readonly etc: string;
	/** `/usr/lib` (os-release fallback) */
	readonly usrLib: string;
	/** `/sys/fs/bpf` */
	readonly bpffs: string;
}

export const SYSTEM_ROOTS: SystemRoots = {
	sysfs: '/sys',
	etc: '/etc',
	usrLib: '/usr/lib',
	bpffs: '/sys/fs/bpf',
};

export interface SystemProbe {
	readonly roots?: SystemRoots;
	readonly release?: () => string;
	readonly run?: RunCommand;
	/** Whether bpffs is mounted at a path (statfs magic by default). */
	readonly isBpffs?: (path: string) => Promise<boolean | null>;
}

/** The kernel BTF is ~5 MiB; names are NUL-terminated in its string section, so a byte search finds them. */
const MAX_BTF = 64 * 1024 * 1024;

async function readBounded(path: string, max: number): Promise<Buffer | undefined> {
	try {
		const h = await open(path, 'r');
		try {
			const st = await h.stat();
			if (!st.isFile() || st.size > max) return undefined;
			return await h.readFile();
		} finally {
			await h.close();
		}
	} catch {
		return undefined;
	}
}

/**
 * `struct hid_bpf_ops` exists in the kernel BTF from 6.11 (struct_ops API); before that, 6.3–6.10
 * have the `hid_bpf_device_event` fmod_ret hook; neither means the kernel has no CONFIG_HID_BPF.
 */
export function hidBpfApiFromBtf(btf: Uint8Array | undefined): HidBpfApi {
	if (!btf) return 'unknown';
	const buf = Buffer.from(btf.buffer, btf.byteOffset, btf.byteLength);
	if (buf.includes('\0hid_bpf_ops\0')) return 'struct_ops';
	if (buf.includes('\0hid_bpf_device_event\0')) return 'tracing';
	return 'none';
}

async function osRelease(roots: SystemRoots): Promise<SystemFacts['os']> {
	for (const path of [join(roots.etc, 'os-release'), join(roots.usrLib, 'os-release')]) {
		const text = await readFile(path, 'utf8').catch(() => undefined);
		if (text === undefined) continue;
		const m = parseOsRelease(text);
		const get = (k: string, max: number) => {
			const v = m.get(k);
			return v === undefined ? null : safeLine(v).slice(0, max);
		};
		return { prettyName: get('PRETTY_NAME', 256), id: get('ID', 64), versionId: get('VERSION_ID', 64) };
	}
	return null;
}

async function udevHidBpf(run: RunCommand): Promise<SystemFacts['udevHidBpf']> {
	const r = await run('udev-hid-bpf', ['--version']);
	if (r.ok) return { installed: true, version: safeLine(r.stdout.trim()).slice(0, 200) || null };
	return { installed: !r.missing, version: null };
}

export async function collectSystemFacts(probe: SystemProbe = {}): Promise<SystemFacts> {
	const roots = probe.roots ?? SYSTEM_ROOTS;
	const btf = await readBounded(join(roots.sysfs, 'kernel/btf/vmlinux'), MAX_BTF);
	return {
		kernel: safeLine((probe.release ?? release)()).slice(0, 256),
		os: await osRelease(roots),
		hidBpf: {
			btf: btf !== undefined,
			bpffsMounted: await (probe.isBpffs ?? isBpffs)(roots.bpffs),
			api: hidBpfApiFromBtf(btf),
		},
		bpffs: await scanBpffs(roots.bpffs),
		udevHidBpf: await udevHidBpf(probe.run ?? runCommand),
	};
}
