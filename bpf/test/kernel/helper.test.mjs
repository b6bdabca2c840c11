// The privileged helper (out/app/helper/main.js) as root in a real kernel: a bundle packed and
// signed here with a fresh key that only the SYSTEM trust store (/etc/hidfix, in the VM's tmpfs
// overlay) trusts goes in on stdin; the helper verifies it itself, installs it for the test (/run)
// and attaches the natural-scroll fix to a uhid mouse through hidfix-loader: the wheel is inverted
// on hidraw. Revert restores it and removes every file; Keep survives a replug (the real udevd runs
// the kept rule); a helper killed half-way is rolled back by the next run; untrusted, tampered and
// wrong-device bundles are refused with nothing installed.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, URL } from 'node:url';
import { openHidraw } from './lib/hidraw.mjs';
import { createFromFixture, ensureModules } from './lib/uhid.mjs';
import { hex, waitFor } from './lib/wait.mjs';
import { bpffsDeviceDir } from './loader-client.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const HELPER = join(repo, 'out/app/helper/main.js');
const HIDFIX = join(repo, 'out/app/cli/hidfix.js');
const FIX = 'testing/0010-Microsoft__Optical-Mouse-Natural-Scroll';
const PIN_DIR = '0010-Microsoft__Optical-Mouse-Natural-Scroll_bpf';

let dir;
let trusted;
let untrusted;
const devices = [];

/** A fresh ed25519 key and a bundle of the natural-scroll fix signed with it. */
function packWith(name) {
	const key = join(dir, name);
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@hidfix.invalid`, '-f', key]);
	const out = join(dir, `${name}.hidfix`);
	execFileSync(process.execPath, [
		HIDFIX,
		'pack',
		...['--manifest', join(dir, 'fields.json'), '--program', join(repo, `bpf/out/${FIX}.bpf.o`)],
		...['--source', join(repo, `bpf/src/${FIX}.bpf.c`), '--key', key, '--output', out],
	]);
	return { bundle: new Uint8Array(readFileSync(out)), pub: readFileSync(`${key}.pub`, 'utf8').trim() };
}

before(async () => {
	ensureModules();
	dir = mkdtempSync(join(tmpdir(), 'hidfix-helper-'));
	writeFileSync(
		join(dir, 'fields.json'),
		JSON.stringify({
			id: 'org.hidfix.vmtest.natural-scroll',
			version: '1.0.0',
			title: 'Microsoft Optical Mouse: natural scrolling',
			summary: 'Inverts the wheel in the kernel',
			description: 'Made by bpf/test/kernel/helper.test.mjs in the test VM.',
			author: { name: 'hidfix VM test' },
			contact: { email: 'vmtest@hidfix.invalid' },
			capture: { instructions: 'Scroll.', durationSeconds: 10 },
			minKernel: '6.11',
		}),
	);
	trusted = packWith('trusted');
	untrusted = packWith('untrusted');
	// The VM's / is a tmpfs overlay: this never reaches the host's /etc.
	mkdirSync('/etc/hidfix', { recursive: true, mode: 0o755 });
	const [type, blob] = trusted.pub.split(' ');
	writeFileSync(
		'/etc/hidfix/allowed_signers',
		`trusted@hidfix.invalid namespaces="hidfix" ${type} ${blob}\n`,
		{
			mode: 0o644,
		},
	);
});
after(async () => {
	for (const d of devices) await d.destroy();
});

const FIX_ID = 'org.hidfix.vmtest.natural-scroll';
const OBJECT = '0010-Microsoft__Optical-Mouse-Natural-Scroll.bpf.o';
const TESTING_DIR = `/run/hidfix/fixes/${FIX_ID}`;
const TESTING_RULE = `/run/udev/rules.d/90-hidfix-${FIX_ID}.rules`;
const KEPT_DIR = `/var/lib/hidfix/fixes/${FIX_ID}`;
const KEPT_RULE = `/etc/udev/rules.d/90-hidfix-${FIX_ID}.rules`;
const INSTALLED = [TESTING_DIR, TESTING_RULE, KEPT_DIR, KEPT_RULE, '/var/lib/hidfix/journal.json'];
const present = () => INSTALLED.filter((p) => existsSync(p));

function helper(args, input) {
	const r = spawnSync(process.execPath, [HELPER, ...args], {
		input: input ?? new Uint8Array(0),
		encoding: 'utf8',
		timeout: 180_000,
	});
	const json = JSON.parse(r.stdout);
	console.log(`# helper ${args[0]}: exit ${r.status} ${json.ok ? 'ok' : `${json.code}: ${json.message}`}`);
	return { status: r.status, json, log: r.stderr };
}

