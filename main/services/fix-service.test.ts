/**
 * The fix service between the IPC and the helper client: it sends the bytes main verified (looked up
 * by hash), never renderer bytes, relays the helper's log, and flattens the helper's errors.
 */
import { describe, expect, it } from 'vitest';
import type { HelperClient } from '../../app/node/elevation/helper-client.js';
import { createFixService } from './fix-service.js';
import { helperLauncher, INSTALLED_HELPER } from './helper-launcher.js';

const SHA = 'a'.repeat(64);
const BYTES = Uint8Array.of(1, 2, 3);

function client(overrides: Partial<HelperClient> = {}) {
	const calls: unknown[][] = [];
	const c: HelperClient = {
		async attach(sysname, bundle, onLog) {
			calls.push(['attach', sysname, bundle]);
			onLog?.('hidfix-helper: attached');
			return {
				ok: true,
				value: {
					verb: 'attach',
					fix: { id: 'org.example.fix', version: '1.0.0', title: 'A fix' },
					signers: ['SHA256:x'],
					device: sysname,
					objects: ['a_bpf'],
				},
			};
		},
		async keep(fixId) {
			calls.push(['keep', fixId]);
			return { ok: true, value: { verb: 'keep', fix: fixId, version: '1.0.0' } };
		},
		record: async () => ({ ok: false, error: { code: 'helper-failed', message: 'not here' } }),
		async detach(fixId, onLog) {
			calls.push(['detach', fixId]);
			onLog?.('hidfix-helper: reverted');
			return { ok: true, value: { verb: 'detach', fix: fixId, version: '1.0.0' } };
		},
		...overrides,
	};
	return { c, calls };
}

describe('fix service', () => {
	it('tests with the bytes main holds for that hash, and returns the helper log', async () => {
		const { c, calls } = client();
		const s = createFixService({ held: (h) => (h === SHA ? BYTES : undefined), helper: c });
		expect(await s.test(SHA, '0003:045E:00D1.0001')).toEqual({
			ok: true,
			value: {
				fixId: 'org.example.fix',
				version: '1.0.0',
				title: 'A fix',
				device: '0003:045E:00D1.0001',
				objects: ['a_bpf'],
				log: ['hidfix-helper: attached'],
			},
		});
		expect(calls).toEqual([['attach', '0003:045E:00D1.0001', BYTES]]);
		expect(await s.revert('org.example.fix')).toEqual({
			ok: true,
			value: { fixId: 'org.example.fix', version: '1.0.0', log: ['hidfix-helper: reverted'] },
		});
		expect((await s.keep('org.example.fix')).ok).toBe(true);
	});

	it('refuses a hash it does not hold without running the helper', async () => {
		const { c, calls } = client();
		const s = createFixService({ held: () => undefined, helper: c });
		expect(await s.test(SHA, '0003:045E:00D1.0001')).toEqual({
			ok: false,
			code: 'bundle-not-open',
			message: 'This bundle is no longer open in hidfix; open it again.',
		});
		expect(calls).toEqual([]);
	});

	it("flattens the helper's error detail (bundle code, loader code, verifier log)", async () => {
		const { c } = client({
			attach: async () => ({
				ok: false,
				error: {
					code: 'loader-failed',
					message: 'x.bpf.o could not be attached: the verifier said no',
					detail: {
						loader: {
							ok: false,
							code: 'verifier-rejected',
							detail: { verifierLog: 'R1 invalid mem access' },
						},
					},
				},
			}),
		});
		const s = createFixService({ held: () => BYTES, helper: c });
		expect(await s.test(SHA, '0003:045E:00D1.0001')).toEqual({
			ok: false,
			code: 'loader-failed',
			message: 'x.bpf.o could not be attached: the verifier said no',
			detail: { loaderCode: 'verifier-rejected', verifierLog: 'R1 invalid mem access' },
		});
	});
});

describe('helper launcher', () => {
	it('installed: pkexec and the root-owned helper the polkit policy names', () => {
		expect(helperLauncher({ packaged: true, appPath: '/x', execPath: '/x/hidfix', electron: true })).toEqual({
			command: 'pkexec',
			args: [INSTALLED_HELPER],
		});
	});

	it('from a checkout: pkexec and the built helper under the same Node (Electron as Node)', () => {
		expect(
			helperLauncher({ packaged: false, appPath: '/src/hidfix', execPath: '/e/electron', electron: true }),
		).toEqual({
			command: 'pkexec',
			args: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', '/e/electron', '/src/hidfix/out/app/helper/main.js'],
		});
		expect(
			helperLauncher({ packaged: false, appPath: '/src/hidfix', execPath: '/usr/bin/node', electron: false }),
		).toEqual({
			command: 'pkexec',
			args: ['/usr/bin/node', '/src/hidfix/out/app/helper/main.js'],
		});
	});
});
