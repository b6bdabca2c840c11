// Every example fix in bpf/src, attached to a uhid device built from the real device's descriptor
// through hidfix-loader: the descriptor change (sysfs and HIDIOCGRDESC), the event transformation
// on hidraw and evdev, then detach and the original back byte for byte. Nodes are re-resolved
// after every reconnect (an rdesc fixup re-probes the device: new input numbers, new hidraw).
// Run in the VM with `npm run test:kernel`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { BTN, BTN_STYLUS2, BTN_TOOL_PEN, EV, REL, ABS, openEvdev, tuples } from './lib/evdev.mjs';
import { loadRdesc, loadRecording } from './lib/fixtures.mjs';
import { hidrawInfo, openHidraw } from './lib/hidraw.mjs';
import { createFromFixture, ensureModules } from './lib/uhid.mjs';
import { hex } from './lib/wait.mjs';
import { attach, detach, loader, obj, pinsOf } from './loader-client.mjs';

const BTN_STYLUS3 = 0x149;
const BTN_TOOL_RUBBER = 0x141;
const EVDEV_INFO = fileURLToPath(new URL('../../out/tools/evdev-info', import.meta.url));

before(() => ensureModules());

/** Capabilities and absinfo of an evdev node (EVIOCGBIT/EVIOCGABS through evdev-info). */
function evdevInfo(node) {
	return JSON.parse(execFileSync(EVDEV_INFO, [node], { encoding: 'utf8', timeout: 15_000 }));
}

/** The evdev node whose capabilities include `key` (re-read after every reconnect). */
function nodeWithKey(dev, key) {
	const node = dev.evdev.find((n) => evdevInfo(n).keys.includes(key));
	assert.ok(node, `no evdev node of ${dev.sysname} has key 0x${key.toString(16)} (${dev.evdev.join(', ')})`);
	return node;
}

/** Replace `bytes.length` bytes at `offset` of `rdesc` by `bytes`, optionally inserting instead. */
function patched(rdesc, offset, bytes, removed = bytes.length) {
	return Uint8Array.from([...rdesc.slice(0, offset), ...bytes, ...rdesc.slice(offset + removed)]);
}

/**
 * Signs of the vertical wheel events of a frame. hid-input sets the mouse's Resolution Multiplier
 * at bind time, after which one detent may come out as REL_WHEEL_HI_RES only (REL_WHEEL once 120
 * hi-res units have accumulated), so both codes count; all must agree.
 */
function wheelSigns(frame) {
	const signs = frame
		.filter(([t, c]) => t === EV.REL && (c === REL.WHEEL || c === REL.WHEEL_HI_RES))
		.map(([, , v]) => Math.sign(v));
	return [...new Set(signs)];
}

/** Send `report` and return [what hidraw delivered, the evdev frame] for it. */
async function roundTrip(dev, hidrawNode, evdevNode, report) {
	const h = openHidraw(hidrawNode);
	const e = openEvdev(evdevNode);
	try {
		await h.drain();
		await e.drain();
		dev.send(report);
		const raw = await h.read();
		const frame = tuples(await e.readFrame()).filter(([t]) => t !== EV.MSC);
		return [hex(raw), frame];
	} finally {
		h.close();
		e.close();
	}
}

/** Assert sysfs and the hidraw ioctl both report `expected`. */
function assertRdesc(dev, expected, label) {
	assert.equal(hex(dev.readSysfsRdesc()), hex(expected), `${label}: sysfs report_descriptor`);
	assert.equal(hex(hidrawInfo(dev.hidraw).rdesc), hex(expected), `${label}: HIDIOCGRDESC`);
}