async function mouse(overrides = {}) {
	const dev = await createFromFixture('msmouse.hid.txt', overrides);
	devices.push(dev);
	return dev;
}

/** The wheel byte of report 17 as hidraw delivers it (01 = as sent, ff = inverted by the fix). */
async function wheelByte(dev) {
	const h = openHidraw(dev.hidraw);
	try {
		await h.drain();
		dev.send([0x11, 0x00, 0x00, 0x00, 0x01, 0x00]);
		return hex(await h.read());
	} finally {
		h.close();
	}
}

test(
	'Test installs for the test and attaches; Revert restores the device and removes every file',
	{ timeout: 300_000 },
	async () => {
		const dev = await mouse();
		const a = helper(['attach', dev.sysname], trusted.bundle);
		assert.equal(a.status, 0, JSON.stringify(a.json));
		assert.deepEqual(a.json.objects, [PIN_DIR]);
		assert.equal(a.json.fix.id, FIX_ID);
		assert.ok(existsSync(join(bpffsDeviceDir(dev.sysname), PIN_DIR)), 'pinned in the udev-hid-bpf layout');
		assert.equal(await wheelByte(dev), '11 00 00 00 ff 00');
		assert.match(a.log, /verified org\.hidfix\.vmtest\.natural-scroll 1\.0\.0 signed by SHA256:/);
		assert.deepEqual(present(), [TESTING_DIR, TESTING_RULE]);
		assert.deepEqual(readdirSync(TESTING_DIR).sort(), [OBJECT, 'fix.json']);
		// Readable by the window without a password (the helper runs with umask 077; modes are explicit).
		const mode = (p) => (statSync(p).mode & 0o777).toString(8);
		assert.deepEqual(
			[
				'/run/hidfix',
				'/run/hidfix/fixes',
				TESTING_DIR,
				`${TESTING_DIR}/fix.json`,
				`${TESTING_DIR}/${OBJECT}`,
			].map(mode),
			['755', '755', '755', '644', '644'],
		);
		assert.match(
			readFileSync('/var/lib/hidfix/versions.json', 'utf8'),
			/org\.hidfix\.vmtest\.natural-scroll/,
		);

		// The rule matches this device and runs the loader on the installed object (udev's own parser).
		const t = spawnSync('udevadm', ['test', '--action=add', `/sys/bus/hid/devices/${dev.sysname}`], {
			encoding: 'utf8',
		});
		const runs = `${t.stdout}\n${t.stderr}`.split('\n').filter((l) => l.includes('hidfix-loader'));
		console.log(`# udevadm test: ${runs.join(' | ')}`);
		assert.ok(
			runs.some((l) => l.includes(`attach /sys/devices/`) && l.includes(`${TESTING_DIR}/${OBJECT}`)),
			`udevadm test output:\n${t.stdout}\n${t.stderr}`,
		);

		const d = helper(['detach', FIX_ID]);
		assert.equal(d.status, 0, JSON.stringify(d.json));
		assert.equal(existsSync(join(bpffsDeviceDir(dev.sysname), PIN_DIR)), false);
		assert.equal(await wheelByte(dev), '11 00 00 00 01 00');
		assert.deepEqual(present(), []);
	},
);

