import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../app/common/ipc/contract.js';
import { createBundleService } from '../services/bundle-service.js';
import { OfferedPaths } from '../services/path-policy.js';
import { AUTHOR_FINGERPRINT, BUNDLES, corrupted, NOW, tempWorld } from '../test/fixtures.js';
import { handleAll } from './handle.js';
import { createHandlers } from './handlers.js';

vi.mock('electron', () => import('../test/electron-mock.js'));
const { appFrame, ipcMain, resetElectronMock } = await import('../test/electron-mock.js');

const world = tempWorld();
afterAll(() => world.cleanup());
const offered = new OfferedPaths();
const hostilePath = world.file('hostile.hidfix', corrupted('kamvas.hidfix'));
offered.offer(hostilePath);

const noHelper = async () => ({
	ok: false as const,
	code: 'helper-failed' as const,
	message: 'no helper in this test',
});
const noFixes = { test: noHelper, keep: noHelper, revert: noHelper, installed: noHelper };
const noSession = {
	record: noHelper,
	stop: noHelper,
	preview: noHelper,
	save: noHelper,
	helperLog: () => undefined,
	tested: () => undefined,
};

function register(): void {
	handleAll(
		createHandlers({
			bundles: createBundleService({
				trust: { userPath: world.trustedKeys },
				paths: offered,
				now: () => NOW,
			}),
			listDevices: async () => ({ ok: true, value: [] }),
			inbox: { takePending: () => ['/tmp/a.hidfix'] },
			fixes: noFixes,
			session: noSession,
		}),
	);
}

