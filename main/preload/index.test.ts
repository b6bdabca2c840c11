import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, type HidfixApi } from '../../app/common/ipc/contract.js';
import type * as ElectronMock from '../test/electron-mock.js';

vi.mock('electron', () => import('../test/electron-mock.js'));
const electron = (await import('electron')) as unknown as typeof ElectronMock;
await import('./index.js');
const api = electron.contextBridge.exposed.get('hidfix') as HidfixApi;

describe('preload', () => {
	it('exposes exactly the contract’s methods as window.hidfix', () => {
		expect([...electron.contextBridge.exposed.keys()]).toEqual(['hidfix']);
		expect(Object.keys(api).sort()).toEqual(
			[
				'listDevices',
				'onOpenFile',
				'openBundle',
				'openBundleBytes',
				'takePendingFiles',
				'testFix',
				'keepFix',
				'revertFix',
				'installedFixes',
				'recordDevice',
				'stopRecording',
				'previewReport',
				'saveReport',
			].sort(),
		);
	});

	it('sends one payload object per call on the contract’s channels', async () => {
		const bytes = new Uint8Array([1, 2]);
		await api.openBundle('/tmp/a.hidfix');
		await api.openBundleBytes('a.hidfix', bytes);
		await api.listDevices();
		await api.takePendingFiles();
		await api.testFix('a'.repeat(64), '0003:045E:00D1.0001');
		await api.keepFix('org.example.fix');
		await api.revertFix('org.example.fix');
		expect(electron.ipcRenderer.invoked).toEqual([
			[CHANNELS.openBundle, { path: '/tmp/a.hidfix' }],
			[CHANNELS.openBundleBytes, { name: 'a.hidfix', bytes }],
			[CHANNELS.listDevices],
			[CHANNELS.takePendingFiles],
			[CHANNELS.testFix, { bundle: 'a'.repeat(64), device: '0003:045E:00D1.0001' }],
			[CHANNELS.keepFix, { fixId: 'org.example.fix' }],
			[CHANNELS.revertFix, { fixId: 'org.example.fix' }],
		]);
	});

	it('passes only string paths to onOpenFile listeners, and unsubscribes', () => {
		const seen: string[] = [];
		const off = api.onOpenFile((p) => seen.push(p));
		electron.ipcRenderer.emit(CHANNELS.fileOpened, { sender: 'event' }, '/tmp/a.hidfix');
		electron.ipcRenderer.emit(CHANNELS.fileOpened, { sender: 'event' }, { path: '/x' });
		off();
		electron.ipcRenderer.emit(CHANNELS.fileOpened, { sender: 'event' }, '/tmp/b.hidfix');
		expect(seen).toEqual(['/tmp/a.hidfix']);
	});
});
