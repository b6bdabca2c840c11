import { describe, expect, it } from 'vitest';
import { trustPaths } from './paths.js';

describe('trustPaths', () => {
	it('follows XDG, ignoring relative values, and keeps roots injectable', () => {
		expect([
			trustPaths({ env: {}, homedir: '/home/u' }),
			trustPaths({
				env: { XDG_CONFIG_HOME: '/cfg', XDG_STATE_HOME: '/st' },
				homedir: '/home/u',
				systemDir: '/tmp/etc',
			}),
			trustPaths({ env: { XDG_CONFIG_HOME: 'rel', XDG_STATE_HOME: '' }, homedir: '/home/u' }),
		]).toEqual([
			{
				systemPath: '/etc/hidfix/allowed_signers',
				userPath: '/home/u/.config/hidfix/allowed_signers',
				versionsPath: '/home/u/.local/state/hidfix/versions.json',
			},
			{
				systemPath: '/tmp/etc/allowed_signers',
				userPath: '/cfg/hidfix/allowed_signers',
				versionsPath: '/st/hidfix/versions.json',
			},
			{
				systemPath: '/etc/hidfix/allowed_signers',
				userPath: '/home/u/.config/hidfix/allowed_signers',
				versionsPath: '/home/u/.local/state/hidfix/versions.json',
			},
		]);
	});
});
