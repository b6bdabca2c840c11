/**
 * main/index.ts wired to the electron mock: what the app does on first start, on a second start,
 * and how the window is locked down. Each test imports a fresh copy of main (it acts on import).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../app/common/ipc/contract.js';
import type * as ElectronMockModule from './test/electron-mock.js';
import { BUNDLES } from './test/fixtures.js';

vi.mock('electron', () => import('./test/electron-mock.js'));

const KAMVAS = join(BUNDLES, 'kamvas.hidfix');
const home = mkdtempSync(join(tmpdir(), 'hidfix-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const savedArgv = process.argv;

type ElectronMock = typeof ElectronMockModule;

/** The mock as main sees it: vitest keeps mocked modules across resetModules, so reset its state. */
async function electronMock(): Promise<ElectronMock> {
	const electron = (await import('electron')) as unknown as ElectronMock;
	electron.resetElectronMock();
	return electron;
}

async function start(argv: string[]) {
	vi.resetModules();
	process.argv = argv;
	const electron = await electronMock();
	await import('./index.js');
	await new Promise((r) => setTimeout(r, 0)); // let whenReady().then(…) run
	return electron;
}

describe('main', () => {
	beforeEach(() => {
		// An empty trust store: never the developer's real ~/.config/hidfix.
		vi.stubEnv('XDG_CONFIG_HOME', home);
	});
	afterEach(() => {
		process.argv = savedArgv;
		vi.unstubAllEnvs();
	});

	it('opens a locked-down window on our scheme and queues the bundle it was started with', async () => {
		const { BrowserWindow, appFrame, ipcMain, protocol, session } = await start([
			'/usr/lib/electron/electron',
			'.',
			pathToFileURL(KAMVAS).href,
		]);
		expect(protocol.privileged).toEqual([
			{
				scheme: 'app',
				privileges: { standard: true, secure: true, corsEnabled: true, supportFetchAPI: false },
			},
		]);
		expect(BrowserWindow.instances).toHaveLength(1);
		const win = BrowserWindow.instances[0]!;
		expect(win.options.webPreferences).toMatchObject({
			sandbox: true,
			contextIsolation: true,
			nodeIntegration: false,
		});
		expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(
			/preload\/index\.cjs$/,
		);
		expect(win.webContents.loaded).toEqual(['app://hidfix/index.html']);
		expect(await ipcMain.invoke(CHANNELS.takePendingFiles, appFrame())).toEqual({
			ok: true,
			value: [KAMVAS],
		});
		// Offered by the OS, so the page may open it; verified against the (empty) trust store.
		expect(await ipcMain.invoke(CHANNELS.openBundle, appFrame(), { path: KAMVAS })).toMatchObject({
			ok: false,
			code: 'signature-untrusted',
		});
		// Any other path stays closed.
		expect(await ipcMain.invoke(CHANNELS.openBundle, appFrame(), { path: '/etc/passwd' })).toMatchObject({
			ok: false,
			code: 'path-not-allowed',
		});
		const denied: boolean[] = [];
		session.defaultSession.permissionRequest!(...([{}, 'hid', (ok: boolean) => denied.push(ok)] as never[]));
		expect(denied).toEqual([false]);
		expect(session.defaultSession.permissionCheck!()).toBe(false);
		expect(win.webContents.windowOpenHandler!()).toEqual({ action: 'deny' });
		const nav = { defaultPrevented: false, preventDefault: () => (nav.defaultPrevented = true) };
		win.webContents.emit('will-navigate', nav);
		expect(nav.defaultPrevented).toBe(true);
	});

	it('hands a second start’s files to the page and focuses the window', async () => {
		const { BrowserWindow, app, appFrame, ipcMain } = await start(['/usr/lib/electron/electron', '.']);
		const win = BrowserWindow.instances[0]!;
		win.minimized = true;
		// Before the page has taken its queue, a new file is queued, not sent into the void.
		app.emit('second-instance', {}, [], '/', {
			argv: ['/usr/lib/electron/electron', '.', 'a.hidfix'],
			cwd: '/home/ana',
		});
		expect(win.webContents.sent).toEqual([]);
		expect(await ipcMain.invoke(CHANNELS.takePendingFiles, appFrame())).toEqual({
			ok: true,
			value: ['/home/ana/a.hidfix'],
		});
		app.emit('second-instance', {}, [], '/', {
			argv: ['/usr/lib/electron/electron', '.', '/tmp/b.hidfix'],
			cwd: '/',
		});
		expect(win.webContents.sent).toEqual([[CHANNELS.fileOpened, '/tmp/b.hidfix']]);
		expect(win.minimized).toBe(false);
		expect(win.focused).toBe(2);
		// A reload disarms live delivery until the new page takes the queue again.
		win.webContents.emit('did-start-loading');
		app.emit('second-instance', {}, [], '/', {
			argv: ['/usr/lib/electron/electron', '.', '/tmp/c.hidfix'],
			cwd: '/',
		});
		expect(win.webContents.sent).toHaveLength(1);
		expect(await ipcMain.invoke(CHANNELS.takePendingFiles, appFrame())).toEqual({
			ok: true,
			value: ['/tmp/c.hidfix'],
		});
	});

	it('quits without a window when another instance holds the lock', async () => {
		vi.resetModules();
		const electron = await electronMock();
		electron.app.lockAvailable = false;
		process.argv = ['/usr/lib/electron/electron', '.', '/tmp/a.hidfix'];
		await import('./index.js');
		await new Promise((r) => setTimeout(r, 0));
		expect(electron.app.quitCalls).toBe(1);
		expect(electron.app.lockData).toEqual({ argv: process.argv, cwd: process.cwd() });
		expect(electron.BrowserWindow.instances).toEqual([]);
	});
});
