/**
 * Finds a HID device's hidraw and evdev nodes from sysfs.
 *
 * Why from sysfs and not by guessing /dev names: attaching or detaching an rdesc fixup re-probes the
 * device, which recreates its input nodes with new numbers (input0 → input1, event3 → event4) and may
 * renumber hidraw (docs: notes/hid-bpf.md §3). The HID sysname and hid_id survive, so they are the
 * stable handle and everything else is re-resolved from
 * `<sysfs>/bus/hid/devices/<sysname>/{hidraw/hidrawN, input/inputM/eventK}`.
 * Roots are injectable so tests run against a fake tree.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';

export interface SysfsRoots {
	/** Normally `/sys`. */
	readonly sysfs: string;
	/** Normally `/dev`. */
	readonly dev: string;
}

export const SYSTEM_ROOTS: SysfsRoots = { sysfs: '/sys', dev: '/dev' };

/** `BBBB:VVVV:PPPP.NNNN`, the kernel's HID device name (hex, upper case from the kernel). */
const SYSNAME_RE = /^[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4,}$/;

export interface HidNodes {
	readonly sysname: string;
	/** The number struct_ops `hid_id` wants: the hex suffix of the sysname. */
	readonly hidId: number;
	readonly sysfsPath: string;
	/** `/dev/hidrawN`. */
	readonly hidraw: string;
	/** `/dev/input/eventK` for every input device of this HID device, sorted by number. */
	readonly events: readonly string[];
}

export function isHidSysname(s: string): boolean {
	return SYSNAME_RE.test(s);
}

export function hidIdOf(sysname: string): number {
	return Number.parseInt(sysname.slice(sysname.lastIndexOf('.') + 1), 16);
}

async function listMatching(dir: string, re: RegExp): Promise<string[]> {
	try {
		const names = await readdir(dir);
		return names
			.filter((n) => re.test(n))
			.sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
	} catch {
		return [];
	}
}

/**
 * Resolves the nodes of one HID device. A device mid-re-probe has no hidraw dir for a moment:
 * that is `no-hidraw-node`, which the recorder treats as "retry", not fatal.
 */
export async function resolveHidNodes(
	sysname: string,
	roots: SysfsRoots = SYSTEM_ROOTS,
): Promise<Result<HidNodes, CaptureError>> {
	if (!isHidSysname(sysname)) {
		return err(
			captureError('bad-device-argument', `"${sysname}" is not a HID device name like 0003:046D:C077.0001`),
		);
	}
	const sysfsPath = join(roots.sysfs, 'bus/hid/devices', sysname);
	try {
		await stat(sysfsPath);
	} catch {
		return err(
			captureError(
				'device-not-found',
				`HID device ${sysname} is not present (no ${sysfsPath}); is it plugged in?`,
				{
					path: sysfsPath,
				},
			),
		);
	}
	const hidraws = await listMatching(join(sysfsPath, 'hidraw'), /^hidraw\d+$/);
	const first = hidraws[0];
	if (first === undefined) {
		return err(
			captureError(
				'no-hidraw-node',
				`HID device ${sysname} has no hidraw node (re-probing, or CONFIG_HIDRAW is off)`,
				{ path: join(sysfsPath, 'hidraw') },
			),
		);
	}
	const events: string[] = [];
	for (const input of await listMatching(join(sysfsPath, 'input'), /^input\d+$/)) {
		for (const ev of await listMatching(join(sysfsPath, 'input', input), /^event\d+$/)) {
			events.push(join(roots.dev, 'input', ev));
		}
	}
	events.sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
	return ok({ sysname, hidId: hidIdOf(sysname), sysfsPath, hidraw: join(roots.dev, first), events });
}

/**
 * Turns what a user types into a HID sysname: the sysname itself, a sysfs device path, or a
 * `/dev/hidrawN` node (through `<sysfs>/class/hidraw/hidrawN/device`, a link to the HID device).
 */
export async function resolveDeviceArgument(
	arg: string,
	roots: SysfsRoots = SYSTEM_ROOTS,
): Promise<Result<string, CaptureError>> {
	if (isHidSysname(arg)) return ok(arg);
	const hidraw = /^(?:.*\/)?(hidraw\d+)$/.exec(arg);
	if (hidraw?.[1] !== undefined) {
		const link = join(roots.sysfs, 'class/hidraw', hidraw[1], 'device');
		try {
			const name = basename(await realpath(link));
			if (isHidSysname(name)) return ok(name);
		} catch {
			// fall through to the error below
		}
		return err(
			captureError('device-not-found', `${arg}: no such hidraw device (${link} missing)`, { path: link }),
		);
	}
	const base = basename(arg.replace(/\/+$/, ''));
	if (arg.includes('/') && isHidSysname(base)) return ok(base);
	return err(
		captureError(
			'bad-device-argument',
			`"${arg}" is not a HID device: give its sysname (0003:046D:C077.0001), its /sys/bus/hid/devices/… path or /dev/hidrawN`,
		),
	);
}

/** Device facts for the recording header (`N:`, `I:`, `R:`). */
export interface HidDeviceInfo {
	readonly name: string;
	readonly bus: number;
	readonly vendor: number;
	readonly product: number;
	readonly rdesc: Uint8Array;
}

export async function readHidDeviceInfo(sysfsPath: string): Promise<Result<HidDeviceInfo, CaptureError>> {
	try {
		const uevent = await readFile(join(sysfsPath, 'uevent'), 'utf8');
		const prop = (k: string): string | undefined =>
			uevent
				.split('\n')
				.find((l) => l.startsWith(`${k}=`))
				?.slice(k.length + 1);
		const id = /^([0-9A-Fa-f]+):([0-9A-Fa-f]+):([0-9A-Fa-f]+)$/.exec(prop('HID_ID') ?? '');
		if (id === null) {
			return err(captureError('device-not-found', `${sysfsPath}/uevent has no HID_ID`, { path: sysfsPath }));
		}
		const rdesc = new Uint8Array(await readFile(join(sysfsPath, 'report_descriptor')));
		return ok({
			name: prop('HID_NAME') ?? '',
			bus: Number.parseInt(id[1] ?? '0', 16),
			vendor: Number.parseInt(id[2] ?? '0', 16),
			product: Number.parseInt(id[3] ?? '0', 16),
			rdesc,
		});
	} catch (e) {
		return err(
			captureError('device-not-found', `cannot read ${sysfsPath}: ${(e as Error).message}`, {
				path: sysfsPath,
			}),
		);
	}
}