test(
	'Keep survives a replug: udevd runs the kept rule on the new device; Revert removes it',
	{ timeout: 300_000 },
	async () => {
		const udevd = spawn('/lib/systemd/systemd-udevd', [], { stdio: 'ignore' });
		try {
			await new Promise((res) => setTimeout(res, 1000));
			const first = await mouse();
			assert.equal(helper(['attach', first.sysname], trusted.bundle).status, 0);
			const k = helper(['keep', FIX_ID]);
			assert.equal(k.status, 0, JSON.stringify(k.json));
			assert.deepEqual(present(), [KEPT_DIR, KEPT_RULE]);
			assert.equal(await wheelByte(first), '11 00 00 00 ff 00', 'Keep leaves the live fix alone');
			// Unplug and plug in again: a new HID device; nothing but udev attaches the fix to it.
			await first.destroy();
			devices.splice(devices.indexOf(first), 1);
			const second = await mouse();
			await waitFor(() => existsSync(join(bpffsDeviceDir(second.sysname), PIN_DIR)), {
				what: `udevd to attach the kept fix to ${second.sysname}`,
				timeoutMs: 60_000,
			});
			assert.equal(await wheelByte(second), '11 00 00 00 ff 00');
			const d = helper(['detach', FIX_ID]);
			assert.equal(d.status, 0, JSON.stringify(d.json));
			assert.deepEqual(present(), []);
			assert.equal(await wheelByte(second), '11 00 00 00 01 00');
		} finally {
			udevd.kill('SIGTERM');
		}
	},
);

test(
	'a helper killed half-way through Test: the next run puts the system back exactly',
	{ timeout: 300_000 },
	async () => {
		const dev = await mouse();
		const child = spawn(process.execPath, [HELPER, 'attach', dev.sysname], {
			stdio: ['pipe', 'ignore', 'ignore'],
		});
		child.stdin.end(trusted.bundle);
		const exited = new Promise((res) => child.once('exit', (code, signal) => res(signal ?? code)));
		// The journal exists from before the first file is written until the attach is complete.
		await waitFor(() => existsSync('/var/lib/hidfix/journal.json') && existsSync(TESTING_RULE), {
			what: 'the helper to start installing',
			timeoutMs: 120_000,
			intervalMs: 1,
		});
		child.kill('SIGKILL');
		assert.equal(await exited, 'SIGKILL');
		console.log(
			`# killed with: ${present().join(', ')}; pinned: ${existsSync(join(bpffsDeviceDir(dev.sysname), PIN_DIR))}`,
		);
		assert.ok(present().includes('/var/lib/hidfix/journal.json'));
		const next = helper(['detach', FIX_ID]);
		assert.equal(next.json.recovered ?? next.json.code, 'not-installed', JSON.stringify(next.json));
		assert.match(
			next.log,
			/finished an interrupted test \(rolled back\) of org\.hidfix\.vmtest\.natural-scroll/,
		);
		assert.deepEqual(present(), []);
		assert.equal(existsSync(join(bpffsDeviceDir(dev.sysname), PIN_DIR)), false);
		assert.equal(await wheelByte(dev), '11 00 00 00 01 00');
	},
);

test(
	'refuses untrusted, tampered and wrong-device bundles; nothing is installed or pinned',
	{ timeout: 300_000 },
	async () => {
		const dev = await mouse();
		const other = await mouse({ product: 0x00d2, name: 'not the targeted mouse' });
		const tampered = trusted.bundle.slice();
		const elf = Buffer.from(tampered).indexOf('\x7fELF');
		assert.ok(elf > 0);
		tampered[elf + 200] ^= 0x01;
		for (const [what, target, bundle, code, detail] of [
			['untrusted', dev, untrusted.bundle, 'bundle-rejected', 'signature-untrusted'],
			['tampered', dev, tampered, 'bundle-rejected', 'payload-hash-mismatch'],
			['wrong device', other, trusted.bundle, 'device-not-targeted', undefined],
		]) {
			const r = helper(['attach', target.sysname], bundle);
			assert.deepEqual([r.status, r.json.code, r.json.detail?.bundleCode], [1, code, detail], what);
			assert.equal(existsSync(bpffsDeviceDir(target.sysname)), false, `${what}: nothing pinned`);
			assert.deepEqual(present(), [], `${what}: nothing installed`);
		}
		assert.equal(await wheelByte(dev), '11 00 00 00 01 00');
	},
);

test(
	"the app's helper client drives the real helper: Test, then Revert, log relayed",
	{ timeout: 300_000 },
	async () => {
		const { helperClient } = await import('../../../out/app/node/elevation/helper-client.js');
		// pkexec is the launcher in the app; as root here the helper runs directly behind the same prefix.
		const client = helperClient({ command: process.execPath, args: [HELPER] });
		const dev = await mouse();
		const logs = [];
		const a = await client.attach(dev.sysname, trusted.bundle, (l) => logs.push(l));
		assert.equal(a.ok, true, JSON.stringify(a));
		assert.deepEqual([a.value.fix.id, a.value.device, a.value.objects], [FIX_ID, dev.sysname, [PIN_DIR]]);
		assert.ok(
			logs.some((l) => /hidfix-helper: .* attached .* as /.test(l)),
			logs.join('\n'),
		);
		assert.equal(await wheelByte(dev), '11 00 00 00 ff 00');
		const d = await client.detach(FIX_ID);
		assert.deepEqual(d, { ok: true, value: { verb: 'detach', fix: FIX_ID, version: '1.0.0' } });
		assert.equal(await wheelByte(dev), '11 00 00 00 01 00');
		assert.deepEqual(present(), []);
	},
);

