/**
 * URL paths of the dev bridge: `POST /api/<HidfixApi method>` → contract channel. The browser shim
 * (renderer/dev/web-shim.ts) calls these by the same method names.
 */
import { CHANNELS } from '../../app/common/ipc/contract.js';

export const BRIDGE_METHODS = {
	openBundle: CHANNELS.openBundle,
	openBundleBytes: CHANNELS.openBundleBytes,
	listDevices: CHANNELS.listDevices,
	takePendingFiles: CHANNELS.takePendingFiles,
	testFix: CHANNELS.testFix,
	keepFix: CHANNELS.keepFix,
	revertFix: CHANNELS.revertFix,
	installedFixes: CHANNELS.installedFixes,
	recordDevice: CHANNELS.recordDevice,
	stopRecording: CHANNELS.stopRecording,
	previewReport: CHANNELS.previewReport,
	saveReport: CHANNELS.saveReport,
} as const;

export type BridgeMethod = keyof typeof BRIDGE_METHODS;
