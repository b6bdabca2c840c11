/**
 * The renderer in Debian's Chromium, through the dev bridge, over the real core: golden bundles are
 * read, verified against a temp trust store and shown; devices come from a fake sysfs tree read by
 * the real device service. Nothing is stubbed between the page and the core. Any console error or
 * page error fails the test. The screenshot is kept in a temp dir (path printed) for a human look.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeSysfs } from '../../app/node/capture/fake-sysfs.test-helper.js';
import { readReport } from '../../app/node/report/report-file.js';
import { createBundleService } from '../services/bundle-service.js';
import { underDirectory } from '../services/path-policy.js';
import { AUTHOR_FINGERPRINT, corrupted, NOW, tempWorld } from '../test/fixtures.js';
import { startBridge, type Bridge } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
];

const world = tempWorld();
const rendererDir = join(world.dir, 'renderer');
const profile = mkdtempSync(join(tmpdir(), 'hidfix-chromium-'));
const shots = mkdtempSync(join(tmpdir(), 'hidfix-shots-'));
const sys = fakeSysfs();
sys.add({
	sysname: '0003:256C:006B.0004',
	hidraw: 2,
	uevent:
		'HID_ID=0003:0000256C:0000006B\nHID_NAME=HUION Huion Tablet_GT1902\nMODALIAS=hid:b0003g0004v0000256Cp0000006B\n',
});
sys.add({
	sysname: '0003:045E:00D1.0001',
	hidraw: 0,
	uevent:
		'HID_ID=0003:0000045E:000000D1\nHID_NAME=Microsoft Microsoft Optical Mouse\nMODALIAS=hid:b0003g0001v0000045Ep000000D1\n',
});
const kamvas = world.file('kamvas.hidfix');
world.file('natural-scroll.hidfix');
const damagedBytes = corrupted('kamvas.hidfix');

let context: BrowserContext;
const bridges: Bridge[] = [];
let problems: string[] = [];

const FAKE_HELPER = resolve(import.meta.dirname, '../test/fake-helper.mjs');
const installRoots = {
	run: join(world.dir, 'install/run'),
	state: join(world.dir, 'install/state'),
	runtimeRules: join(world.dir, 'install/rules-run'),
	persistentRules: join(world.dir, 'install/rules-etc'),
	bpffs: join(world.dir, 'install/bpf'),
};

async function bridge(
	trusted: boolean,
	pending: string[] = [],
	helper?: { calls: string; mode: 'ok' | 'cancel' | 'loader-fail'; fixId?: string },
): Promise<Bridge> {
	const b = await startBridge({
		rendererDir,
		bundleDir: world.dir,
		trust: { userPath: trusted ? world.trustedKeys : world.noKeys },
		sysfs: sys.roots,
		now: () => NOW,
		pending,
		// A stand-in helper (same protocol, no root); the real one runs in bpf/test/kernel/helper.test.mjs.
		helper: {
			command: process.execPath,
			args: [
				FAKE_HELPER,
				helper?.calls ?? join(world.dir, 'calls-unused.jsonl'),
				helper?.mode ?? 'ok',
				helper?.fixId ?? 'org.hidfix.test.huion-kamvas-pro-19',
				installRoots.run,
			],
		},
		reportDir: world.dir,
		installRoots,
	});
	bridges.push(b);
	return b;
}

async function open(url: string): Promise<Page> {
	const page = await context.newPage();
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	await page.goto(url);
	return page;
}

beforeAll(async () => {
	if (!existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} is missing: run scripts/install-system-deps.sh (apt-get install chromium)`);
	await build({
		configFile: resolve(import.meta.dirname, 'renderer.vite.config.ts'),
		logLevel: 'error',
		build: { outDir: rendererDir },
	});
	context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ARGS,
		viewport: { width: 1200, height: 1500 },
		colorScheme: 'light',
	});
}, 120_000);

afterEach(() => {
	// Checked after each test so the failing test is the one named.
	const seen = problems;
	problems = [];
	expect(seen).toEqual([]);
});

afterAll(async () => {
	await context?.close();
	await Promise.all(bridges.map((b) => b.close()));
	sys.cleanup();
	world.cleanup();
	rmSync(profile, { recursive: true, force: true });
});

describe('renderer in Chromium via the dev bridge', () => {
	it('shows a trusted bundle the app was started with: signer, targets, matching device, capabilities', async () => {
		const b = await bridge(true, [kamvas]);
		const page = await open(b.url);
		const bundle = page.getByRole('article', { name: 'Bundle kamvas.hidfix' });
		await bundle.waitFor();

		const signer = page.getByRole('region', { name: 'Signed by' });
		await expect(signer.textContent()).resolves.toContain(AUTHOR_FINGERPRINT);
		await expect(signer.textContent()).resolves.toContain('test-only-author@hidfix.invalid');
		await expect(
			page.getByRole('heading', { level: 2, name: 'Huion Kamvas Pro 19: pen and touch' }).count(),
		).resolves.toBe(1);

		const targets = page.getByRole('region', { name: 'Devices this fix is for' });
		await expect(targets.textContent()).resolves.toContain('0x0003:0x0004:0x256C:0x006B');
		await expect(targets.textContent()).resolves.toContain('HUION Huion Tablet_GT1902');
		await expect(targets.textContent()).resolves.not.toContain('Optical Mouse');

		const devices = page.getByRole('region', { name: 'Connected devices' });
		await expect(devices.locator('li.hit').allTextContents()).resolves.toEqual([
			expect.stringContaining('HUION Huion Tablet_GT1902'),
		]);
		await expect(devices.locator('li').count()).resolves.toBe(2);

		// Every capability the core derives from the object is listed with its risk level.
		const opened = await createBundleService({
			trust: { userPath: world.trustedKeys },
			paths: underDirectory(world.dir),
			now: () => NOW,
		}).openPath(kamvas);
		if (!opened.ok) throw new Error(opened.message);
		const caps = opened.value.programs.flatMap((p) => p.capabilities);
		expect(caps.length).toBeGreaterThan(0);
		const shown = await page
			.getByRole('region', { name: 'What this fix can do' })
			.locator('li')
			.allTextContents();
		expect(shown.map((s) => s.replace(/\s+/g, ' ').trim())).toEqual(
			caps.map((c) => `${c.risk[0]!.toUpperCase()}${c.risk.slice(1)}-risk ${c.summary}`.replace(/\s+/g, ' ')),
		);

		const files = page.getByRole('region', { name: 'Files in this bundle' });
		await expect(files.textContent()).resolves.toContain(opened.value.programs[0]!.sha256);

		// The connected tablet is the one to test on; nothing has run yet.
		await expect(
			page.getByRole('button', { name: 'Test on HUION Huion Tablet_GT1902' }).isEnabled(),
		).resolves.toBe(true);
		await expect(page.getByRole('button', { name: 'Revert' }).count()).resolves.toBe(0);

		const shot = join(shots, 'trusted-kamvas.png');
		await page.screenshot({ path: shot, fullPage: true });
		console.info(`screenshot: ${shot}`);
		await page.close();
	});

	it('Test → Keep → Revert: main sends the helper the bundle bytes it verified, the page follows', async () => {
		const calls = join(world.dir, 'helper-calls.jsonl');
		const b = await bridge(true, [kamvas], { calls, mode: 'ok' });
		const page = await open(b.url);
		await page.getByRole('button', { name: 'Test on HUION Huion Tablet_GT1902' }).click();
		const state = page.getByRole('region', { name: 'Try the fix' }).locator('p.state');
		await state.getByText('The fix is active').waitFor();
		await expect(state.textContent()).resolves.toContain('on HUION Huion Tablet_GT1902');
		const shot = join(shots, 'fix-active.png');
		await page.getByRole('region', { name: 'Try the fix' }).screenshot({ path: shot });
		console.info(`screenshot: ${shot}`);
		await page.getByRole('button', { name: 'Keep' }).click();
		await state.getByText('Kept').waitFor();
		await page.getByRole('button', { name: 'Revert' }).click();
		await state.getByText('Reverted:').waitFor();
		await expect(page.getByRole('button', { name: 'Test again' }).isEnabled()).resolves.toBe(true);
		const { createHash } = await import('node:crypto');
		const sha = createHash('sha256').update(readFileSync(kamvas)).digest('hex');
		const fixId = 'org.hidfix.test.huion-kamvas-pro-19';
		expect(
			readFileSync(calls, 'utf8')
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l)),
		).toEqual([
			{ verb: 'attach', arg: '0003:256C:006B.0004', stdinSha256: sha },
			{ verb: 'keep', arg: fixId, stdinSha256: createHash('sha256').digest('hex') },
			{ verb: 'detach', arg: fixId, stdinSha256: createHash('sha256').digest('hex') },
		]);
		await page.close();
	});

	it.each([
		['cancel', 'Nothing was changed', 'The password prompt was dismissed; nothing was changed.'],
		['loader-fail', 'The kernel did not accept the fix', 'the kernel verifier rejected the program'],
	] as const)(
		'a %s answer is shown with its advice and the Test button stays',
		async (mode, title, message) => {
			const b = await bridge(true, [kamvas], { calls: join(world.dir, `calls-${mode}.jsonl`), mode });
			const page = await open(b.url);
			await page.getByRole('button', { name: 'Test on HUION Huion Tablet_GT1902' }).click();
			const alert = page.getByRole('region', { name: 'Try the fix' }).getByRole('alert');
			await alert.getByRole('heading', { name: title }).waitFor();
			await expect(alert.textContent()).resolves.toContain(message);
			await expect(
				page.getByRole('button', { name: 'Test on HUION Huion Tablet_GT1902' }).isEnabled(),
			).resolves.toBe(true);
			await expect(page.getByText('The fix is active').count()).resolves.toBe(0);
			await page.close();
		},
	);

	it('record without the fix, Test, record with it, check the report, save it: the saved report reads back', async () => {
		const calls = join(world.dir, 'calls-report.jsonl');
		const b = await bridge(true, [join(world.dir, 'natural-scroll.hidfix')], {
			calls,
			mode: 'ok',
			fixId: 'org.hidfix.test.microsoft-natural-scroll',
		});
		const page = await open(b.url);
		// A step that does not happen fails here, naming its locator, long before the test's own timeout.
		page.setDefaultTimeout(10_000);
		const panel = page.getByRole('region', { name: 'Record and report' });
		await panel.waitFor();
		await expect(panel.getByRole('button', { name: 'Record with the fix' }).isDisabled()).resolves.toBe(true);
		await panel.getByRole('button', { name: 'Record without the fix' }).click();
		await panel.getByText('10 reports, 40 input events').waitFor();

		await page.getByRole('button', { name: 'Test on Microsoft Microsoft Optical Mouse' }).click();
		await page.getByText('The fix is active').waitFor();
		await expect(panel.getByRole('button', { name: 'Record without the fix' }).isDisabled()).resolves.toBe(
			true,
		);
		await panel.getByRole('button', { name: 'Record with the fix' }).click();
		await panel.getByText('10 reports (10 before the fix), 40 input events').waitFor();

		await panel.getByRole('textbox').fill('scrolled up ten times');
		await panel.getByRole('button', { name: 'Check what will be sent' }).click();
		const preview = panel.getByLabel('Report content');
		await preview.waitFor();
		await expect(preview.textContent()).resolves.toMatch(/Before and after:.*Wheel \(range 1 → -1\)/);
		for (const name of ['before.hid.txt', 'after.hid.txt', 'helper.log', 'manifest.json', 'note.txt'])
			await expect(preview.getByText(name, { exact: true }).count()).resolves.toBe(1);

		const shot = join(shots, 'report-preview.png');
		await panel.screenshot({ path: shot });
		console.info(`screenshot: ${shot}`);
		await panel.getByRole('button', { name: 'Save debug report…' }).click();
		await panel.getByText('Saved').waitFor();
		const fileName = 'hidfix-045E-00D1-2026-11-24.hidfix-report';
		await expect(panel.locator('.saved').textContent()).resolves.toContain(fileName);
		const saved = await readReport(join(world.dir, fileName));
		if (!saved.ok) throw new Error(saved.error.message);
		expect([
			saved.value.report.note,
			saved.value.report.fix?.id,
			saved.value.report.helperLog.readable,
			saved.value.report.comparison?.verdict,
		]).toEqual([
			'scrolled up ten times',
			'org.hidfix.test.microsoft-natural-scroll',
			true,
			expect.stringMatching(/Wheel \(range 1 → -1\)/),
		]);
		expect(
			readFileSync(calls, 'utf8')
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l).verb),
		).toEqual(['record', 'attach', 'record']);
		await page.close();
	});

	it('a fix installed before the window opened is shown as active, and Revert works on it', async () => {
		const fixId = 'org.hidfix.test.microsoft-natural-scroll';
		const dir = join(installRoots.run, 'fixes', fixId);
		mkdirSync(dir, { recursive: true });
		writeFileSync(
			join(dir, 'fix.json'),
			JSON.stringify({
				format: 'hidfix-installed-fix',
				version: 1,
				id: fixId,
				fixVersion: '2.1.0-rc.1',
				title: 'Microsoft Optical Mouse: natural scrolling',
				signers: ['SHA256:x'],
				targets: [{ bus: '0x0003', group: '0x0001', vid: '0x045E', pid: '0x00D1' }],
				device: '0003:045E:00D1.0001',
				objects: [{ file: 'a.bpf.o', pin: 'a_bpf' }],
				installedAt: '2026-11-24T14:00:00.000Z',
			}),
		);
		const calls = join(world.dir, 'calls-adopted.jsonl');
		const b = await bridge(true, [join(world.dir, 'natural-scroll.hidfix')], { calls, mode: 'ok', fixId });
		const page = await open(b.url);
		page.setDefaultTimeout(10_000);
		const state = page.getByRole('region', { name: 'Try the fix' }).locator('p.state');
		await state.getByText('The fix is active').waitFor();
		await expect(state.textContent()).resolves.toContain('Microsoft Microsoft Optical Mouse');
		await page.getByRole('button', { name: 'Revert' }).click();
		await state.getByText('Reverted:').waitFor();
		expect(
			readFileSync(calls, 'utf8')
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l)),
		).toEqual([expect.objectContaining({ verb: 'detach', arg: fixId })]);
		expect(existsSync(dir)).toBe(false);
		await page.close();
	});

	it('explains an untrusted signer with the fingerprint and how to trust the key', async () => {
		const b = await bridge(false, [kamvas]);
		const page = await open(b.url);
		const alert = page.getByRole('alert');
		await alert.waitFor();
		await expect(alert.getByRole('heading').textContent()).resolves.toBe(
			'Signed by someone you have not trusted yet',
		);
		await expect(alert.locator('code.fingerprint').allTextContents()).resolves.toEqual([AUTHOR_FINGERPRINT]);
		await expect(alert.textContent()).resolves.toContain('hidfix keys add');
		await expect(alert.textContent()).resolves.toContain('signature-untrusted');
		// Nothing from an unverified manifest is shown.
		await expect(page.getByText('Huion Kamvas Pro 19').count()).resolves.toBe(0);
		await page.screenshot({ path: join(shots, 'untrusted.png'), fullPage: true });
		await page.close();
	});

	it('shows the error code and advice for a damaged bundle chosen with the file picker', async () => {
		const b = await bridge(true);
		const page = await open(b.url);
		await page.getByRole('heading', { name: 'Open a device fix' }).waitFor();
		// Keyboard: the first Tab stop is the header's file picker, named by its visible label.
		await page.keyboard.press('Tab');
		const focused = page.locator(':focus');
		await expect(focused.getAttribute('type')).resolves.toBe('file');
		await expect(page.locator('header label:focus-within').textContent()).resolves.toContain(
			'Choose a bundle…',
		);
		await page.locator('header input[type=file]').setInputFiles({
			name: 'damaged.hidfix',
			mimeType: 'application/x-hidfix',
			buffer: Buffer.from(damagedBytes),
		});
		const alert = page.getByRole('alert');
		await alert.waitFor();
		await expect(alert.getByRole('heading').textContent()).resolves.toBe(
			'This file is damaged or is not a hidfix bundle',
		);
		await expect(alert.locator('.code').textContent()).resolves.toBe('Error code: tar-bad-checksum');
		await expect(alert.textContent()).resolves.toContain('damaged.hidfix');
		await page.close();
	});

	it('switches to a bundle opened while the page is running (second start)', async () => {
		const b = await bridge(true);
		const page = await open(b.url);
		await page.getByRole('heading', { name: 'Open a device fix' }).waitFor();
		// The page subscribes, then takes the (empty) queue; only then is live delivery armed.
		await page.waitForLoadState('networkidle');
		b.offer(join(world.dir, 'natural-scroll.hidfix'));
		await page.getByRole('article', { name: 'Bundle natural-scroll.hidfix' }).waitFor();
		await expect(
			page.getByRole('heading', { level: 2, name: 'Microsoft Optical Mouse: natural scrolling' }).count(),
		).resolves.toBe(1);
		const hit = page.getByRole('region', { name: 'Connected devices' }).locator('li.hit');
		await expect(hit.allTextContents()).resolves.toEqual([
			expect.stringContaining('Microsoft Optical Mouse'),
		]);
		await page.close();
	});

	it('opens a bundle dropped onto the window', async () => {
		const b = await bridge(true);
		const page = await open(b.url);
		await page.getByRole('heading', { name: 'Open a device fix' }).waitFor();
		const base64 = readFileSync(join(world.dir, 'natural-scroll.hidfix')).toString('base64');
		// A string expression: this file is type-checked without DOM types.
		const dataTransfer = await page.evaluateHandle(`(() => {
			const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], 'dropped.hidfix'));
			return dt;
		})()`);
		await page.dispatchEvent('main', 'dragover', { dataTransfer });
		await page.dispatchEvent('main', 'drop', { dataTransfer });
		await page.getByRole('article', { name: 'Bundle dropped.hidfix' }).waitFor();
		expect(page.url()).toBe(b.url);
		await page.close();
	});

	it('does not open a path outside the bundle directory', async () => {
		const b = await bridge(true, ['/etc/passwd.hidfix']);
		const page = await open(b.url);
		const alert = page.getByRole('alert');
		await alert.waitFor();
		await expect(alert.locator('.code').textContent()).resolves.toBe('Error code: path-not-allowed');
		await page.close();
	});
});
