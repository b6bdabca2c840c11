/**
 * The device's own logs for the report: its kernel log lines (dmesg, filtered to its names) and
 * `udevadm info`. dmesg needs privileges on many distributions (kernel.dmesg_restrict=1): then the
 * report says so and how to include it, and the export goes on.
 */
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogInput } from '../../common/report/build.js';
import { filterDmesg } from '../../common/report/system-text.js';
import { runCommand, type RunCommand } from './run-command.js';

const MAX_LINES = 5000;

/** Node names as the kernel logs them: `hidraw3`, `input17`, `event5` (from `/dev/...` paths or sysfs names). */
export function nodeNames(paths: readonly (string | null | undefined)[]): string[] {
	return paths.filter((p): p is string => !!p).map((p) => p.replace(/^.*\//, ''));
}

export async function collectDmesg(
	names: readonly string[],
	run: RunCommand = runCommand,
): Promise<LogInput> {
	const r = await run('dmesg', []);
	if (!r.ok) {
		return {
			reason: r.missing
				? 'dmesg is not installed'
				: `${r.reason} (the kernel log is often root-only: kernel.dmesg_restrict; export as root to include it)`,
		};
	}
	return { lines: filterDmesg(r.stdout.split('\n'), names).slice(-MAX_LINES) };
}

export async function collectUdevadm(
	sysname: string,
	sysfs = '/sys',
	run: RunCommand = runCommand,
): Promise<LogInput> {
	let path: string;
	try {
		path = await realpath(join(sysfs, 'bus/hid/devices', sysname));
	} catch {
		return { reason: `the device ${sysname} is not present` };
	}
	const r = await run('udevadm', ['info', '--query=all', `--path=${path}`]);
	return r.ok
		? { lines: r.stdout.replace(/\n+$/, '').split('\n').slice(0, MAX_LINES) }
		: { reason: r.reason };
}