describe('IPC handlers', () => {
	beforeEach(() => {
		resetElectronMock();
		register();
	});

	it('registers exactly the contract’s channels', () => {
		expect([...ipcMain.handlers.keys()].sort()).toEqual(
			[
				CHANNELS.openBundle,
				CHANNELS.openBundleBytes,
				CHANNELS.listDevices,
				CHANNELS.takePendingFiles,
				CHANNELS.testFix,
				CHANNELS.keepFix,
				CHANNELS.revertFix,
				CHANNELS.installedFixes,
				CHANNELS.recordDevice,
				CHANNELS.stopRecording,
				CHANNELS.previewReport,
				CHANNELS.saveReport,
			].sort(),
		);
	});

	it('answers our top-level page', async () => {
		expect(await ipcMain.invoke(CHANNELS.takePendingFiles, appFrame())).toEqual({
			ok: true,
			value: ['/tmp/a.hidfix'],
		});
	});

	it.each([
		['no frame (destroyed)', null],
		['an iframe inside our page', { url: 'app://hidfix/index.html', parent: appFrame() }],
		['a page navigated elsewhere', { url: 'https://example.org/', parent: null }],
		['a file: page', { url: 'file:///home/ana/x.html', parent: null }],
		['a look-alike host', { url: 'app://hidfix.example.org/index.html', parent: null }],
		['credentials in the URL', { url: 'app://x@hidfix/index.html', parent: null }],
	])('refuses %s with sender-not-allowed, before looking at the payload', async (_what, frame) => {
		const reply = await ipcMain.invoke(CHANNELS.openBundle, frame, { path: hostilePath });
		expect(reply).toMatchObject({ ok: false, code: 'sender-not-allowed' });
	});

	it.each([
		['no payload', []],
		['a bare string', ['/tmp/a.hidfix']],
		['a relative path', [{ path: 'a.hidfix' }]],
		['an empty path', [{ path: '' }]],
		['a NUL in the path', [{ path: '/tmp/a\0.hidfix' }]],
		['an extra field', [{ path: '/tmp/a.hidfix', follow: true }]],
		['a path that is not a string', [{ path: ['/tmp/a.hidfix'] }]],
		['an overlong path', [{ path: `/${'a'.repeat(5000)}` }]],
		[
			'a class instance',
			[
				new (class {
					path = '/tmp/a.hidfix';
				})(),
			],
		],
		['two arguments', [{ path: '/tmp/a.hidfix' }, {}]],
	])('refuses %s for openBundle as bad-request', async (_what, args) => {
		const reply = await ipcMain.invoke(CHANNELS.openBundle, appFrame(), ...args);
		expect(reply).toMatchObject({ ok: false, code: 'bad-request' });
	});

	it.each([
		['bytes as a plain array', { name: 'a.hidfix', bytes: [1, 2, 3] }],
		['no name', { bytes: new Uint8Array(3) }],
		['a name with a newline', { name: 'a\n.hidfix', bytes: new Uint8Array(3) }],
	])('refuses %s for openBundleBytes as bad-request', async (_what, payload) => {
		const reply = await ipcMain.invoke(CHANNELS.openBundleBytes, appFrame(), payload);
		expect(reply).toMatchObject({ ok: false, code: 'bad-request' });
	});

	it.each([
		[CHANNELS.testFix, 'a device in lower case', { bundle: 'a'.repeat(64), device: '0003:045e:00d1.0001' }],
		[CHANNELS.testFix, 'a device path', { bundle: 'a'.repeat(64), device: '/sys/bus/hid/devices/x' }],
		[
			CHANNELS.testFix,
			'a bundle path instead of its hash',
			{ bundle: '/tmp/a.hidfix', device: '0003:045E:00D1.0001' },
		],
		[CHANNELS.testFix, 'bundle bytes', { bundle: new Uint8Array(64), device: '0003:045E:00D1.0001' }],
		[
			CHANNELS.testFix,
			'an extra field',
			{ bundle: 'a'.repeat(64), device: '0003:045E:00D1.0001', force: true },
		],
		[CHANNELS.keepFix, 'a path as fix id', { fixId: '../../etc/passwd' }],
		[CHANNELS.revertFix, 'an argv option as fix id', { fixId: '--help' }],
		[CHANNELS.revertFix, 'no fix id', {}],
		[CHANNELS.recordDevice, 'zero seconds', { device: '0003:045E:00D1.0001', seconds: 0, phase: 'before' }],
		[CHANNELS.recordDevice, 'two hours', { device: '0003:045E:00D1.0001', seconds: 7200, phase: 'before' }],
		[CHANNELS.recordDevice, 'a third phase', { device: '0003:045E:00D1.0001', seconds: 5, phase: 'during' }],
		[
			CHANNELS.previewReport,
			'a note that is too long',
			{ note: 'x'.repeat(20_001), includeKeyboardEvents: false },
		],
		[CHANNELS.saveReport, 'a string for a boolean', { note: '', includeKeyboardEvents: 'yes' }],
		[
			CHANNELS.saveReport,
			'a path to save to',
			{ note: '', includeKeyboardEvents: false, path: '/etc/passwd' },
		],
	])('refuses %s: %s as bad-request, without calling the helper', async (channel, _what, payload) => {
		const reply = await ipcMain.invoke(channel, appFrame(), payload);
		expect(reply).toMatchObject({ ok: false, code: 'bad-request' });
	});

	it('passes a valid Test request to the fix service', async () => {
		const reply = await ipcMain.invoke(CHANNELS.testFix, appFrame(), {
			bundle: 'a'.repeat(64),
			device: '0003:045E:00D1.0001',
		});
		expect(reply).toEqual({ ok: false, code: 'helper-failed', message: 'no helper in this test' });
	});

	it('refuses an argument for a call that takes none', async () => {
		expect(await ipcMain.invoke(CHANNELS.listDevices, appFrame(), { all: true })).toMatchObject({
			ok: false,
			code: 'bad-request',
		});
	});

	it('returns the bundle’s error code, as data, for a hostile bundle by path and by bytes', async () => {
		expect(await ipcMain.invoke(CHANNELS.openBundle, appFrame(), { path: hostilePath })).toMatchObject({
			ok: false,
			code: 'tar-bad-checksum',
		});
		const junk = new Uint8Array(4096).fill(0x41);
		const reply = await ipcMain.invoke(CHANNELS.openBundleBytes, appFrame(), {
			name: 'junk.hidfix',
			bytes: junk,
		});
		expect(reply).toMatchObject({ ok: false });
		expect((reply as { code: string }).code).toMatch(/^(tar|gzip|manifest)-/);
	});

	it('opens a golden bundle sent as bytes', async () => {
		const bytes = new Uint8Array(readFileSync(`${BUNDLES}/natural-scroll.hidfix`));
		const reply = await ipcMain.invoke(CHANNELS.openBundleBytes, appFrame(), {
			name: 'natural-scroll.hidfix',
			bytes,
		});
		expect(reply).toMatchObject({
			ok: true,
			value: {
				fileName: 'natural-scroll.hidfix',
				compressed: true,
				signers: [{ fingerprint: AUTHOR_FINGERPRINT }],
			},
		});
	});

	it('turns an exception in a service into internal-error, not a rejected promise', async () => {
		resetElectronMock();
		handleAll({
			...createHandlers({
				bundles: createBundleService({ trust: {}, paths: offered }),
				listDevices: () => Promise.reject(new Error('boom')),
				inbox: { takePending: () => [] },
				fixes: noFixes,
				session: noSession,
			}),
		});
		const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		expect(await ipcMain.invoke(CHANNELS.listDevices, appFrame())).toMatchObject({
			ok: false,
			code: 'internal-error',
		});
		expect(spy).toHaveBeenCalledOnce();
		spy.mockRestore();
	});
});