describe('0010-Microsoft__Optical-Mouse-Natural-Scroll (event-only)', () => {
	const FIX = obj('testing/0010-Microsoft__Optical-Mouse-Natural-Scroll');
	const original = loadRecording('msmouse.hid.txt').rdesc;
	let dev;
	let mouse;
	before(async () => {
		dev = await createFromFixture('msmouse.hid.txt');
		mouse = nodeWithKey(dev, BTN.LEFT);
	});
	after(() => dev?.destroy());

	test('attach pins the struct_ops link without reconnecting the device', () => {
		const starts = dev.starts;
		const r = attach(dev, FIX);
		assert.deepEqual(r.members, ['hid_device_event']);
		assert.equal(r.rdescFixup, false);
		assert.equal(r.hidId, dev.hidId);
		assert.deepEqual(pinsOf(dev.sysname, FIX), ['msmouse_natural_scroll']);
		assert.equal(dev.starts, starts, 'an event-only fix must not re-probe the device');
		assertRdesc(dev, original, 'event-only fix');
	});

	test('wheel is inverted on hidraw and evdev, other fields untouched', async () => {
		const [raw, frame] = await roundTrip(dev, dev.hidraw, mouse, [0x11, 0x00, 0x03, 0x00, 0x01, 0x00]);
		assert.equal(raw, '11 00 03 00 ff 00');
		assert.deepEqual(
			frame.filter(([t, c]) => t === EV.REL && c === REL.X),
			[[EV.REL, REL.X, 3]],
		);
		assert.deepEqual(wheelSigns(frame), [-1], JSON.stringify(frame));
	});

	test('detach restores the original events and descriptor', async () => {
		const r = detach(dev, FIX);
		assert.equal(r.rdescFixupRemoved, false);
		assert.equal(pinsOf(dev.sysname, FIX), null);
		const [raw, frame] = await roundTrip(dev, dev.hidraw, mouse, [0x11, 0x00, 0x00, 0x00, 0x01, 0x00]);
		assert.equal(raw, '11 00 00 00 01 00');
		assert.deepEqual(wheelSigns(frame), [1], JSON.stringify(frame));
		assertRdesc(dev, original, 'after detach');
	});
});

describe('0010-Microsoft__Optical-Mouse-Tilt-Wheel (report descriptor)', () => {
	const FIX = obj('testing/0010-Microsoft__Optical-Mouse-Tilt-Wheel');
	const original = loadRecording('msmouse.hid.txt').rdesc;
	// Report Count (2), Usage (Button 4), Usage (Button 5), Input: bit 3 becomes Button 4.
	const fixed = patched(original, 115, [0x95, 0x02, 0x09, 0x04, 0x09, 0x05, 0x81, 0x02]);
	let dev;
	before(async () => {
		dev = await createFromFixture('msmouse.hid.txt');
	});
	after(() => dev?.destroy());

	test('before the fix, bit 3 is padding: no BTN_SIDE capability', () => {
		assert.equal(evdevInfo(nodeWithKey(dev, BTN.LEFT)).keys.includes(BTN.SIDE), false);
	});

	test('attach rewrites the descriptor (sysfs and hidraw) after a reconnect', async () => {
		const r = attach(dev, FIX);
		assert.deepEqual(r.members, ['hid_rdesc_fixup']);
		assert.equal(r.probedRdescSize, 196);
		await dev.reresolve();
		assertRdesc(dev, fixed, 'fixed');
	});

	test('bit 3 now reaches evdev as BTN_SIDE, hidraw bytes unchanged', async () => {
		const mouse = nodeWithKey(dev, BTN.SIDE);
		const [raw, frame] = await roundTrip(dev, dev.hidraw, mouse, [0x11, 0x08, 0, 0, 0, 0]);
		assert.equal(raw, '11 08 00 00 00 00');
		assert.deepEqual(frame, [[EV.KEY, BTN.SIDE, 1]]);
	});

	test('detach brings the original descriptor back byte for byte', async () => {
		const r = detach(dev, FIX);
		assert.equal(r.rdescFixupRemoved, true);
		await dev.reresolve();
		assertRdesc(dev, original, 'after detach');
		assert.equal(evdevInfo(nodeWithKey(dev, BTN.LEFT)).keys.includes(BTN.SIDE), false);
	});
});

