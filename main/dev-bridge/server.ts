/**
 * Loopback dev bridge: the built renderer and the same {@link HidfixApi} over HTTP, so the UI runs in
 * a plain browser (`npm run dev:web`, the Chromium tests) against the real core — no Electron.
 *
 * SECURITY: listens on 127.0.0.1 only, on a random port. Requests must carry our own Host (against DNS
 * rebinding) and, when present, our own Origin (another local web page cannot drive it); bundles open
 * by path only from one directory. Handlers are the app's own (`createHandlers`), behind the same
 * validators, so the bridge cannot drift from the IPC contract.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../../app/common/bundle/limits.js';
import type { InvokeChannel } from '../../app/common/ipc/contract.js';
import type { SysfsRoots } from '../../app/node/capture/sysfs-nodes.js';
import type { TrustStorePaths } from '../../app/node/trust/store.js';
import { DEV_WEB_CSP } from '../csp.js';
import { FileInbox } from '../file-inbox.js';
import { dispatch, type Handler } from '../ipc/dispatch.js';
import { createHandlers } from '../ipc/handlers.js';
import type { HelperLauncher } from '../../app/node/elevation/helper-client.js';
import type { InstallRoots } from '../../app/node/elevation/install-layout.js';
import { createAppServices } from '../services/app-services.js';
import { helperLauncher } from '../services/helper-launcher.js';
import { underDirectory } from '../services/path-policy.js';
import { readStatic } from '../static-files.js';
import { BRIDGE_METHODS, type BridgeMethod } from './routes.js';

export interface BridgeOptions {
	/** The web build of the renderer (with the shim), e.g. out/dev-web/renderer. */
	readonly rendererDir: string;
	/** Bundles may be opened by path only below this directory. */
	readonly bundleDir: string;
	readonly trust: TrustStorePaths;
	readonly sysfs?: SysfsRoots;
	readonly now?: () => Date;
	/** Handed to the page by takePendingFiles, as if the app had been started with them. */
	readonly pending?: readonly string[];
	/** How Test/Keep/Revert run the helper; default: pkexec and the built helper under this Node. */
	readonly helper?: HelperLauncher;
	/** Where "Save debug report" writes (a browser has no save dialog of ours); default: bundleDir. */
	readonly reportDir?: string;
	/** Where installed fixes are listed from (tests); default: the system's. */
	readonly installRoots?: InstallRoots;
}

export interface Bridge {
	readonly url: string;
	/** Like a second `hidfix file.hidfix` while the app runs: pushed to the page's onOpenFile. */
	offer(path: string): void;
	close(): Promise<void>;
}

/** base64 of the largest bundle, plus room for the JSON around it. */
const MAX_BODY = Math.ceil((DEFAULT_LIMITS.maxBundleBytes * 4) / 3) + 4096;

function readBody(req: IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				resolve(undefined);
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** JSON cannot carry bytes: the shim sends `bytes` as base64, turned back here before validation. */
function decodeArgs(text: string): unknown[] {
	if (text === '') return [];
	const value = JSON.parse(text) as unknown;
	if (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { bytes?: unknown }).bytes === 'string'
	) {
		const v = value as { bytes: string };
		return [{ ...v, bytes: new Uint8Array(Buffer.from(v.bytes, 'base64')) }];
	}
	return [value];
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
	res.writeHead(status, {
		'content-type': type,
		'content-security-policy': DEV_WEB_CSP,
		'x-content-type-options': 'nosniff',
		'cache-control': 'no-store',
	});
	res.end(body);
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
	// The path policy decides; the inbox only queues (offering is a no-op here).
	const inbox = new FileInbox({ offer: () => undefined });
	const handlers = createHandlers(
		createAppServices({
			trust: opts.trust,
			paths: underDirectory(opts.bundleDir),
			inbox,
			helper:
				opts.helper ??
				helperLauncher({
					packaged: false,
					appPath: join(import.meta.dirname, '../..'),
					execPath: process.execPath,
					electron: false,
				}),
			generator: 'hidfix (dev bridge)',
			chooseSavePath: async (name) => join(opts.reportDir ?? opts.bundleDir, name),
			...(opts.sysfs && { sysfs: opts.sysfs }),
			...(opts.now && { now: opts.now }),
			...(opts.installRoots && { installRoots: opts.installRoots }),
		}),
	);

	const events = new Set<ServerResponse>();
	inbox.connect((path) => {
		for (const res of events) res.write(`data: ${JSON.stringify(path)}\n\n`);
	});
	inbox.receive(opts.pending ?? []);

	let origin = '';
	const server = createServer((req, res) => {
		void route(req, res).catch((e: unknown) => {
			console.error('dev bridge:', e);
			if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
		});
	});

	async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', origin);
		if (req.headers.host !== new URL(origin).host) return send(res, 421, 'text/plain', 'wrong host');
		if (req.headers.origin !== undefined && req.headers.origin !== origin) {
			return send(res, 403, 'text/plain', 'foreign origin');
		}
		if (url.pathname === '/api/events' && req.method === 'GET') {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
			res.write(': connected\n\n');
			events.add(res);
			req.on('close', () => events.delete(res));
			return;
		}
		const method = /^\/api\/(\w+)$/.exec(url.pathname)?.[1];
		if (method !== undefined) {
			if (req.method !== 'POST' || !(method in BRIDGE_METHODS))
				return send(res, 404, 'text/plain', 'no such call');
			// A cross-site form can POST text/plain without preflight; JSON content type cannot be sent so.
			if (req.headers['content-type'] !== 'application/json')
				return send(res, 415, 'text/plain', 'JSON only');
			const body = await readBody(req);
			let args: unknown[];
			try {
				if (body === undefined) throw new Error('too large');
				args = decodeArgs(body);
			} catch {
				args = [Symbol('undecodable')]; // fails validation: answered as bad-request below
			}
			const channel: InvokeChannel = BRIDGE_METHODS[method as BridgeMethod];
			const reply = await dispatch(channel, handlers[channel] as Handler<typeof channel>, true, args);
			return send(res, 200, 'application/json', JSON.stringify(reply));
		}
		if (req.method !== 'GET') return send(res, 405, 'text/plain', 'GET only');
		const file = await readStatic(opts.rendererDir, url.pathname);
		if (file === undefined) return send(res, 404, 'text/plain', 'not found');
		return send(res, 200, file.type, file.body);
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: `${origin}/`,
		offer: (path) => inbox.receive([path]),
		async close() {
			for (const res of events) res.end();
			await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
		},
	};
}
