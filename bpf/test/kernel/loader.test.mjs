// hidfix-loader against a real kernel: support check, argument validation, refusal paths (wrong
// device, verifier rejection with its log, second descriptor fix, same object twice), per-fix
// detach with two fixes on one device, a fix pinned in udev-hid-bpf's layout by another tool, and
// pins outliving an unplugged device. Run in the VM with `npm run test:kernel`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, URL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { BTN, EV, REL, openEvdev, tuples } from './lib/evdev.mjs';
import { loadRecording } from './lib/fixtures.mjs';
import { openHidraw } from './lib/hidraw.mjs';
import { createFromFixture, ensureModules } from './lib/uhid.mjs';
import { hex } from './lib/wait.mjs';
import {
	attach,
	bpffsDeviceDir,
	detach,
	loader,
	loaderOk,
	obj,
	objDirName,
	pinsOf,
} from './loader-client.mjs';

const SCROLL = obj('testing/0010-Microsoft__Optical-Mouse-Natural-Scroll');
const BUTTON4 = obj('testing/0010-Microsoft__Optical-Mouse-Tilt-Wheel');
const original = loadRecording('msmouse.hid.txt').rdesc;
const BUTTON4_PATCH = '95 02 09 04 09 05 81 02'; // rdesc bytes 115-122 once the fix is attached

before(() => ensureModules());

/** Bytes 115-122 of the live descriptor. */
const patchArea = (dev) => hex(dev.readSysfsRdesc().slice(115, 123));

/** What one wheel-up report becomes on hidraw: `01` (no fix) or `ff` (natural scroll attached). */
async function wheelByte(dev) {
	const h = openHidraw(dev.hidraw);
	try {
		await h.drain();
		dev.send([0x11, 0x00, 0x00, 0x00, 0x01, 0x00]);
		return hex((await h.read()).slice(4, 5));
	} finally {
		h.close();
	}
}

describe('hidfix-loader check and argument validation', () => {
	test('check: this kernel has BTF, hid_bpf_ops struct_ops, bpffs and we are privileged', () => {
		const r = loader('check');
		assert.equal(r.status, 0, JSON.stringify(r.json));
		assert.deepEqual(r.json.checks, { btf: true, hidBpfStructOps: true, bpffs: true, privileges: true });
		assert.deepEqual(r.json.missing, []);
	});

	test('bad arguments are refused with precise codes and exit statuses', () => {
		const cases = [
			[[], 2, 'usage'],
			[['attach', '/sys/devices/virtual/misc/uhid', SCROLL], 3, 'not-a-hid-device'],
			[['attach', '/etc/passwd', SCROLL], 3, 'not-a-hid-device'],
			[['attach', '0003:045E:00D1.FFFF', SCROLL], 3, 'no-such-device'],
			[['attach', '0003:045E:00D1.0001;reboot', SCROLL], 2, 'usage'],
			[['attach', '../../../etc', SCROLL], 3, 'not-a-hid-device'],
			[['detach', '0003:045E:00D1.FFFF', 'no spaces allowed'], 2, 'usage'],
			[['detach', '0003:045E:00D1.FFFF'], 10, 'not-attached'],
		];
		for (const [args, status, code] of cases) {
			const r = loader(...args);
			assert.deepEqual([r.status, r.json.ok, r.json.code], [status, false, code], `args ${args.join(' ')}`);
			assert.ok(r.json.message.length > 10);
		}
	});
});

