/**
 * `hidfix report create` through runCli, on a fake sysfs tree holding the Microsoft mouse with the
 * Tilt-Wheel fix's descriptor, recordings in the Recorder's format, the golden natural-scroll bundle
 * and fake system commands. The saved report is read back by the strict reader and `report diff`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES as BUNDLES } from '../../test/fixtures/bundles/kit.js';
import { huionKeyboard, mouseInputs, recording, ev } from '../../node/report/report-kit.test-helper.js';
import { readReport } from '../../node/report/report-file.js';
import type { RunCommand } from '../../node/report/run-command.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { reportCommand } from './report.js';

const SYSNAME = '0003:045E:00D1.0001';
const inputs = mouseInputs();
const tag = (text: string, sysname = SYSNAME) =>
	text.replace(
		/^# hidfix: recording/m,
		`# Recorded by hidfix from ${sysname} at 2026-11-24T15:00:00.000Z\n$&`,
	);

const commands: RunCommand = async (file) => {
	if (file === 'dmesg')
		return {
			ok: true,
			stdout: `[    1.0] hid-generic ${SYSNAME}: input,hidraw3: USB HID v1.11 Mouse\n[    2.0] unrelated line\n`,
		};
	if (file === 'udevadm')
		return { ok: true, stdout: `P: /devices/virtual/misc/uhid/${SYSNAME}\nE: HID_NAME=x\n` };
	return { ok: false, missing: true, reason: `${file} is not installed` };
};

/** A temp dir with the recordings, and a sysfs tree where the device is connected (or not). */
function setup(opts: { connected?: boolean; descriptor?: Uint8Array } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-report-create-'));
	writeFileSync(join(dir, 'before.hid.txt'), tag(inputs.before!.recording));
	writeFileSync(join(dir, 'after.hid.txt'), tag(inputs.after!.recording));
	const sysfs = join(dir, 'sys');
	const dev = join(sysfs, 'bus/hid/devices', SYSNAME);
	mkdirSync(join(sysfs, 'kernel/btf'), { recursive: true });
	if (opts.connected !== false) {
		mkdirSync(join(dev, 'hidraw/hidraw3'), { recursive: true });
		mkdirSync(join(dev, 'input/input7/event8'), { recursive: true });
		writeFileSync(
			join(dev, 'uevent'),
			`HID_ID=0003:0000045E:000000D1\nHID_NAME=${inputs.device.name}\nMODALIAS=hid:b0003g0001v0000045Ep000000D1\n`,
		);
		writeFileSync(join(dev, 'report_descriptor'), opts.descriptor ?? inputs.descriptors.after!.sysfs!);
	}
	const deps = {
		roots: { sysfs, dev: '/dev' },
		probe: {
			roots: { sysfs, etc: join(dir, 'etc'), usrLib: join(dir, 'usr/lib'), bpffs: join(dir, 'bpf') },
			release: () => '7.3.4-amd64',
			run: commands,
			isBpffs: async () => true,
		},
	};
	return { dir, deps };
}

async function create(
	argv: string[],
	s: ReturnType<typeof setup>,
	confirm?: CliContext['confirm'],
): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const code = await reportCommand(
		['create', ...argv],
		{
			out: (t) => (out += t),
			err: (t) => (err += t),
			env: { HOME: s.dir },
			cwd: s.dir,
			now: () => new Date('2026-11-24T15:00:00Z'),
			systemDir: join(s.dir, 'etc/hidfix'),
			...(confirm && { confirm }),
		},
		s.deps,
	);
	return { code, out, err };
}

const both = ['--before', 'before.hid.txt', '--after', 'after.hid.txt'];

