// The debug report end to end in a real kernel, through the `hidfix` CLI as a user runs it: a uhid
// mouse (msmouse fixture) is recorded without a fix, the natural-scroll fix is attached with
// hidfix-loader, the mouse is recorded again (B: lines through the tracer), and `hidfix report
// create` builds the report from both recordings and this system. The saved file is read back with
// `report show --json` and `report diff --json`: the device, the counts, the attached BPF object,
// dmesg/udevadm for the device and the comparison (the wheel inverted) must all be in it.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, URL } from 'node:url';
import { promisify } from 'node:util';
import { createFromFixture, ensureModules } from './lib/uhid.mjs';
import { waitFor } from './lib/wait.mjs';
import { attach, detach, obj, objDirName } from './loader-client.mjs';

const run = promisify(execFile);
const HIDFIX = fileURLToPath(new URL('../../../out/app/cli/hidfix.js', import.meta.url));
const NATURAL_SCROLL = 'testing/0010-Microsoft__Optical-Mouse-Natural-Scroll';
const REPORTS = 25;

let dev;
let dir;
before(async () => {
	ensureModules();
	dir = mkdtempSync(join(tmpdir(), 'hidfix-report-'));
	dev = await createFromFixture('msmouse.hid.txt', { name: 'hidfix report test mouse' });
});
after(async () => {
	await dev?.destroy();
});

const hidfix = (...args) => run(process.execPath, [HIDFIX, ...args], { cwd: dir, maxBuffer: 64 << 20 });

/** `hidfix record` until SIGINT while the mouse moves right and scrolls up one detent per report. */
async function record(file) {
	const child = spawn(process.execPath, [HIDFIX, 'record', dev.sysname, '--output', file], { cwd: dir });
	let err = '';
	child.stderr.setEncoding('utf8').on('data', (s) => (err += s));
	const exited = new Promise((res) => child.once('exit', (code) => res(code)));
	await waitFor(
		() => err.includes('Ctrl-C stops') || (child.exitCode !== null && Promise.reject(new Error(err))),
		{
			what: 'hidfix record to start',
		},
	);
	for (let i = 0; i < REPORTS; i++) {
		// Report 17: buttons, X, Y, wheel, AC pan (msmouse). X = 1 so every report makes an evdev frame.
		dev.send(Uint8Array.of(0x11, 0x00, 0x01, 0x00, 0x01, 0x00));
		await new Promise((res) => setTimeout(res, 20));
	}
	await new Promise((res) => setTimeout(res, 300));
	child.kill('SIGINT');
	assert.equal(await exited, 0, `hidfix record failed: ${err}`);
	return err;
}

test(
	'record, attach a fix, record again, create the report, read it back',
	{ timeout: 240_000 },
	async () => {
		const beforeLog = await record('before.hid.txt');
		assert.match(beforeLog, new RegExp(`${REPORTS} reports, 0 B:`));
		attach(dev, obj(NATURAL_SCROLL));
		try {
			const afterLog = await record('after.hid.txt');
			assert.match(afterLog, new RegExp(`${REPORTS} reports, ${REPORTS} B:`));

			const created = await hidfix(
				'report',
				'create',
				...['--before', 'before.hid.txt', '--after', 'after.hid.txt'],
				...['--note', 'scrolled up 25 detents each time', '--yes', '--output', 'mouse.hidfix-report'],
			);
			console.log(`# ${created.stdout.trim().split('\n').join('\n# ')}`);
			assert.match(created.stdout, /^ {2}before\.hid\.txt /m);
			assert.match(created.stdout, /^ {2}dmesg\.txt /m);
			assert.match(created.stdout, /Saved mouse\.hidfix-report\.\n$/);

			const report = JSON.parse((await hidfix('report', 'show', '--json', 'mouse.hidfix-report')).stdout);
			assert.equal(report.device.sysname, dev.sysname);
			assert.deepEqual(
				[report.device.vid, report.device.pid, report.device.name],
				['0x045E', '0x00D1', 'hidfix report test mouse'],
			);
			assert.equal(report.device.nodes.after.hidraw, dev.nodes.hidraw);
			assert.deepEqual(
				[report.captures.before.hidrawReports, report.captures.before.bpfReports],
				[REPORTS, 0],
			);
			assert.deepEqual(
				[report.captures.after.hidrawReports, report.captures.after.bpfReports],
				[REPORTS, REPORTS],
			);
			assert.ok(
				report.captures.after.evdevEvents >= REPORTS * 3,
				`${report.captures.after.evdevEvents} evdev events`,
			);
			assert.equal(report.system.hidBpf.api, 'struct_ops');
			assert.equal(report.system.hidBpf.bpffsMounted, true);
			assert.ok(
				report.system.bpffs.objects.some(
					(o) =>
						o.device === dev.sysname.replace(/[:.]/g, '_') && o.object === objDirName(obj(NATURAL_SCROLL)),
				),
				`the attached fix is listed: ${JSON.stringify(report.system.bpffs.objects)}`,
			);
			assert.ok(report.dmesg.readable && report.dmesg.lines > 0, `dmesg: ${JSON.stringify(report.dmesg)}`);
			assert.equal(report.udevadm.readable, true, JSON.stringify(report.udevadm));
			// No rdesc fixup: sysfs' descriptor is the original, which both recordings carry.
			assert.equal(report.descriptors.after.sysfs.file, 'rdesc-after.bin');
			assert.equal(report.note, 'scrolled up 25 detents each time');

			const diff = JSON.parse((await hidfix('report', 'diff', '--json', 'mouse.hidfix-report')).stdout);
			console.log(`# verdict: ${diff.comparison.verdict}\n# fix effect: ${diff.fixEffect?.verdict}`);
			assert.equal(diff.source, 'recordings');
			assert.equal(diff.storedDiffers, false);
			assert.match(diff.comparison.events.join('\n'), /Wheel/);
			assert.match(diff.fixEffect.events.join('\n'), /Wheel/);

			// The recordings in the archive are the files `hidfix record` wrote, byte for byte (no keyboard here).
			const listed = (
				await run('tar', ['-xOf', join(dir, 'mouse.hidfix-report'), 'after.hid.txt'], { maxBuffer: 64 << 20 })
			).stdout;
			assert.equal(listed, readFileSync(join(dir, 'after.hid.txt'), 'utf8'));
		} finally {
			detach(dev, obj(NATURAL_SCROLL));
		}
	},
);
