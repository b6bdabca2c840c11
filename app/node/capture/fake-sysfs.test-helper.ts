/** A fake sysfs + /dev tree in a temp dir, laid out like the kernel's (tests only). */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SysfsRoots } from './sysfs-nodes.js';

export interface FakeDevice {
	readonly sysname: string;
	readonly hidraw?: number;
	/** inputM → eventK numbers. */
	readonly inputs?: ReadonlyArray<readonly [number, number]>;
	readonly uevent?: string;
	readonly rdesc?: Uint8Array;
}

export function fakeSysfs(): {
	roots: SysfsRoots;
	add(d: FakeDevice): string;
	remove(sysname: string): void;
	cleanup(): void;
} {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-sysfs-'));
	const roots = { sysfs: join(dir, 'sys'), dev: join(dir, 'dev') };
	mkdirSync(join(roots.sysfs, 'bus/hid/devices'), { recursive: true });
	mkdirSync(join(roots.sysfs, 'class/hidraw'), { recursive: true });
	mkdirSync(join(roots.dev, 'input'), { recursive: true });
	const real = (sysname: string): string => join(roots.sysfs, 'devices/virtual/misc/uhid', sysname);
	return {
		roots,
		add(d) {
			const path = real(d.sysname);
			rmSync(path, { recursive: true, force: true });
			mkdirSync(path, { recursive: true });
			writeFileSync(join(path, 'uevent'), d.uevent ?? '');
			writeFileSync(join(path, 'report_descriptor'), d.rdesc ?? new Uint8Array(0));
			if (d.hidraw !== undefined) {
				mkdirSync(join(path, 'hidraw', `hidraw${d.hidraw}`), { recursive: true });
				const cls = join(roots.sysfs, 'class/hidraw', `hidraw${d.hidraw}`);
				mkdirSync(cls, { recursive: true });
				rmSync(join(cls, 'device'), { force: true });
				symlinkSync(path, join(cls, 'device'));
			}
			for (const [input, ev] of d.inputs ?? []) {
				mkdirSync(join(path, 'input', `input${input}`, `event${ev}`), { recursive: true });
				mkdirSync(join(path, 'input', `input${input}`, `mouse${input}`), { recursive: true });
			}
			const link = join(roots.sysfs, 'bus/hid/devices', d.sysname);
			rmSync(link, { force: true });
			symlinkSync(path, link);
			return path;
		},
		remove(sysname) {
			rmSync(join(roots.sysfs, 'bus/hid/devices', sysname), { force: true });
			rmSync(real(sysname), { recursive: true, force: true });
		},
		cleanup() {
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