describe('hidfix report create', () => {
	it('builds the report from a before/after pair, the live device, the fix and the logs, and saves it after --yes', async () => {
		const s = setup();
		const r = await create(
			[
				...both,
				'--fix',
				join(BUNDLES, 'natural-scroll.hidfix'),
				'--system-keys',
				join(BUNDLES, 'keys/allowed_signers'),
				'--note',
				'pressed the side button twice',
				'--yes',
				'-o',
				'r.hidfix-report',
			],
			s,
		);
		expect(r.code).toBe(EXIT.ok);
		expect(r.out).toMatch(
			/^The report will contain:\n {2}report\.json +[\d.]+ (B|KiB) +Machine-readable report/,
		);
		expect(r.out).toMatch(/^ {2}rdesc-after\.bin .* from sysfs/m);
		expect(r.out).toMatch(/Not included, helper log: no helper log given/);
		expect(r.out).toMatch(/Verdict: .*Button 4/);
		expect(r.out).toMatch(/Saved r\.hidfix-report; send it to test-only-author@hidfix\.invalid\.\n$/);

		const saved = await readReport(join(s.dir, 'r.hidfix-report'));
		if (!saved.ok) throw new Error(saved.error.message);
		const rep = saved.value.report;
		expect(rep.device).toMatchObject({
			sysname: SYSNAME,
			vid: '0x045E',
			pid: '0x00D1',
			modalias: 'hid:b0003g0001v0000045Ep000000D1',
			nodes: { before: null, after: { hidraw: '/dev/hidraw3', evdev: ['/dev/input/event8'] } },
		});
		expect(rep.fix?.id).toBe('org.hidfix.test.microsoft-natural-scroll');
		expect(rep.descriptors.after?.sysfs?.file).toBe('rdesc-after.bin');
		expect(rep.descriptors.before?.sysfs).toBeNull();
		expect(rep.descriptors.before?.hidraw?.file).toBe('rdesc-before-hidraw.bin');
		expect([rep.dmesg.lines, rep.udevadm.readable, rep.system.kernel, rep.note]).toEqual([
			1,
			true,
			'7.3.4-amd64',
			'pressed the side button twice',
		]);
		expect(new TextDecoder().decode(saved.value.files.get('dmesg.txt'))).toContain(`hid-generic ${SYSNAME}`);
		expect(rep.comparison?.verdict).toMatch(/Button 4/);
		// What was listed is what was saved.
		const listed = [...r.out.matchAll(/^ {2}(\S+\.(?:json|md|html|txt|bin|log)) /gm)].map((m) => m[1]);
		expect(listed).toEqual(['report.json', 'summary.md', 'summary.html', ...rep.entries.map((e) => e.name)]);
	});

	it('warns when the fix does not target the recorded device', async () => {
		const s = setup();
		const r = await create(
			[
				...both,
				'--fix',
				join(BUNDLES, 'kamvas.hidfix'),
				'--system-keys',
				join(BUNDLES, 'keys/allowed_signers'),
				'--list',
			],
			s,
		);
		expect([r.code, r.err]).toEqual([
			EXIT.ok,
			`hidfix report create: note: org.hidfix.test.huion-kamvas-pro-19 does not target ${SYSNAME} (256C:006B); is it the right fix?\n`,
		]);
	});

	it('--list shows the content and saves nothing; without --yes or a terminal nothing is saved either', async () => {
		const s = setup();
		const listed = await create([...both, '--list', '-o', 'r.hidfix-report'], s);
		expect([listed.code, listed.out]).toEqual([EXIT.ok, expect.stringContaining('before.hid.txt')]);
		const asked = await create([...both, '-o', 'r.hidfix-report'], s);
		expect([asked.code, asked.err]).toEqual([
			EXIT.usage,
			'hidfix report create: nothing saved: review the list above, then run again with --yes to save it.\n',
		]);
		expect(existsSync(join(s.dir, 'r.hidfix-report'))).toBe(false);
	});

	it('asks on a terminal: "n" saves nothing, "y" saves', async () => {
		const s = setup();
		const questions: string[] = [];
		const no = await create([...both, '-o', 'r.hidfix-report'], s, async (q) => (questions.push(q), false));
		expect([no.code, no.out.endsWith('Not saved.\n'), existsSync(join(s.dir, 'r.hidfix-report'))]).toEqual([
			EXIT.ok,
			true,
			false,
		]);
		const yes = await create([...both, '-o', 'r.hidfix-report'], s, async () => true);
		expect([yes.code, existsSync(join(s.dir, 'r.hidfix-report'))]).toEqual([EXIT.ok, true]);
		expect(questions).toEqual(['Save this report to r.hidfix-report? [y/N] ']);
	});

	it('never replaces an existing file', async () => {
		const s = setup();
		writeFileSync(join(s.dir, 'r.hidfix-report'), 'mine');
		const r = await create([...both, '--yes', '-o', 'r.hidfix-report'], s);
		expect([r.code, r.err]).toEqual([
			EXIT.io,
			'hidfix report create: r.hidfix-report exists; choose another name or remove it first.\n',
		]);
		expect(readFileSync(join(s.dir, 'r.hidfix-report'), 'utf8')).toBe('mine');
	});

	it('describes a disconnected device from the recording header and says what is missing', async () => {
		const s = setup({ connected: false });
		const r = await create([...both, '--yes', '-o', 'r.hidfix-report'], s);
		expect(r.code).toBe(EXIT.ok);
		expect(r.err).toContain(`${SYSNAME} is not connected: the device facts come from the recording's header`);
		expect(r.out).toContain(`Not included, udevadm: ${SYSNAME} is not connected`);
		const saved = await readReport(join(s.dir, 'r.hidfix-report'));
		if (!saved.ok) throw new Error(saved.error.message);
		expect(saved.value.report.device).toMatchObject({ name: inputs.device.name, modalias: null });
		expect(saved.value.report.descriptors.after?.sysfs).toBeNull();
	});

	it('leaves out a sysfs descriptor that matches neither recording, and says so', async () => {
		const s = setup({ descriptor: Uint8Array.of(0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0xc0) });
		const r = await create([...both, '--list'], s);
		expect(r.err).toContain("report descriptor differs from the recordings'");
		expect(r.out).not.toMatch(/^ {2}rdesc-(before|after)\.bin /m);
	});

	it('redacts keyboard input unless --include-keyboard-events, and says how much', async () => {
		const s = setup();
		const kbd = huionKeyboard();
		const sys = '0003:256C:0066.0018';
		mkdirSync(join(s.deps.roots.sysfs, 'bus/hid/devices', sys), { recursive: true });
		const keys = [ev(0, 'E', 0x03, 0, 0, 0x04, 0, 0, 0, 0, 0), ev(8, 'E', 0x03, 0, 0, 0, 0, 0, 0, 0, 0)];
		writeFileSync(join(s.dir, 'kbd.hid.txt'), tag(recording(kbd, keys), sys));
		const redacted = await create(['--before', 'kbd.hid.txt', '--list'], s);
		expect(redacted.out).toContain('Keyboard input is redacted: 2 reports and 0 key events');
		const kept = await create(['--before', 'kbd.hid.txt', '--include-keyboard-events', '--list'], s);
		expect(kept.out).toContain('Keyboard input is included');
	});

	it.each([
		[[], /needs a recording/],
		[['--before', 'before.hid.txt'], /needs --output/],
		[['--before', 'before.hid.txt', '--list', '--yes'], /cannot be used with --yes/],
		[['--before', 'before.hid.txt', '--note', 'a', '--note-file', 'n', '--list'], /either as --note/],
	])('refuses the command line %j (exit 2)', async (argv, message) => {
		const s = setup();
		await expect(create(argv, s)).rejects.toThrow(message);
	});

	it.each([
		[
			'a missing recording',
			['--before', 'nope.hid.txt'],
			EXIT.io,
			/Cannot read the --before recording .*nope\.hid\.txt/,
		],
		['a file without a device header', ['--before', 'junk.txt'], EXIT.container, /has no device header/],
		[
			'a recording of another device',
			['--before', 'before.hid.txt', '--device', '0003:046D:C077.0002'],
			EXIT.usage,
			/is of 045E:00D1, but 0003:046D:C077.0002 is 046D:C077/,
		],
		[
			'a recording without its device name',
			['--before', 'plain.hid.txt'],
			EXIT.usage,
			/name the connected device with --device/,
		],
		[
			'an untrusted fix',
			['--before', 'before.hid.txt', '--fix', join(BUNDLES, 'natural-scroll.hidfix')],
			EXIT.untrusted,
			/REJECTED \(signature-untrusted\)/,
		],
	])('refuses %s with a message to act on', async (_what, argv, code, message) => {
		const s = setup();
		writeFileSync(join(s.dir, 'junk.txt'), 'hello\n');
		writeFileSync(join(s.dir, 'plain.hid.txt'), inputs.before!.recording);
		const r = await create([...argv, '--list'], s);
		expect([r.code, r.err]).toEqual([code, expect.stringMatching(message)]);
	});
});