describe('0010-Huion__Kamvas-Pro-19 (descriptor + event)', () => {
	const FIX = obj('stable/0010-Huion__Kamvas-Pro-19');
	const PEN = 'huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin';
	const original = loadRdesc(PEN);
	// byte 17: Secondary Tip Switch -> Secondary Barrel Switch; byte 29: Report Count 6 -> 5;
	// after byte 31: Usage Page (Button), Usage (0x4a), Report Count (1), Input, Usage Page (Dig.)
	const fixed = patched(
		patched(patched(original, 17, [0x5a]), 29, [0x05]),
		32,
		[0x05, 0x09, 0x09, 0x4a, 0x95, 0x01, 0x81, 0x02, 0x05, 0x0d],
		0,
	);
	const pen = (bits) => [0x0a, bits, 0x00, 0x10, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00];
	let dev;
	let node;
	before(async () => {
		// Feature 5 = Contact Count Maximum, asked while binding.
		dev = await createFromFixture(PEN, { getReportAnswers: { 5: [0x05, 0x0a] } });
	});
	after(() => dev?.destroy());

	test('attach: 328 -> 338-byte descriptor in sysfs and hidraw', async () => {
		const r = attach(dev, FIX);
		assert.deepEqual(r.members, ['hid_device_event', 'hid_rdesc_fixup']);
		await dev.reresolve();
		assert.equal(fixed.length, 338);
		assertRdesc(dev, fixed, 'fixed');
		node = nodeWithKey(dev, BTN_TOOL_PEN);
		const keys = evdevInfo(node).keys;
		assert.ok(keys.includes(BTN_STYLUS2) && keys.includes(BTN_STYLUS3), `keys: ${keys}`);
	});

	test('Invert while hovering becomes button 3 (hidraw bit 5, evdev BTN_STYLUS3)', async () => {
		await roundTrip(dev, dev.hidraw, node, pen(0x40)); // in range
		const [raw, frame] = await roundTrip(dev, dev.hidraw, node, pen(0x48)); // + Invert
		assert.equal(raw, hex(pen(0x60)));
		assert.deepEqual(frame, [[EV.KEY, BTN_STYLUS3, 1]]);
		const [, release] = await roundTrip(dev, dev.hidraw, node, pen(0x40));
		assert.deepEqual(release, [[EV.KEY, BTN_STYLUS3, 0]]);
	});

	test('Invert right after leaving proximity is the eraser: passed through', async () => {
		await roundTrip(dev, dev.hidraw, node, pen(0x00)); // out of range
		const [raw, frame] = await roundTrip(dev, dev.hidraw, node, pen(0x48));
		assert.equal(raw, hex(pen(0x48)));
		assert.ok(
			frame.some(([t, c, v]) => t === EV.KEY && c === BTN_TOOL_RUBBER && v === 1),
			`no BTN_TOOL_RUBBER in ${JSON.stringify(frame)}`,
		);
		await roundTrip(dev, dev.hidraw, node, pen(0x00));
	});

	test('second button (bit 2) is BTN_STYLUS2', async () => {
		await roundTrip(dev, dev.hidraw, node, pen(0x40));
		const [raw, frame] = await roundTrip(dev, dev.hidraw, node, pen(0x44));
		assert.equal(raw, hex(pen(0x44)));
		assert.deepEqual(frame, [[EV.KEY, BTN_STYLUS2, 1]]);
		await roundTrip(dev, dev.hidraw, node, pen(0x00));
	});

	test('detach: original descriptor, Invert reaches hidraw unchanged again', async () => {
		detach(dev, FIX);
		await dev.reresolve();
		assertRdesc(dev, original, 'after detach');
		node = nodeWithKey(dev, BTN_TOOL_PEN);
		assert.equal(evdevInfo(node).keys.includes(BTN_STYLUS3), false);
		await roundTrip(dev, dev.hidraw, node, pen(0x40));
		const [raw] = await roundTrip(dev, dev.hidraw, node, pen(0x48));
		assert.equal(raw, hex(pen(0x48)));
	});
});

