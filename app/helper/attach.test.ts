/**
 * The helper's attach/detach on a fake sysfs with the golden natural-scroll bundle and a fake
 * hidfix-loader that records what it was asked and what file it was given. The real loader and
 * kernel run in bpf/test/kernel/helper.test.mjs.
 */
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, NOW, golden, goldenContents } from '../test/fixtures/bundles/kit.js';
import type { LoaderResult, RunLoader } from './loader-run.js';
import { parseRequest } from './request.js';
import { runHelper, type HelperEnv } from './run.js';
import { formatIds, parseHidModalias, targets } from './targets.js';

const SYSNAME = '0003:045E:00D1.0001';
const MOUSE = 'hid:b0003g0001v0000045Ep000000D1';

interface Call {
	readonly args: readonly string[];
	/** The object file's bytes at the moment the loader ran. */
	readonly object?: Uint8Array;
}

function setup(
	opts: { modalias?: string; connected?: boolean; trusted?: boolean; loader?: LoaderResult } = {},
) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-helper-'));
	const sysfs = join(dir, 'sys');
	if (opts.connected !== false) {
		const dev = join(sysfs, 'bus/hid/devices', SYSNAME);
		mkdirSync(dev, { recursive: true });
		writeFileSync(
			join(dev, 'uevent'),
			`HID_ID=0003:0000045E:000000D1\nHID_NAME=Microsoft Optical Mouse\nMODALIAS=${opts.modalias ?? MOUSE}\n`,
		);
		writeFileSync(join(dev, 'report_descriptor'), Uint8Array.of(0x05, 0x01));
	}
	mkdirSync(join(dir, 'etc'));
	const systemTrust = join(dir, 'etc/allowed_signers');
	if (opts.trusted !== false) copyFileSync(join(FIXTURES, 'keys/allowed_signers'), systemTrust);
	const calls: Call[] = [];
	const loader: RunLoader = async (args) => {
		calls.push({ args, ...(args[0] === 'attach' && { object: new Uint8Array(readFileSync(args[2]!)) }) });
		if (args[0] === 'attach')
			return (
				opts.loader ?? { status: 0, json: { ok: true, command: 'attach', name: 'natural_bpf' }, stderr: '' }
			);
		return { status: 0, json: { ok: true, command: 'detach' }, stderr: '' };
	};
	let out = '';
	const logs: string[] = [];
	const env = (stdin: Uint8Array | undefined, euid = 0): HelperEnv => ({
		euid,
		readStdin: async () => stdin,
		out: (l) => (out += `${l}\n`),
		log: (l) => logs.push(l),
		now: () => NOW,
		paths: { sysfs, systemTrust, versions: join(dir, 'var/versions.json'), runDir: join(dir, 'run') },
		loader,
	});
	const run = async (argv: string[], stdin?: Uint8Array, euid?: number) => {
		out = '';
		const code = await runHelper(argv, env(stdin, euid));
		return { code, json: JSON.parse(out) as Record<string, unknown> };
	};
	return { dir, calls, logs, run };
}