describe('hidfix-loader on the Microsoft mouse (045E:00D1)', () => {
	let dev;
	before(async () => {
		dev = await createFromFixture('msmouse.hid.txt');
	});
	after(async () => {
		await dev?.destroy();
		// pins outlive the device: leave no state for later test files
		if (dev) loader('detach', dev.sysname);
	});

	test('object path that is not a regular file is refused before anything loads', () => {
		const r = loader('attach', dev.sysPath, fileURLToPath(new URL('../../out/', import.meta.url)));
		assert.deepEqual([r.status, r.json.code], [4, 'invalid-object']);
		assert.match(r.json.message, /not a regular file/);
	});

	test('wrong device: refused with both ids, nothing pinned', () => {
		const r = loader('attach', dev.sysPath, obj('bad/wrong-device'));
		assert.deepEqual([r.status, r.json.code], [5, 'wrong-device']);
		assert.equal(r.json.message, 'object targets 256C:006B, device is 045E:00D1');
		assert.equal(existsSync(bpffsDeviceDir(dev.sysname)), false);
	});

	test('verifier rejection surfaces the kernel log and leaves no pin dir', () => {
		const r = loader('attach', dev.sysPath, obj('bad/verifier-reject'));
		assert.deepEqual([r.status, r.json.code], [7, 'verifier-rejected']);
		assert.match(
			r.json.message,
			/rejected program 'bad_out_of_bounds' of verifier-reject_bpf: invalid access to memory, mem_size=6 off=8 size=1 /,
		);
		assert.match(r.json.detail.verifierLog, /invalid access to memory, mem_size=6 off=8 size=1/);
		assert.match(r.json.detail.verifierLog, /processed \d+ insns/);
		assert.equal(existsSync(bpffsDeviceDir(dev.sysname)), false);
	});

	test('second descriptor fix is refused and names the attached one', async () => {
		attach(dev, BUTTON4);
		await dev.reresolve();
		assert.equal(patchArea(dev), BUTTON4_PATCH);
		const r = loader('attach', dev.sysPath, obj('bad/second-rdesc'));
		assert.deepEqual([r.status, r.json.code], [6, 'rdesc-conflict']);
		assert.match(
			r.json.message,
			/^device already has a descriptor fix \(0010-Microsoft__Optical-Mouse-Tilt-Wheel_bpf\)/,
		);
		assert.equal(pinsOf(dev.sysname, obj('bad/second-rdesc')), null);
		assert.equal(patchArea(dev), BUTTON4_PATCH, 'the first fix stays attached');
	});

	test('same object twice: already-attached, then --replace re-attaches it', async () => {
		const again = loader('attach', dev.sysPath, BUTTON4);
		assert.deepEqual([again.status, again.json.code], [6, 'already-attached']);
		const r = attach(dev, BUTTON4, '--replace');
		assert.equal(r.replaced, true);
		await dev.reresolve();
		assert.equal(patchArea(dev), BUTTON4_PATCH);
		assert.deepEqual(pinsOf(dev.sysname, BUTTON4), ['msmouse_button4']);
	});

	test('list reports both of two fixes on one device, with hid_id and members', async () => {
		attach(dev, SCROLL);
		assert.equal(await wheelByte(dev), 'ff');
		const l = loaderOk('list');
		const d = l.devices.find((x) => x.device === dev.sysname);
		assert.ok(d, JSON.stringify(l));
		assert.equal(d.present, true);
		const summary = d.objects
			.map((o) => [o.name, o.members, o.pins.map((p) => [p.name, p.kind, p.linkType, p.hidId])])
			.sort();
		assert.deepEqual(summary, [
			[
				objDirName(SCROLL),
				['hid_device_event'],
				[['msmouse_natural_scroll', 'link', 'struct_ops', dev.hidId]],
			],
			[objDirName(BUTTON4), ['hid_rdesc_fixup'], [['msmouse_button4', 'link', 'struct_ops', dev.hidId]]],
		]);
	});

	test('detach removes one fix only: descriptor back, wheel still inverted', async () => {
		const r = detach(dev, BUTTON4);
		assert.equal(r.rdescFixupRemoved, true);
		await dev.reresolve();
		assert.equal(hex(dev.readSysfsRdesc()), hex(original));
		assert.deepEqual(readdirSync(bpffsDeviceDir(dev.sysname)), [objDirName(SCROLL)]);
		assert.equal(await wheelByte(dev), 'ff', 'the event-only fix survived the reconnect');
	});

	test('a fix pinned by another tool in udev-hid-bpf layout is listed and blocks a second rdesc fix', async () => {
		// Build the foreign object with this device's hid_id compiled in, register it with bpftool.
		const dir = mkdtempSync(`${tmpdir()}/hidfix-foreign-`);
		const src = fileURLToPath(new URL('../foreign/0010-Foreign__Mouse.bpf.c', import.meta.url));
		const inc = fileURLToPath(new URL('../../include', import.meta.url));
		const o = `${dir}/0010-Foreign__Mouse.bpf.o`;
		execFileSync('clang-19', [
			'-target',
			'bpf',
			'-O2',
			'-g',
			'-D__TARGET_ARCH_x86',
			`-I${inc}`,
			`-DFOREIGN_HID_ID=${dev.hidId}`,
			'-c',
			src,
			'-o',
			o,
		]);
		const pinDir = `${bpffsDeviceDir(dev.sysname)}/0010-Foreign__Mouse_bpf`;
		mkdirSync(pinDir);
		execFileSync('bpftool', ['struct_ops', 'register', o, pinDir], { timeout: 60_000 });
		await dev.reresolve(); // an rdesc fixup re-probes the device, whoever attaches it
		assert.deepEqual(readdirSync(pinDir), ['foreign_mouse']);

		const d = loaderOk('list').devices.find((x) => x.device === dev.sysname);
		const foreign = d.objects.find((x) => x.name === '0010-Foreign__Mouse_bpf');
		assert.deepEqual(
			[foreign.members, foreign.rdescFixup, foreign.pins[0].hidId],
			[['hid_rdesc_fixup'], true, dev.hidId],
		);

		const r = loader('attach', dev.sysPath, BUTTON4);
		assert.deepEqual([r.status, r.json.code], [6, 'rdesc-conflict']);
		assert.match(r.json.message, /already has a descriptor fix \(0010-Foreign__Mouse_bpf\)/);

		const gone = loaderOk('detach', dev.sysname, '0010-Foreign__Mouse_bpf');
		assert.equal(gone.rdescFixupRemoved, true);
		assert.equal(existsSync(pinDir), false);
		await dev.reresolve();
	});

	test('pins outlive an unplugged device; detach by name cleans them up', async () => {
		const sysname = dev.sysname;
		await dev.destroy();
		const d = loaderOk('list').devices.find((x) => x.device === sysname);
		assert.equal(d.present, false);
		assert.deepEqual(
			d.objects.map((o) => o.name),
			[objDirName(SCROLL)],
		);
		const r = loaderOk('detach', sysname);
		assert.deepEqual([r.devicePresent, r.objects], [false, [objDirName(SCROLL)]]);
		assert.equal(existsSync(bpffsDeviceDir(sysname)), false);
		const again = loader('detach', sysname);
		assert.deepEqual([again.status, again.json.code], [10, 'not-attached']);
	});
});

