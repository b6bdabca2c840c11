/**
 * The one hand-written stand-in for the `electron` module in main's tests (used through
 * `vi.mock('electron', () => import('./test/electron-mock.js'))`). It records what main asks of
 * Electron and lets a test play Electron's part: fire app events, invoke an IPC channel from a
 * chosen frame, read what was sent to the page. Only the members main uses exist; anything else is
 * a TypeError, which is the point.
 */
import { EventEmitter } from 'node:events';

type Fn = (...args: never[]) => unknown;

/** A frame as `event.senderFrame` presents it. */
export interface FakeFrame {
	url: string;
	parent: FakeFrame | null;
}

export const appFrame = (): FakeFrame => ({ url: 'app://hidfix/index.html', parent: null });

class FakeWebContents extends EventEmitter {
	readonly sent: [string, ...unknown[]][] = [];
	readonly loaded: string[] = [];
	windowOpenHandler: Fn | undefined;
	send(channel: string, ...args: unknown[]): void {
		this.sent.push([channel, ...args]);
	}
	setWindowOpenHandler(handler: Fn): void {
		this.windowOpenHandler = handler;
	}
}

export class BrowserWindow extends EventEmitter {
	static readonly instances: BrowserWindow[] = [];
	readonly webContents = new FakeWebContents();
	readonly options: Record<string, unknown>;
	focused = 0;
	minimized = false;
	destroyed = false;
	constructor(options: Record<string, unknown>) {
		super();
		this.options = options;
		BrowserWindow.instances.push(this);
	}
	loadURL(url: string): Promise<void> {
		this.webContents.loaded.push(url);
		return Promise.resolve();
	}
	isDestroyed = () => this.destroyed;
	isMinimized = () => this.minimized;
	restore = () => {
		this.minimized = false;
	};
	focus = () => {
		this.focused++;
	};
	show = () => undefined;
}

class FakeApp extends EventEmitter {
	isPackaged = false;
	/** What requestSingleInstanceLock answers (false = another instance runs). */
	lockAvailable = true;
	lockData: unknown;
	quitCalls = 0;
	requestSingleInstanceLock(additionalData?: unknown): boolean {
		this.lockData = additionalData;
		return this.lockAvailable;
	}
	whenReady(): Promise<void> {
		return Promise.resolve();
	}
	getAppPath(): string {
		return '/opt/hidfix/resources/app.asar';
	}
	getVersion(): string {
		return '0.1.0';
	}
	getPath(_name: string): string {
		return '/home/user/Documents';
	}
	quit(): void {
		this.quitCalls++;
	}
}

export const app = new FakeApp();

interface InvokeEvent {
	senderFrame: FakeFrame | null;
	sender: FakeWebContents;
}

export const ipcMain = {
	handlers: new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>(),
	handle(channel: string, fn: (event: InvokeEvent, ...args: unknown[]) => unknown): void {
		// Electron throws on a second handler for the same channel; so does the mock.
		if (this.handlers.has(channel))
			throw new Error(`Attempted to register a second handler for '${channel}'`);
		this.handlers.set(channel, fn);
	},
	/** Plays the renderer: calls `channel` as if from `frame`. */
	async invoke(channel: string, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
		const fn = this.handlers.get(channel);
		if (!fn) throw new Error(`No handler registered for '${channel}'`);
		return fn({ senderFrame: frame, sender: new FakeWebContents() }, ...args);
	},
};

export const protocol = {
	privileged: [] as unknown[],
	handlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
	registerSchemesAsPrivileged(schemes: unknown[]): void {
		this.privileged.push(...schemes);
	},
	handle(scheme: string, fn: (request: { url: string }) => Promise<Response>): void {
		this.handlers.set(scheme, fn);
	},
};

export const session = {
	defaultSession: {
		permissionRequest: undefined as Fn | undefined,
		permissionCheck: undefined as Fn | undefined,
		devicePermission: undefined as Fn | undefined,
		setPermissionRequestHandler(fn: Fn) {
			this.permissionRequest = fn;
		},
		setPermissionCheckHandler(fn: Fn) {
			this.permissionCheck = fn;
		},
		setDevicePermissionHandler(fn: Fn) {
			this.devicePermission = fn;
		},
	},
};

export const contextBridge = {
	exposed: new Map<string, unknown>(),
	exposeInMainWorld(key: string, api: unknown): void {
		this.exposed.set(key, api);
	},
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
	invoked: [] as unknown[][],
	invoke(...args: unknown[]): Promise<unknown> {
		this.invoked.push(args);
		return Promise.resolve({ ok: true, value: null });
	},
});

/** Fresh state between tests (the module instance is shared). */
export function resetElectronMock(): void {
	BrowserWindow.instances.length = 0;
	app.removeAllListeners();
	app.isPackaged = false;
	app.lockAvailable = true;
	app.lockData = undefined;
	app.quitCalls = 0;
	ipcMain.handlers.clear();
	protocol.privileged.length = 0;
	protocol.handlers.clear();
	contextBridge.exposed.clear();
	ipcRenderer.removeAllListeners();
	ipcRenderer.invoked.length = 0;
}

/** Save dialogs answer what a test put here (undefined = the user cancelled). */
export const dialog = {
	nextSavePath: undefined as string | undefined,
	async showSaveDialog(..._args: unknown[]): Promise<{ canceled: boolean; filePath: string | undefined }> {
		const filePath = dialog.nextSavePath;
		return { canceled: filePath === undefined, filePath };
	},
};
