/**
 * What sysfs says about one HID device: name, ids and modalias from its `uevent`, and the report
 * descriptor the kernel uses now (`report_descriptor`: the fixed one while an rdesc fixup is attached,
 * notes/hid-bpf.md §3). Also maps `/dev/hidrawN` to its HID device, for `hidfix decode`.
 */
import { readFile, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { err, ok, type Result } from '../../common/result.js';
import type { ReportDevice } from '../../common/report/build.js';
import { reportError, type ReportError } from '../../common/report/errors.js';

export interface SysfsDevice extends ReportDevice {
	readonly descriptor: Uint8Array;
}

/** The kernel's HID descriptor limit (HID_MAX_DESCRIPTOR_SIZE is 4096; allow headroom for odd devices). */
const MAX_DESCRIPTOR = 65_536;

export function parseUevent(text: string): Map<string, string> {
	const m = new Map<string, string>();
	for (const line of text.split('\n')) {
		const i = line.indexOf('=');
		if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
	}
	return m;
}

export async function readSysfsDevice(
	sysname: string,
	sysfs = '/sys',
): Promise<Result<SysfsDevice, ReportError>> {
	const dir = join(sysfs, 'bus/hid/devices', sysname);
	try {
		const uevent = parseUevent(await readFile(join(dir, 'uevent'), 'utf8'));
		const descriptor = new Uint8Array(await readFile(join(dir, 'report_descriptor')));
		if (descriptor.length > MAX_DESCRIPTOR)
			return err(
				reportError(
					'descriptor-invalid',
					`${dir}/report_descriptor is ${descriptor.length} bytes; that is not a HID descriptor.`,
				),
			);
		// HID_ID=0003:0000045E:000000D1 (bus:vendor:product, hex)
		const [bus, vendor, product] = (uevent.get('HID_ID') ?? '').split(':').map((x) => Number.parseInt(x, 16));
		return ok({
			sysname,
			name: uevent.get('HID_NAME') ?? '',
			bus: bus || 0,
			vendor: vendor || 0,
			product: product || 0,
			modalias: uevent.get('MODALIAS') ?? null,
			descriptor,
		});
	} catch (e) {
		return err(
			reportError(
				'report-unreadable',
				`Cannot read ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Is the device plugged in?`,
				{ entry: dir },
			),
		);
	}
}

/** `/dev/hidraw3` → the HID sysname behind it, via `/sys/class/hidraw/hidraw3/device`. */
export async function hidrawSysname(node: string, sysfs = '/sys'): Promise<Result<string, ReportError>> {
	const name = basename(node);
	if (!/^hidraw\d+$/.test(name))
		return err(reportError('report-unreadable', `${node} is not a hidraw node (expected /dev/hidrawN).`));
	try {
		return ok(basename(await realpath(join(sysfs, 'class/hidraw', name, 'device'))));
	} catch {
		return err(
			reportError(
				'report-unreadable',
				`${node} has no HID device in ${sysfs}/class/hidraw; is it plugged in?`,
				{ entry: node },
			),
		);
	}
}