describe('evdev sees the natural-scroll fix through the loader', () => {
	let dev;
	before(async () => {
		dev = await createFromFixture('msmouse.hid.txt');
	});
	after(async () => {
		await dev?.destroy();
		if (dev) loader('detach', dev.sysname);
	});

	test('REL_WHEEL flips sign while attached and not after detach', async () => {
		const mouse = dev.evdev.find((n) =>
			JSON.parse(
				execFileSync(fileURLToPath(new URL('../../out/tools/evdev-info', import.meta.url)), [n], {
					encoding: 'utf8',
				}),
			).keys.includes(BTN.LEFT),
		);
		const wheel = async () => {
			const e = openEvdev(mouse);
			try {
				await e.drain();
				dev.send([0x11, 0x00, 0x00, 0x00, 0x01, 0x00]);
				// REL_WHEEL or, with the Resolution Multiplier set at bind, REL_WHEEL_HI_RES only
				const f = tuples(await e.readFrame()).filter(
					([t, c]) => t === EV.REL && (c === REL.WHEEL || c === REL.WHEEL_HI_RES),
				);
				return [...new Set(f.map(([, , v]) => Math.sign(v)))];
			} finally {
				e.close();
			}
		};
		attach(dev, SCROLL);
		assert.deepEqual(await wheel(), [-1]);
		detach(dev, SCROLL);
		assert.deepEqual(await wheel(), [1]);
	});
});
