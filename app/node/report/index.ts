/**
 * Node side of the debug report: system facts, device logs, sysfs device facts, and saving/opening
 * `.hidfix-report` files. The pure model is in app/common/report.
 */
export {
	collectSystemFacts,
	hidBpfApiFromBtf,
	SYSTEM_ROOTS,
	type SystemProbe,
	type SystemRoots,
} from './system-facts.js';
export { scanBpffs, isBpffs, BPF_FS_MAGIC } from './bpffs.js';
export { collectDmesg, collectUdevadm, nodeNames } from './device-logs.js';
export { readSysfsDevice, hidrawSysname, parseUevent, type SysfsDevice } from './device-facts.js';
export { writeReportFile, saveReport, readReport, readReportBytes, REPORT_EXTENSION } from './report-file.js';
export { fixFacts } from './fix-facts.js';
export { buildDebugReport } from './build-report.js';
export { collectReportContext, type ReportContext } from './collect.js';
export { runCommand, type RunCommand, type CommandResult } from './run-command.js';