describe('hidfix-helper attach', () => {
	it('verifies the bundle itself, hands the loader exactly the verified object, records the version', async () => {
		const s = setup();
		const bundle = golden('natural-scroll.hidfix');
		const r = await s.run(['attach', SYSNAME], bundle);
		expect(r).toEqual({
			code: 0,
			json: {
				ok: true,
				verb: 'attach',
				fix: {
					id: 'org.hidfix.test.microsoft-natural-scroll',
					version: '2.1.0-rc.1',
					title: 'Microsoft Optical Mouse: natural scrolling',
				},
				signers: [expect.stringMatching(/^SHA256:/)],
				device: SYSNAME,
				objects: ['natural_bpf'],
			},
		});
		expect(s.calls).toHaveLength(1);
		const [verb, device, object] = s.calls[0]!.args;
		expect([verb, device]).toEqual(['attach', join(s.dir, 'sys/bus/hid/devices', SYSNAME)]);
		expect(object).toMatch(new RegExp(`^${s.dir}/run/attach-[0-9a-f]{16}/[^/]+\\.bpf\\.o$`));
		// The program bytes the loader got are the ones the signed manifest hashes.
		const { manifest } = goldenContents('natural-scroll.hidfix');
		expect(createHash('sha256').update(s.calls[0]!.object!).digest('hex')).toBe(manifest.programs[0]!.sha256);
		expect(readdirSync(join(s.dir, 'run'))).toEqual([]);
		expect(readFileSync(join(s.dir, 'var/versions.json'), 'utf8')).toContain('2.1.0-rc.1');
		expect(s.logs.join('\n')).toMatch(
			/verified org\.hidfix\.test\.microsoft-natural-scroll 2\.1\.0-rc\.1 signed by SHA256:/,
		);
	});

	it.each([
		[
			'an untrusted signer',
			{ trusted: false },
			'bundle-rejected',
			/not in your trusted keys\. Fixes are loaded into the kernel only for signers in the system trust store \(\/etc\/hidfix\/allowed_signers\); an administrator adds one with `sudo hidfix keys add --system/,
		],
		['an unplugged device', { connected: false }, 'device-not-found', /is not connected; plug it in/],
		[
			'a device the fix is not for',
			{ modalias: 'hid:b0003g0001v0000046Dp0000C077' },
			'device-not-targeted',
			/not made for Microsoft Optical Mouse \(0003:0001:046D:C077\); nothing was changed/,
		],
	])('refuses %s before anything is loaded', async (_what, opts, code, message) => {
		const s = setup(opts);
		const r = await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'));
		expect([r.code, r.json.ok, r.json.code]).toEqual([1, false, code]);
		expect(r.json.message).toMatch(message);
		expect(s.calls).toEqual([]);
		expect(existsSync(join(s.dir, 'var/versions.json'))).toBe(false);
	});

	it('refuses a tampered bundle with the verifier code', async () => {
		const s = setup();
		const b = golden('kamvas.hidfix').slice();
		const at = b.length - 2048;
		b.set([b[at]! ^ 1], at);
		const r = await s.run(['attach', SYSNAME], b);
		expect([r.code, r.json.code]).toEqual([1, 'bundle-rejected']);
		expect((r.json.detail as { bundleCode: string }).bundleCode).toMatch(/^(payload|tar|entry)-/);
		expect(s.calls).toEqual([]);
	});

	it('refuses a downgrade against root’s version record', async () => {
		const s = setup();
		expect((await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'))).code).toBe(0);
		const records = readFileSync(join(s.dir, 'var/versions.json'), 'utf8');
		writeFileSync(join(s.dir, 'var/versions.json'), records.replace('2.1.0-rc.1', '3.0.0'));
		const r = await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'));
		expect([r.code, r.json.code, (r.json.detail as { bundleCode: string }).bundleCode]).toEqual([
			1,
			'bundle-rejected',
			'bundle-downgrade',
		]);
	});

	it('passes the loader’s refusal on, cleans up, and does not record the version', async () => {
		const s = setup({
			loader: {
				status: 7,
				json: { ok: false, code: 'verifier-rejected', message: 'the kernel verifier rejected the program' },
				stderr: '',
			},
		});
		const r = await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'));
		expect(r.json).toMatchObject({
			ok: false,
			code: 'loader-failed',
			message: expect.stringMatching(/could not be attached: the kernel verifier rejected the program$/),
			detail: { loader: { code: 'verifier-rejected' } },
		});
		expect(readdirSync(join(s.dir, 'run'))).toEqual([]);
		expect(existsSync(join(s.dir, 'var/versions.json'))).toBe(false);
	});

	it('refuses to run as anyone but root, and refuses an empty or oversized stdin', async () => {
		const s = setup();
		expect((await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'), 1000)).json.code).toBe(
			'not-root',
		);
		expect((await s.run(['attach', SYSNAME], new Uint8Array(0))).json.detail).toEqual({
			bundleCode: 'bundle-unreadable',
		});
		expect((await s.run(['attach', SYSNAME], undefined)).json.detail).toEqual({
			bundleCode: 'bundle-too-large',
		});
		expect(s.calls).toEqual([]);
	});
});

describe('hidfix-helper detach', () => {
	it('asks the loader to detach exactly the named object', async () => {
		const s = setup();
		const r = await s.run(['detach', SYSNAME, '0010-Microsoft__Optical-Mouse-Natural-Scroll_bpf']);
		expect(r).toEqual({
			code: 0,
			json: {
				ok: true,
				verb: 'detach',
				device: SYSNAME,
				object: '0010-Microsoft__Optical-Mouse-Natural-Scroll_bpf',
			},
		});
		expect(s.calls.map((c) => c.args)).toEqual([
			['detach', SYSNAME, '0010-Microsoft__Optical-Mouse-Natural-Scroll_bpf'],
		]);
	});
});

describe('request parsing', () => {
	it.each([
		[[], /unknown verb ""/],
		[['load', SYSNAME], /unknown verb "load"/],
		[['attach'], /is not a HID device name/],
		[['attach', '../../etc'], /is not a HID device name/],
		[['attach', '0003:045e:00d1.0001'], /is not a HID device name/],
		[['attach', SYSNAME, 'x'], /attach takes one device/],
		[['detach', SYSNAME], /is not an attached object's name/],
		[['detach', SYSNAME, '../x'], /is not an attached object's name/],
		[['detach', SYSNAME, 'a.bpf.o'], /is not an attached object's name/],
		[['detach', SYSNAME, 'a', 'b'], /too many arguments/],
	])('refuses %j', (argv, message) => {
		const r = parseRequest(argv);
		expect(r.ok ? undefined : [r.error.code, r.error.message]).toEqual([
			'bad-request',
			expect.stringMatching(message),
		]);
	});

	it('a bad request exits 2 without touching anything', async () => {
		const s = setup();
		const r = await s.run(['attach', 'nope']);
		expect([r.code, r.json.code]).toEqual([2, 'bad-request']);
		expect(s.calls).toEqual([]);
	});
});

describe('targets', () => {
	it('matches bus, group, vendor and product from the modalias, with wildcards', () => {
		const ids = parseHidModalias(MOUSE)!;
		expect(formatIds(ids)).toBe('0003:0001:045E:00D1');
		const t = (bus: string, group: string, vid: string, pid: string) =>
			targets([{ bus, group, vid, pid }], ids);
		expect([
			t('0x0003', '*', '0x045E', '0x00D1'),
			t('0x0003', '0x0001', '0x045E', '0x00D1'),
			t('0x0005', '*', '0x045E', '0x00D1'),
			t('*', '0x0004', '*', '*'),
			t('*', '*', '0x045E', '0x00D2'),
		]).toEqual([true, true, false, false, false]);
		expect(parseHidModalias('usb:v045Ep00D1')).toBeUndefined();
	});
});
