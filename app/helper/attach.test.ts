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
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, NOW, golden, goldenContents } from '../test/fixtures/bundles/kit.js';
import type { InstallRoots } from '../node/elevation/install-layout.js';
import { listInstalledFixes } from '../node/elevation/installed-fixes.js';
import type { LoaderResult, RunLoader } from './loader-run.js';
import { parseRequest } from './request.js';
import { runHelper, type HelperEnv } from './run.js';

const SYSNAME = '0003:045E:00D1.0001';
const MOUSE = 'hid:b0003g0001v0000045Ep000000D1';
const FIX_ID = 'org.hidfix.test.microsoft-natural-scroll';
const PROGRAM = basename(goldenContents('natural-scroll.hidfix').manifest.programs[0]!.file);
const PIN = PROGRAM.replace(/\.o$/, '').replace(/[:.]/g, '_');
const DEV_PINS = `bpf/hid/${SYSNAME.replace(/[:.]/g, '_')}/`;
const TESTING = [
	`${DEV_PINS}${PIN}/`,
	`run/hidfix/fixes/${FIX_ID}/${PROGRAM}`,
	`run/hidfix/fixes/${FIX_ID}/fix.json`,
	`run/udev/rules.d/90-hidfix-${FIX_ID}.rules`,
];

interface Call {
	readonly args: readonly string[];
	/** The object file's bytes at the moment the loader ran. */
	readonly object?: Uint8Array;
}

const pinDir = (sysname: string) => sysname.replace(/[:.]/g, '_');

/**
 * A temp root with a fake sysfs (the mouse, unless unplugged), a system trust store, and a fake
 * hidfix-loader that pins like the real one: attach makes `<bpffs>/hid/<dev>/<pin>/`, detach removes
 * it (exit 10 when there is nothing to detach).
 */
export function setup(
	opts: {
		modalias?: string;
		connected?: boolean;
		trusted?: boolean;
		loader?: LoaderResult;
		crashOnAttach?: boolean;
	} = {},
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
	const roots: InstallRoots = {
		run: join(dir, 'run/hidfix'),
		state: join(dir, 'var/lib/hidfix'),
		runtimeRules: join(dir, 'run/udev/rules.d'),
		persistentRules: join(dir, 'etc/udev/rules.d'),
		bpffs: join(dir, 'bpf'),
	};
	const calls: Call[] = [];
	const loader: RunLoader = async (args) => {
		calls.push({ args, ...(args[0] === 'attach' && { object: new Uint8Array(readFileSync(args[2]!)) }) });
		if (args[0] === 'attach') {
			if (opts.crashOnAttach) throw new Error('simulated crash: the helper dies during the attach');
			if (opts.loader) return opts.loader;
			const pin = basename(args[2]!).replace(/\.o$/, '').replace(/[:.]/g, '_');
			mkdirSync(join(roots.bpffs, 'hid', pinDir(basename(args[1]!)), pin), { recursive: true });
			return { status: 0, json: { ok: true, command: 'attach', name: pin }, stderr: '' };
		}
		const pins = join(roots.bpffs, 'hid', pinDir(args[1]!), args[2]!);
		if (!existsSync(pins)) return { status: 10, json: { ok: false, code: 'not-attached' }, stderr: '' };
		rmSync(pins, { recursive: true });
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
		sysfs,
		systemTrust,
		roots,
		loader,
		loaderPath: '/opt/hidfix/bin/hidfix-loader',
		binDir: '/opt/hidfix/bin',
		dev: join(dir, 'dev'),
		write: (t) => (out += t),
		stdinClosed: () => Promise.resolve(),
	});
	const run = async (argv: string[], stdin?: Uint8Array, euid?: number) => {
		out = '';
		const code = await runHelper(argv, env(stdin, euid));
		return { code, json: JSON.parse(out) as Record<string, unknown> };
	};
	/** What the helper left: every file under the temp root (not the fake sysfs or the trust store) and every pin dir. */
	const state = (): string[] => {
		const walk = (d: string): string[] =>
			readdirSync(d, { withFileTypes: true }).flatMap((e) => {
				const p = join(d, e.name);
				if (!e.isDirectory()) return [p];
				return /\/bpf\/hid\/[^/]+\/[^/]+$/.test(p) ? [`${p}/`] : walk(p);
			});
		return walk(dir)
			.filter((p) => !p.startsWith(`${sysfs}/`) && p !== systemTrust)
			.map((p) => p.slice(dir.length + 1))
			.sort();
	};
	return { dir, roots, calls, logs, run, state };
}

