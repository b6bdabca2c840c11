/**
 * Electron main: lifecycle only. Everything with logic lives in small modules beside this one
 * (argv parsing, inbox, single instance, window, protocol, IPC, services) and is tested there.
 */
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { CHANNELS } from '../app/common/ipc/contract.js';
import { trustPaths } from '../app/node/trust/paths.js';
import { FileInbox } from './file-inbox.js';
import { handleAll } from './ipc/handle.js';
import { createHandlers } from './ipc/handlers.js';
import { argvSkip, bundlePathsFromArgv, type LaunchData } from './open-files.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { createAppServices } from './services/app-services.js';
import { helperLauncher } from './services/helper-launcher.js';
import { OfferedPaths } from './services/path-policy.js';
import { claimSingleInstance } from './single-instance.js';
import { createMainWindow, lockDownContents, lockDownSession } from './window.js';

const here = import.meta.dirname;
const offered = new OfferedPaths();
const inbox = new FileInbox(offered);
let win: BrowserWindow | undefined;

const pathsOf = (launch: LaunchData) =>
	bundlePathsFromArgv(launch.argv, launch.cwd, argvSkip(app.isPackaged));

function showWindow(): void {
	if (!win || win.isDestroyed()) return;
	if (win.isMinimized()) win.restore();
	win.focus();
}

function openWindow(): void {
	win = createMainWindow({ preload: join(here, '../preload/index.cjs') });
	const contents = win.webContents;
	inbox.connect((path) => contents.send(CHANNELS.fileOpened, path));
	// A reload is a new page that has not subscribed yet: queue until it takes the pending files.
	contents.on('did-start-loading', () => inbox.connect((path) => contents.send(CHANNELS.fileOpened, path)));
	win.on('closed', () => {
		inbox.connect(undefined);
		win = undefined;
	});
}

registerAppScheme();
const launch: LaunchData = { argv: process.argv, cwd: process.cwd() };
if (
	!claimSingleInstance(app, launch, (second) => {
		inbox.receive(pathsOf(second));
		showWindow();
	})
) {
	app.quit();
} else {
	inbox.receive(pathsOf(launch));
	app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
	app.on('window-all-closed', () => app.quit());
	void app.whenReady().then(() => {
		lockDownSession();
		serveRenderer(join(here, '../renderer'));
		handleAll(
			createHandlers(
				createAppServices({
					trust: trustPaths(),
					paths: offered,
					inbox,
					helper: helperLauncher({
						packaged: app.isPackaged,
						appPath: app.getAppPath(),
						execPath: process.execPath,
						electron: true,
					}),
					generator: `hidfix ${app.getVersion()}`,
					chooseSavePath: async (name) => {
						const options = {
							title: 'Save the debug report',
							defaultPath: join(app.getPath('documents'), name),
							filters: [{ name: 'hidfix debug report', extensions: ['hidfix-report'] }],
						};
						const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
						return r.canceled ? undefined : r.filePath;
					},
				}),
			),
		);
		openWindow();
	});
}
