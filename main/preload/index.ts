/**
 * The bridge: exactly the contract's methods on `window.hidfix`, nothing generic.
 *
 * Built as CommonJS (`out/preload/index.cjs`): a sandboxed preload cannot load ES modules, and may
 * require only `electron` and a few Node shims, so everything else is bundled in.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type HidfixApi } from '../../app/common/ipc/contract.js';

const api = {
	openBundle: (path) => ipcRenderer.invoke(CHANNELS.openBundle, { path }),
	openBundleBytes: (name, bytes) => ipcRenderer.invoke(CHANNELS.openBundleBytes, { name, bytes }),
	listDevices: () => ipcRenderer.invoke(CHANNELS.listDevices),
	takePendingFiles: () => ipcRenderer.invoke(CHANNELS.takePendingFiles),
	testFix: (bundle, device) => ipcRenderer.invoke(CHANNELS.testFix, { bundle, device }),
	keepFix: (fixId) => ipcRenderer.invoke(CHANNELS.keepFix, { fixId }),
	revertFix: (fixId) => ipcRenderer.invoke(CHANNELS.revertFix, { fixId }),
	installedFixes: () => ipcRenderer.invoke(CHANNELS.installedFixes),
	recordDevice: (device, seconds, phase) =>
		ipcRenderer.invoke(CHANNELS.recordDevice, { device, seconds, phase }),
	stopRecording: () => ipcRenderer.invoke(CHANNELS.stopRecording),
	previewReport: (note, includeKeyboardEvents) =>
		ipcRenderer.invoke(CHANNELS.previewReport, { note, includeKeyboardEvents }),
	saveReport: (note, includeKeyboardEvents) =>
		ipcRenderer.invoke(CHANNELS.saveReport, { note, includeKeyboardEvents }),
	onOpenFile(callback) {
		// Only the path crosses into the page: the event object would expose `sender` (ipcRenderer).
		const listener = (_event: IpcRendererEvent, path: unknown) => {
			if (typeof path === 'string') callback(path);
		};
		ipcRenderer.on(CHANNELS.fileOpened, listener);
		return () => {
			ipcRenderer.off(CHANNELS.fileOpened, listener);
		};
	},
} satisfies HidfixApi;

contextBridge.exposeInMainWorld('hidfix', api);
