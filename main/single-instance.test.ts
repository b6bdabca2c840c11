import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LaunchData } from './open-files.js';
import { claimSingleInstance } from './single-instance.js';

vi.mock('electron', () => import('./test/electron-mock.js'));
const { app, resetElectronMock } = await import('./test/electron-mock.js');

describe('claimSingleInstance', () => {
	beforeEach(() => resetElectronMock());

	it('sends our own argv and cwd as additionalData when taking the lock', () => {
		const launch = { argv: ['/opt/hidfix/hidfix', 'a.hidfix'], cwd: '/home/ana' };
		expect(claimSingleInstance(app, launch, () => undefined)).toBe(true);
		expect(app.lockData).toEqual({ argv: ['/opt/hidfix/hidfix', 'a.hidfix'], cwd: '/home/ana' });
	});

	it('reports a second start from its additionalData, not from Chromium’s reordered argv', () => {
		const seen: LaunchData[] = [];
		claimSingleInstance(app, { argv: [], cwd: '/' }, (d) => seen.push(d));
		app.emit('second-instance', {}, ['/opt/hidfix/hidfix', '--enable-foo', 'b.hidfix'], '/wrong', {
			argv: ['/opt/hidfix/hidfix', 'b.hidfix'],
			cwd: '/home/ana/Downloads',
		});
		expect(seen).toEqual([{ argv: ['/opt/hidfix/hidfix', 'b.hidfix'], cwd: '/home/ana/Downloads' }]);
	});

	it('falls back to Electron’s argv and working directory when additionalData is not ours', () => {
		const seen: LaunchData[] = [];
		claimSingleInstance(app, { argv: [], cwd: '/' }, (d) => seen.push(d));
		app.emit('second-instance', {}, ['/opt/hidfix/hidfix', 'c.hidfix'], '/srv', { argv: 'nope' });
		expect(seen).toEqual([{ argv: ['/opt/hidfix/hidfix', 'c.hidfix'], cwd: '/srv' }]);
	});

	it('returns false and listens to nothing when another instance holds the lock', () => {
		app.lockAvailable = false;
		expect(claimSingleInstance(app, { argv: [], cwd: '/' }, () => undefined)).toBe(false);
		expect(app.listenerCount('second-instance')).toBe(0);
	});
});