test(
	'`hidfix test` and `hidfix revert` from a terminal, as root: the same helper, no pkexec',
	{ timeout: 300_000 },
	async () => {
		const dev = await mouse();
		const bundle = join(dir, 'trusted.hidfix');
		const t = spawnSync(process.execPath, [HIDFIX, 'test', bundle, dev.hidraw], {
			encoding: 'utf8',
			timeout: 180_000,
		});
		assert.equal(t.status, 0, t.stderr);
		assert.match(
			t.stdout,
			new RegExp(
				`^Testing ${FIX_ID.replace(/\./g, '\\.')} 1\\.0\\.0 on ${dev.sysname.replace('.', '\\.')} \\(${PIN_DIR}\\)`,
			),
		);
		assert.match(t.stderr, /hidfix-helper: .* attached /);
		assert.equal(await wheelByte(dev), '11 00 00 00 ff 00');
		const r = spawnSync(process.execPath, [HIDFIX, 'revert', FIX_ID], { encoding: 'utf8', timeout: 180_000 });
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, `Reverted ${FIX_ID}: detached and removed.\n`);
		assert.equal(await wheelByte(dev), '11 00 00 00 01 00');
		assert.deepEqual(present(), []);
	},
);

test(
	'record through the helper: E: only without a fix, E: and B: with it; closing stdin stops it',
	{ timeout: 300_000 },
	async () => {
		const { helperClient } = await import('../../../out/app/node/elevation/helper-client.js');
		const client = helperClient({ command: process.execPath, args: [HELPER] });
		const dev = await mouse();
		const recordWhileScrolling = async () => {
			let stop;
			const stopped = new Promise((res) => (stop = res));
			const logs = [];
			const pending = client.record(dev.sysname, 600, { onLog: (l) => logs.push(l), stop: stopped });
			await waitFor(() => logs.some((l) => l.includes(`recording ${dev.sysname}`)), {
				what: 'the helper to start recording',
				timeoutMs: 60_000,
			});
			await new Promise((res) => setTimeout(res, 300));
			for (let i = 0; i < 20; i++) {
				dev.send([0x11, 0x00, 0x01, 0x00, 0x01, 0x00]);
				await new Promise((res) => setTimeout(res, 20));
			}
			await new Promise((res) => setTimeout(res, 500));
			stop();
			const r = await pending;
			assert.equal(r.ok, true, JSON.stringify(r));
			const lines = r.value.recording.split('\n');
			return {
				summary: r.value.reply.summary,
				E: lines.filter((l) => l.startsWith('E: ')).map((l) => l.split(' ').slice(3).join(' ')),
				B: lines.filter((l) => l.startsWith('B: ')).map((l) => l.split(' ').slice(3).join(' ')),
				header: lines.filter((l) => /^[RNI]: /.test(l)),
			};
		};
		const plain = await recordWhileScrolling();
		assert.deepEqual([plain.summary.reports, plain.summary.bpfReports, plain.B.length], [20, 0, 0]);
		assert.deepEqual([...new Set(plain.E)], ['11 00 01 00 01 00']);
		assert.match(plain.header.join('\n'), /^R: 196 /m);

		assert.equal(helper(['attach', dev.sysname], trusted.bundle).status, 0);
		try {
			const fixed = await recordWhileScrolling();
			assert.deepEqual([fixed.summary.reports, fixed.summary.bpfReports], [20, 20]);
			assert.deepEqual([...new Set(fixed.E)], ['11 00 01 00 ff 00']);
			assert.deepEqual([...new Set(fixed.B)], ['11 00 01 00 01 00']);
		} finally {
			assert.equal(helper(['detach', FIX_ID]).status, 0);
		}
	},
);
