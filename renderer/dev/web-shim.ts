/**
 * `window.hidfix` for a plain browser, talking to the loopback dev bridge (main/dev-bridge) over
 * same-origin HTTP. Plays the preload's role in `npm run dev:web` and the Chromium tests; the web
 * build injects it before the app's own script. Never part of the Electron build.
 */
import type { HidfixApi, Reply } from '../../app/common/ipc/contract.js';

async function call<T>(method: keyof HidfixApi, payload?: unknown): Promise<Reply<T>> {
	const res = await fetch(`/api/${method}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: payload === undefined ? '' : JSON.stringify(payload),
	});
	if (!res.ok) {
		return { ok: false, code: 'internal-error', message: `dev bridge answered HTTP ${res.status}` };
	}
	return (await res.json()) as Reply<T>;
}

function toBase64(bytes: Uint8Array): string {
	let text = '';
	// Chunked: String.fromCharCode with a huge spread overflows the call stack.
	for (let i = 0; i < bytes.length; i += 0x8000) {
		text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(text);
}

const listeners = new Set<(path: string) => void>();
const events = new EventSource('/api/events');
events.onmessage = (e: MessageEvent<string>) => {
	const path = JSON.parse(e.data) as unknown;
	if (typeof path === 'string') for (const l of listeners) l(path);
};

const api = {
	openBundle: (path) => call('openBundle', { path }),
	openBundleBytes: (name, bytes) => call('openBundleBytes', { name, bytes: toBase64(bytes) }),
	listDevices: () => call('listDevices'),
	takePendingFiles: () => call('takePendingFiles'),
	testFix: (bundle, device) => call('testFix', { bundle, device }),
	keepFix: (fixId) => call('keepFix', { fixId }),
	revertFix: (fixId) => call('revertFix', { fixId }),
	installedFixes: () => call('installedFixes'),
	recordDevice: (device, seconds, phase) => call('recordDevice', { device, seconds, phase }),
	stopRecording: () => call('stopRecording'),
	previewReport: (note, includeKeyboardEvents) => call('previewReport', { note, includeKeyboardEvents }),
	saveReport: (note, includeKeyboardEvents) => call('saveReport', { note, includeKeyboardEvents }),
	onOpenFile(callback) {
		listeners.add(callback);
		return () => listeners.delete(callback);
	},
} satisfies HidfixApi;

Object.defineProperty(window, 'hidfix', { value: Object.freeze(api), enumerable: true });
