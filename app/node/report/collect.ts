/**
 * Everything about the system and the device that a report quotes besides the recordings, in one
 * call for the app: system facts, `udevadm info`, and the device's dmesg lines (filtered by its HID
 * sysname and every node name it had before and after the fix, since nodes are renumbered on
 * re-probe).
 */
import type { LogInput } from '../../common/report/build.js';
import type { NodeFacts, SystemFacts } from '../../common/report/schema.js';
import { collectDmesg, collectUdevadm, nodeNames } from './device-logs.js';
import { collectSystemFacts, SYSTEM_ROOTS, type SystemProbe } from './system-facts.js';
import { runCommand } from './run-command.js';

export interface ReportContext {
	readonly system: SystemFacts;
	readonly udevadm: LogInput;
	readonly dmesg: LogInput;
}

export async function collectReportContext(
	sysname: string,
	nodes: readonly (NodeFacts | null | undefined)[],
	probe: SystemProbe = {},
): Promise<ReportContext> {
	const run = probe.run ?? runCommand;
	const sysfs = (probe.roots ?? SYSTEM_ROOTS).sysfs;
	const names = [sysname, ...nodeNames(nodes.flatMap((n) => (n ? [n.hidraw, ...n.evdev] : [])))];
	const [system, udevadm, dmesg] = await Promise.all([
		collectSystemFacts(probe),
		collectUdevadm(sysname, sysfs, run),
		collectDmesg([...new Set(names)], run),
	]);
	return { system, udevadm, dmesg };
}