describe('hidfix-helper attach', () => {
	it('verifies the bundle itself, installs it for the test, attaches exactly the verified object', async () => {
		const s = setup();
		const r = await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'));
		expect(r).toEqual({
			code: 0,
			json: {
				ok: true,
				verb: 'attach',
				fix: { id: FIX_ID, version: '2.1.0-rc.1', title: 'Microsoft Optical Mouse: natural scrolling' },
				signers: [expect.stringMatching(/^SHA256:/)],
				device: SYSNAME,
				objects: [PIN],
			},
		});
		const installed = join(s.roots.run, 'fixes', FIX_ID, PROGRAM);
		expect(s.calls.map((c) => c.args)).toEqual([
			['attach', join(s.dir, 'sys/bus/hid/devices', SYSNAME), installed],
		]);
		// The program bytes the loader got are the ones the signed manifest hashes.
		const { manifest } = goldenContents('natural-scroll.hidfix');
		expect(createHash('sha256').update(s.calls[0]!.object!).digest('hex')).toBe(manifest.programs[0]!.sha256);
		// Volatile install: files under /run, a runtime udev rule, the version record; no journal left.
		expect(s.state()).toEqual([...TESTING, 'var/lib/hidfix/versions.json'].sort());
		const rule = readFileSync(join(s.dir, TESTING[3]!), 'utf8');
		expect(rule).toContain(
			`ENV{MODALIAS}=="hid:b0003g0001v0000045Ep000000D1", RUN+="/opt/hidfix/bin/hidfix-loader attach /sys%p ${installed}"`,
		);
		expect(readFileSync(join(s.dir, 'var/lib/hidfix/versions.json'), 'utf8')).toContain('2.1.0-rc.1');
		expect(s.logs.join('\n')).toMatch(
			/verified org\.hidfix\.test\.microsoft-natural-scroll 2\.1\.0-rc\.1 signed by SHA256:/,
		);
	});

	it('refuses to test a fix that is already installed', async () => {
		const s = setup();
		expect((await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'))).code).toBe(0);
		const before = s.state();
		const r = await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'));
		expect([r.code, r.json.code, r.json.message]).toEqual([
			1,
			'already-installed',
			`Microsoft Optical Mouse: natural scrolling (${FIX_ID}) is already under test on this system; revert it first.`,
		]);
		expect(s.state()).toEqual(before);
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
		expect(s.state()).toEqual([]);
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
		expect((await s.run(['detach', FIX_ID])).code).toBe(0);
		const versions = join(s.roots.state, 'versions.json');
		writeFileSync(versions, readFileSync(versions, 'utf8').replace('2.1.0-rc.1', '3.0.0'));
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
		// Rolled back: nothing installed, no journal, no version raised.
		expect(s.state()).toEqual([]);
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

describe('hidfix-helper keep and detach (Revert)', () => {
	it('keep moves the fix to /var/lib with a rule in /etc/udev; detach removes everything', async () => {
		const s = setup();
		expect((await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'))).code).toBe(0);
		const kept = await s.run(['keep', FIX_ID]);
		expect(kept).toEqual({ code: 0, json: { ok: true, verb: 'keep', fix: FIX_ID, version: '2.1.0-rc.1' } });
		expect(files(s)).toEqual(
			[
				`etc/udev/rules.d/90-hidfix-${FIX_ID}.rules`,
				`var/lib/hidfix/fixes/${FIX_ID}/${PROGRAM}`,
				`var/lib/hidfix/fixes/${FIX_ID}/fix.json`,
			].sort(),
		);
		expect(readFileSync(join(s.dir, `etc/udev/rules.d/90-hidfix-${FIX_ID}.rules`), 'utf8')).toMatch(
			new RegExp(`# Kept by the user[^]*attach /sys%p ${s.roots.state}/fixes/${FIX_ID}/${PROGRAM}"`),
		);
		// The live program was never touched by Keep.
		expect(existsSync(join(s.dir, DEV_PINS, PIN))).toBe(true);
		expect((await s.run(['keep', FIX_ID])).code).toBe(0);

		const reverted = await s.run(['detach', FIX_ID]);
		expect(reverted).toEqual({
			code: 0,
			json: { ok: true, verb: 'detach', fix: FIX_ID, version: '2.1.0-rc.1' },
		});
		expect(files(s)).toEqual([]);
		expect(existsSync(join(s.dir, DEV_PINS, PIN))).toBe(false);
	});

	it('installed fixes are listable by anyone, whatever the umask, and listed with where they are attached', async () => {
		const s = setup();
		const old = process.umask(0o077);
		try {
			expect((await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'))).code).toBe(0);
		} finally {
			process.umask(old);
		}
		const mode = (p: string) => (statSync(join(s.dir, p)).mode & 0o777).toString(8);
		expect([
			mode('run/hidfix'),
			mode('run/hidfix/fixes'),
			mode(`run/hidfix/fixes/${FIX_ID}`),
			mode(`run/hidfix/fixes/${FIX_ID}/fix.json`),
			mode(`run/hidfix/fixes/${FIX_ID}/${PROGRAM}`),
		]).toEqual(['755', '755', '755', '644', '644']);
		const listed = await listInstalledFixes(s.roots);
		expect(
			listed.map((f) => [
				f.state,
				'record' in f ? f.record.id : f.id,
				'record' in f ? f.attachedTo : f.problem,
			]),
		).toEqual([['testing', FIX_ID, [SYSNAME]]]);
		expect((await s.run(['keep', FIX_ID])).code).toBe(0);
		expect((await listInstalledFixes(s.roots)).map((f) => f.state)).toEqual(['kept']);
		writeFileSync(join(s.roots.state, 'fixes', FIX_ID, 'fix.json'), '{"format":"other"}');
		expect(await listInstalledFixes(s.roots)).toEqual([
			{ state: 'kept', id: FIX_ID, problem: 'its record is damaged (not a fix record)' },
		]);
	});

	it('detach finds the program on every device that has it pinned (replugged: a new sysname)', async () => {
		const s = setup();
		expect((await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'))).code).toBe(0);
		mkdirSync(join(s.roots.bpffs, 'hid/0003_045E_00D1_0002', PIN), { recursive: true });
		expect((await s.run(['detach', FIX_ID])).code).toBe(0);
		expect(s.calls.filter((c) => c.args[0] === 'detach').map((c) => c.args)).toEqual([
			['detach', SYSNAME, PIN],
			['detach', '0003:045E:00D1.0002', PIN],
		]);
		expect(readdirSync(join(s.roots.bpffs, 'hid', '0003_045E_00D1_0002'))).toEqual([]);
	});

	it.each([
		['keep', /is not under test here; test it first/],
		['detach', /is not installed here; nothing to revert/],
	])('%s of a fix that is not installed says so', async (verb, message) => {
		const s = setup();
		const r = await s.run([verb, FIX_ID]);
		expect([r.code, r.json.code, r.json.message]).toEqual([
			1,
			'not-installed',
			expect.stringMatching(message),
		]);
	});
});

describe('a crash half-way', () => {
	it('during the attach: the next run of the helper, whatever its verb, restores the system exactly', async () => {
		const s = setup({ crashOnAttach: true });
		await expect(s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'))).rejects.toThrow(
			/simulated crash/,
		);
		// What a crash leaves: the journal, the installed files and the rule (and maybe pins).
		expect(files(s)).toEqual(
			[
				'var/lib/hidfix/journal.json',
				`run/hidfix/fixes/${FIX_ID}/${PROGRAM}`,
				`run/hidfix/fixes/${FIX_ID}/fix.json`,
				`run/udev/rules.d/90-hidfix-${FIX_ID}.rules`,
			].sort(),
		);
		mkdirSync(join(s.roots.bpffs, 'hid', SYSNAME.replace(/[:.]/g, '_'), PIN), { recursive: true });
		const next = await s.run(['detach', FIX_ID]);
		expect([next.code, next.json.code]).toEqual([1, 'not-installed']);
		expect(s.logs).toContain(`finished an interrupted test (rolled back) of ${FIX_ID}`);
		expect(files(s)).toEqual([]);
		expect(existsSync(join(s.roots.bpffs, 'hid', SYSNAME.replace(/[:.]/g, '_'), PIN))).toBe(false);
	});

	it.each([
		['keep', 'keep (rolled back)', 'testing'],
		['keep-commit', 'keep (completed)', 'kept'],
		['detach', 'revert (completed)', 'none'],
	] as const)('during %s: finished as "%s", leaving the fix %s', async (op, what, left) => {
		const s = setup();
		expect((await s.run(['attach', SYSNAME], golden('natural-scroll.hidfix'))).code).toBe(0);
		// Both copies on disk, as a crash in the middle of a keep leaves them, and that op's journal.
		expect((await s.run(['keep', FIX_ID])).code).toBe(0);
		const keptFiles = files(s);
		const testing = (x: string) => join(s.dir, x);
		mkdirSync(testing(`run/hidfix/fixes/${FIX_ID}`), { recursive: true });
		for (const f of [PROGRAM, 'fix.json'])
			copyFileSync(join(s.roots.state, 'fixes', FIX_ID, f), testing(`run/hidfix/fixes/${FIX_ID}/${f}`));
		writeFileSync(testing(`run/udev/rules.d/90-hidfix-${FIX_ID}.rules`), 'rule');
		const paths = {
			keep: [`etc/udev/rules.d/90-hidfix-${FIX_ID}.rules`, `var/lib/hidfix/fixes/${FIX_ID}`],
			'keep-commit': [`run/udev/rules.d/90-hidfix-${FIX_ID}.rules`, `run/hidfix/fixes/${FIX_ID}`],
			detach: [
				`run/udev/rules.d/90-hidfix-${FIX_ID}.rules`,
				`etc/udev/rules.d/90-hidfix-${FIX_ID}.rules`,
				`run/hidfix/fixes/${FIX_ID}`,
				`var/lib/hidfix/fixes/${FIX_ID}`,
			],
		}[op].map(testing);
		writeFileSync(
			join(s.roots.state, 'journal.json'),
			JSON.stringify({
				format: 'hidfix-journal',
				op,
				fixId: FIX_ID,
				device: SYSNAME,
				pins: op === 'detach' ? [PIN] : [],
				paths,
			}),
		);
		// Any verb recovers first; this one then finds nothing to do.
		expect((await s.run(['detach', 'org.example.other-fix'])).json.code).toBe('not-installed');
		expect(s.logs).toContain(`finished an interrupted ${what} of ${FIX_ID}`);
		const testingFiles = [
			`run/hidfix/fixes/${FIX_ID}/${PROGRAM}`,
			`run/hidfix/fixes/${FIX_ID}/fix.json`,
			`run/udev/rules.d/90-hidfix-${FIX_ID}.rules`,
		].sort();
		expect(files(s)).toEqual({ testing: testingFiles, kept: keptFiles, none: [] }[left]);
	});

	it('refuses a journal that names paths outside its own directories', async () => {
		const s = setup();
		mkdirSync(s.roots.state, { recursive: true });
		writeFileSync(
			join(s.roots.state, 'journal.json'),
			JSON.stringify({
				format: 'hidfix-journal',
				op: 'detach',
				fixId: FIX_ID,
				device: null,
				pins: [],
				paths: ['/etc/passwd'],
			}),
		);
		const r = await s.run(['detach', FIX_ID]);
		expect([r.code, r.json.code, r.json.message]).toEqual([
			1,
			'install-failed',
			expect.stringMatching(/is not a hidfix journal; fix or remove it by hand/),
		]);
	});
});

const files = (s: ReturnType<typeof setup>) =>
	s.state().filter((p) => !p.endsWith('/') && !p.endsWith('versions.json'));

describe('request parsing', () => {
	it.each([
		[[], /unknown verb ""/],
		[['load', SYSNAME], /unknown verb "load"/],
		[['attach'], /is not a HID device name/],
		[['attach', '../../etc'], /is not a HID device name/],
		[['attach', '0003:045e:00d1.0001'], /is not a HID device name/],
		[['attach', SYSNAME, 'x'], /too many arguments/],
		[['detach'], /is not a fix id/],
		[['detach', SYSNAME], /is not a fix id/],
		[['keep', '../../etc/passwd'], /is not a fix id/],
		[['keep', 'Org.Example.Fix'], /is not a fix id/],
		[['detach', FIX_ID, 'b'], /too many arguments/],
		[['record', SYSNAME], /is not a number of seconds from 1 to 3600/],
		[['record', SYSNAME, '0'], /is not a number of seconds/],
		[['record', SYSNAME, '3601'], /is not a number of seconds/],
		[['record', SYSNAME, '1e3'], /is not a number of seconds/],
		[['record', '/dev/hidraw0', '10'], /is not a HID device name/],
		[['record', SYSNAME, '10', 'x'], /too many arguments/],
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

describe('hidfix-helper record', () => {
	it('records nothing and says so for a device that is not there', async () => {
		const s = setup({ connected: false });
		const r = await s.run(['record', SYSNAME, '5']);
		expect([r.code, r.json.code, r.json.message]).toEqual([
			1,
			'device-not-found',
			expect.stringMatching(/is not present .*plugged in/),
		]);
		expect(s.state()).toEqual([]);
	});
});
