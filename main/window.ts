/**
 * The main window, locked down: sandboxed renderer with context isolation and no Node, no
 * permissions (WebHID included: HID access stays in main and the helper), no navigation away from
 * our page, no new windows, no <webview>.
 */
import { BrowserWindow, session, type WebContents } from 'electron';
import { APP_URL } from './ipc/trusted-sender.js';

export interface WindowOptions {
	readonly preload: string;
}

/** Session-wide refusals; run once after `ready`. */
export function lockDownSession(): void {
	const s = session.defaultSession;
	s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
	s.setPermissionCheckHandler(() => false);
	s.setDevicePermissionHandler(() => false);
}

/** Per-page refusals, applied to every WebContents the app creates. */
export function lockDownContents(contents: WebContents): void {
	contents.on('will-navigate', (event) => event.preventDefault());
	contents.on('will-redirect', (event) => event.preventDefault());
	contents.on('will-attach-webview', (event) => event.preventDefault());
	contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
	const win = new BrowserWindow({
		width: 1100,
		height: 820,
		minWidth: 640,
		minHeight: 480,
		show: false,
		title: 'hidfix',
		backgroundColor: '#f6f6f4',
		webPreferences: {
			preload: opts.preload,
			sandbox: true,
			contextIsolation: true,
			nodeIntegration: false,
			nodeIntegrationInSubFrames: false,
			webSecurity: true,
			allowRunningInsecureContent: false,
			spellcheck: false,
		},
	});
	lockDownContents(win.webContents);
	win.once('ready-to-show', () => win.show());
	void win.loadURL(APP_URL);
	return win;
}