describe('0010-Huion__Inspiroy-2-S (probe() picks the pen interface)', () => {
	const FIX = obj('stable/0010-Huion__Inspiroy-2-S');
	const IFACES = {
		vendor: 'huion-inspiroy-2s-0003-256C-0066.0016.hid.bin',
		pen: 'huion-inspiroy-2s-0003-256C-0066.0017.hid.bin',
		pad: 'huion-inspiroy-2s-0003-256C-0066.0018.hid.bin',
	};
	const original = loadRdesc(IFACES.pen);
	const fixed = patched(
		original,
		40,
		// inch, per-axis Physical Maximum 6299 / 3937 (6.299 x 3.937 in = 160 x 100 mm)
		[
			0x05, 0x01, 0x55, 0x0d, 0x65, 0x13, 0x26, 0xff, 0x7f, 0x35, 0x00, 0x75, 0x10, 0x95, 0x01, 0x09, 0x30,
			0x46, 0x9b, 0x18, 0x81, 0x02, 0x09, 0x31, 0x46, 0x61, 0x0f, 0x81, 0x02,
		],
		24,
	);
	const devs = {};
	before(async () => {
		for (const [k, f] of Object.entries(IFACES)) devs[k] = await createFromFixture(f);
	});
	after(async () => {
		for (const d of Object.values(devs)) await d.destroy();
	});

	for (const iface of ['vendor', 'pad']) {
		test(`probe() rejects the ${iface} interface; nothing is pinned or changed`, async () => {
			const d = devs[iface];
			const before = hex(d.readSysfsRdesc());
			const r = loader('attach', d.sysPath, FIX);
			assert.equal(r.status, 5);
			assert.equal(r.json.code, 'probe-rejected');
			assert.ok(
				r.json.message.startsWith(`probe() of 0010-Huion__Inspiroy-2-S_bpf rejected ${d.sysname}`),
				r.json.message,
			);
			assert.equal(pinsOf(d.sysname, FIX), null);
			assert.equal(hex(d.readSysfsRdesc()), before);
		});
	}

	test('the pen interface is accepted: 93 -> 98 bytes, real resolution on evdev', async () => {
		const d = devs.pen;
		const res = (node) => evdevInfo(node).abs;
		const penNode = nodeWithKey(d, BTN_TOOL_PEN);
		assert.equal(res(penNode)[ABS.X].resolution, 0, 'in^3 gives no resolution before the fix');
		attach(d, FIX);
		await d.reresolve();
		assertRdesc(d, fixed, 'fixed');
		const abs = res(nodeWithKey(d, BTN_TOOL_PEN));
		assert.deepEqual(
			[abs[ABS.X].resolution, abs[ABS.Y].resolution, abs[ABS.X].max, abs[ABS.Y].max],
			// hidinput_calc_abs_res(): 32767 / 160.0 mm and 32767 / 100.0 mm, rounded
			[205, 328, 32767, 32767],
		);
	});

	test('pen reports keep their layout: X/Y reach evdev unchanged', async () => {
		const d = devs.pen;
		const node = nodeWithKey(d, BTN_TOOL_PEN);
		const report = [0x0a, 0x40, 0x34, 0x12, 0x78, 0x06, 0x00, 0x00, 0x00, 0x00];
		const [raw, frame] = await roundTrip(d, d.hidraw, node, report);
		assert.equal(raw, hex(report));
		assert.deepEqual(
			frame.filter(([t, c]) => t === EV.ABS && (c === ABS.X || c === ABS.Y)),
			[
				[EV.ABS, ABS.X, 0x1234],
				[EV.ABS, ABS.Y, 0x0678],
			],
		);
	});

	test('detach: the pen interface gets its 93 original bytes back', async () => {
		const d = devs.pen;
		detach(d, FIX);
		await d.reresolve();
		assertRdesc(d, original, 'after detach');
		assert.equal(hex(devs.vendor.readSysfsRdesc()), hex(loadRdesc(IFACES.vendor)));
		assert.equal(hex(devs.pad.readSysfsRdesc()), hex(loadRdesc(IFACES.pad)));
	});
});
