/**
 * `hidfix decode` through the real CLI entry on real descriptors: the msmouse recording fixture,
 * a recording written by the project's writer, the Huion keyboard interface as `.hid.bin`, a sysfs
 * `report_descriptor` and a hidraw node in a fake sysfs tree.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../common/hid/recording.js';
import { fakeSysfs } from '../../node/capture/fake-sysfs.test-helper.js';
import {
	FIXTURES,
	mouseEvents,
	msmouse,
	recording,
	tiltWheelFixed,
} from '../../node/report/report-kit.test-helper.js';
import { EXIT } from '../exit-codes.js';
import { runCli } from '../run.js';

async function cli(argv: string[], cwd = tmpdir()) {
	let out = '';
	let err = '';
	const code = await runCli(argv, {
		out: (t) => (out += t),
		err: (t) => (err += t),
		env: {},
		cwd,
		now: () => new Date(),
	});
	return { code, out, err };
}
const fixture = (name: string) => fileURLToPath(new URL(name, FIXTURES));

describe('hidfix decode', () => {
	it('a recording: hid-decode style items, a report summary, and every E: event decoded', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-decode-'));
		writeFileSync(
			join(dir, 'after.hid.txt'),
			recording({ ...msmouse(), descriptor: tiltWheelFixed() }, mouseEvents('E')),
		);
		const r = await cli(['decode', 'after.hid.txt'], dir);
		expect(r.code).toBe(0);
		expect(r.out).toContain('# 0x95, 0x02,                    //    Report Count (2)                 115');
		expect(r.out).toContain('#   Input report 17 (0x11): 6 bytes in Physical Generic Desktop / Pointer');
		expect(r.out).toContain(
			'# ReportID: 17 | pressed: Button 4 | X:     0 | Y:     0 | Wheel:     0 | AC Pan:     0\nE: 000000.008000 6 11 08 00 00 00 00',
		);
		// The output is itself a recording the reader accepts, with the same descriptor and events.
		const back = parseRecording(r.out);
		expect(back.ok && [back.value.devices[0]!.descriptor, back.value.events.length]).toEqual([
			tiltWheelFixed(),
			5,
		]);
	});

	it('--json gives devices with report summaries and decoded events', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-decode-'));
		writeFileSync(join(dir, 'r.hid.txt'), recording(msmouse(), mouseEvents('E').slice(4)));
		const j = JSON.parse((await cli(['decode', '--json', 'r.hid.txt'], dir)).out);
		expect([j.source, j.devices[0].descriptorBytes, j.devices[0].error, j.events]).toEqual([
			'recording',
			196,
			null,
			[
				{
					kind: 'E',
					device: 0,
					time: '000000.032000',
					bytes: '11 01 ff 00 01 00',
					decoded: {
						reportId: 17,
						pressed: ['Button 1'],
						selected: [],
						values: { X: -1, Y: 0, Wheel: 1, 'AC Pan': 0 },
					},
				},
			],
		]);
	});

	it('the msmouse fixture (R/N/I only) and a raw .hid.bin descriptor', async () => {
		const a = await cli(['decode', fixture('msmouse.hid.txt')]);
		const b = await cli(['decode', fixture('huion-inspiroy-2s-0003-256C-0066.0018.hid.bin')]);
		expect([a.code, a.out.split('\n')[0], b.code]).toEqual([
			0,
			'# Microsoft Microsoft Optical Mouse with Tilt Wheel',
			0,
		]);
		expect(b.out).toContain('#   Input report 3 (0x03): 8 bytes in Application Generic Desktop / Keyboard');
		expect(b.out).toContain('R: 65 05 01 09 06 a1 01');
		// hid-replay (hid-tools 0.12) fails on a blank N: and misnames a device without one.
		expect(b.out).toContain('\nN: HID 0000:0000\nI: 0 0000 0000\n');
	});

	it('several devices: D: numbered from 0 whatever the input said (hid-tools replay.py starts on device 0)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-decode-'));
		const dev = (d: number, name: string) => `D: ${d}\nR: 3 a1 01 c0\nN: ${name}\nI: 3 1 2\n`;
		writeFileSync(join(dir, 'two.hid.txt'), `${dev(3, 'a')}${dev(7, 'b')}D: 7\nE: 000000.000000 1 01\n`);
		const r = await cli(['decode', 'two.hid.txt'], dir);
		expect([r.code, r.out.split('\n').filter((l) => /^[DNE]:/.test(l))]).toEqual([
			0,
			['D: 0', 'N: a', 'D: 1', 'N: b', 'D: 1', 'E: 000000.000000 1 01'],
		]);
	});

	it('a hidraw node and a sysfs report_descriptor, named from sysfs', async () => {
		const fake = fakeSysfs();
		const path = fake.add({
			sysname: '0003:045E:00D1.0001',
			hidraw: 3,
			rdesc: msmouse().descriptor!,
			uevent: 'HID_ID=0003:0000045E:000000D1\nHID_NAME=Microsoft Optical Mouse\n',
		});
		const node = await cli(['decode', '--sysfs', fake.roots.sysfs, '/dev/hidraw3']);
		const file = await cli(['decode', join(path, 'report_descriptor')]);
		const gone = await cli(['decode', '--sysfs', fake.roots.sysfs, '/dev/hidraw4']);
		fake.cleanup();
		expect([
			node.code,
			node.out.split('\n')[0],
			node.out.includes('N: Microsoft Optical Mouse\nI: 3 045e 00d1'),
			file.out === node.out,
			gone.code,
		]).toEqual([0, '# Microsoft Optical Mouse', true, true, EXIT.io]);
	});

	it('malformed input: a bad recording, a descriptor that does not parse, an empty file, no descriptor (exit 10); no file (exit 3)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-decode-'));
		writeFileSync(join(dir, 'bad.hid.txt'), 'R: 3 05 01\n');
		writeFileSync(join(dir, 'bad.bin'), Uint8Array.from([0xa1, 0x01, 0x09]));
		writeFileSync(join(dir, 'empty.bin'), new Uint8Array(0));
		writeFileSync(join(dir, 'notes.hid.txt'), '# only comments\n');
		const r = await Promise.all(
			['bad.hid.txt', 'bad.bin', 'empty.bin', 'notes.hid.txt', 'absent.bin'].map((f) =>
				cli(['decode', f], dir),
			),
		);
		expect(r.map((x) => [x.code, x.err.split(':')[0]])).toEqual([
			[EXIT.container, 'hidfix'],
			[EXIT.container, 'hidfix'],
			[EXIT.container, 'hidfix'],
			[EXIT.container, 'hidfix'],
			[EXIT.io, 'hidfix'],
		]);
		expect([r[0]!.err, r[1]!.err]).toEqual([
			expect.stringContaining('line 1'),
			expect.stringContaining('does not parse'),
		]);
	});

	it('needs exactly one input (exit 2)', async () => {
		expect((await cli(['decode'])).code).toBe(EXIT.usage);
	});

	it('never passes control characters from a hostile file to the terminal', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-decode-'));
		writeFileSync(
			join(dir, 'evil.hid.txt'),
			recording({ ...msmouse(), name: 'evil\u001b[2J\u001b]0;owned\u0007!' }, mouseEvents('E')),
		);
		const r = await cli(['decode', 'evil.hid.txt'], dir);
		// eslint-disable-next-line no-control-regex
		expect([r.code, /[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.out), r.out.split('\n')[0]]).toEqual([
			0,
			false,
			'# evil\ufffd[2J\ufffd]0;owned\ufffd!',
		]);
	});
});
