/**
 * Where an installed fix lives. A fix under test lives in volatile places (/run): a crash or a reboot
 * during a test leaves nothing behind. **Keep** moves it to persistent ones (/var/lib, /etc), where the
 * udev rule attaches it again at every plug-in and boot. Every root is injectable for tests.
 */
import { join } from 'node:path';

export interface InstallRoots {
	/** `/run/hidfix`: fixes under test (`fixes/<id>/`), staging. Root-only, gone at reboot. */
	readonly run: string;
	/** `/var/lib/hidfix`: kept fixes (`fixes/<id>/`), the journal, the version record. */
	readonly state: string;
	/** `/run/udev/rules.d`: udev's runtime rules directory. */
	readonly runtimeRules: string;
	/** `/etc/udev/rules.d`: the administrator's rules directory. */
	readonly persistentRules: string;
	/** `/sys/fs/bpf`: where hidfix-loader pins (udev-hid-bpf's layout under `hid/`). */
	readonly bpffs: string;
}

export const SYSTEM_INSTALL_ROOTS: InstallRoots = {
	run: '/run/hidfix',
	state: '/var/lib/hidfix',
	runtimeRules: '/run/udev/rules.d',
	persistentRules: '/etc/udev/rules.d',
	bpffs: '/sys/fs/bpf',
};

export type InstallState = 'testing' | 'kept';

export const fixDir = (r: InstallRoots, s: InstallState, id: string): string =>
	join(s === 'testing' ? r.run : r.state, 'fixes', id);

/** 90-: after the distribution's rules (udev-hid-bpf ships 81-hid-bpf.rules). */
export const rulePath = (r: InstallRoots, s: InstallState, id: string): string =>
	join(s === 'testing' ? r.runtimeRules : r.persistentRules, `90-hidfix-${id}.rules`);

/** The record next to an installed fix's objects (fix-record.ts). */
export const FIX_RECORD = 'fix.json';

export const journalPath = (r: InstallRoots): string => join(r.state, 'journal.json');

/** The pin-dir name hidfix-loader (and udev-hid-bpf) give an object file: `.` and `:` become `_`. */
export const pinName = (objectFile: string): string => objectFile.replace(/\.o$/, '').replace(/[:.]/g, '_');

/** `0003_045E_00D1_0001` (bpffs device dir) → `0003:045E:00D1.0001`. */
export const sysnameOfPinDir = (dir: string): string | undefined => {
	const m = /^([0-9A-F]{4})_([0-9A-F]{4})_([0-9A-F]{4})_([0-9A-F]{4,8})$/.exec(dir);
	return m ? `${m[1]}:${m[2]}:${m[3]}.${m[4]}` : undefined;
};
