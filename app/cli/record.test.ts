import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../common/result.js';
import { fakeSysfs } from '../node/capture/fake-sysfs.test-helper.js';
import type { HidrawMessage } from '../node/capture/hidraw.js';
import type { CliContext } from './context.js';
import { recordCommand, RECORD_EXIT, type RecordDeps } from './record.js';

const DEV = '0003:045E:00D1.0003';
const RDESC = Uint8Array.from([0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0xc0]);
let fs = fakeSysfs();
afterEach(() => {
	fs.cleanup();
	fs = fakeSysfs();
});

function ctx(): CliContext & { stdout: string; stderr: string } {
	const c = {
		stdout: '',
		stderr: '',
		out: (t: string) => void (c.stdout += t),
		err: (t: string) => void (c.stderr += t),
		env: {},
		cwd: fs.roots.dev,
		now: () => new Date('2026-11-24T12:00:00Z'),
	};
	return c;
}

/** Readers that deliver two reports, then the user presses Ctrl-C. */
function deps(): RecordDeps {
	let sink: ((m: HidrawMessage) => void) | undefined;
	return {
		roots: fs.roots,
		bpffsRoot: join(fs.roots.sysfs, 'fs/bpf'),
		openHidraw: async (node, s) => {
			sink = s;
			return ok({ node, close: async () => undefined });
		},
		openEvdev: async (node) => ok({ node, close: async () => undefined }),
		interrupted: async () => {
			const t = process.hrtime.bigint();
			sink?.({ kind: 'report', node: '', report: { t, data: Uint8Array.from([1, 2]) } });
			sink?.({ kind: 'report', node: '', report: { t: t + 1_250_000n, data: Uint8Array.from([1, 3]) } });
			await new Promise((r) => setTimeout(r, 120));
		},
	};
}

describe('hidfix record', () => {
	it('writes a hid-recorder file: header from sysfs, E: lines relative to the first report, summary', async () => {
		fs.add({
			sysname: DEV,
			hidraw: 2,
			inputs: [[4, 5]],
			uevent: 'HID_ID=0003:0000045E:000000D1\nHID_NAME=Test Mouse\n',
			rdesc: RDESC,
		});
		const c = ctx();
		const code = await recordCommand(['/dev/hidraw2', '--output', 'x.hid.txt', '--bpf', 'never'], c, deps());
		const text = readFileSync(join(fs.roots.dev, 'x.hid.txt'), 'utf8');
		const lines = text.split('\n').filter((l) => !l.startsWith('# 0x') && l !== '');
		expect(code).toBe(RECORD_EXIT.ok);
		expect(lines).toEqual([
			'# Test Mouse',
			'#',
			'R: 7 05 01 09 02 a1 01 c0',
			'N: Test Mouse',
			'I: 3 045e 00d1',
			`# Recorded by hidfix from ${DEV} at 2026-11-24T12:00:00.000Z`,
			'# BPF programs active: (none)',
			'# E: <seconds>.<microseconds> <length-in-bytes> [bytes ...]',
			expect.stringMatching(/^# hidfix: recording .*hidraw2 and .*event5$/),
			'E: 000000.000000 2 01 02',
			'E: 000000.001250 2 01 03',
			'# hidfix: 2 reports, 0 B: reports, 0 evdev events, 0 SYN_DROPPED, 0 reconnects',
		]);
	});

	it('says what to do when the device is missing, and refuses bad options as usage errors', async () => {
		const c = ctx();
		const code = await recordCommand(['0003:045E:00D1.0009', '-o', 'missing.hid.txt'], c, deps());
		// Nothing recorded, no empty file left behind.
		expect(existsSync(join(fs.roots.dev, 'missing.hid.txt'))).toBe(false);
		await expect(recordCommand(['x', '--bpf', 'maybe'], ctx(), deps())).rejects.toThrow(/--bpf must be auto/);
		await expect(recordCommand([DEV, '--duration', '-1'], ctx(), deps())).rejects.toThrow(/--duration/);
		expect([code, c.stderr]).toEqual([
			RECORD_EXIT.capture,
			expect.stringMatching(/HID device 0003:045E:00D1\.0009 is not present .*plugged in/),
		]);
	});

	it('with --bpf always and no tracer binary, fails before recording and names the fix', async () => {
		fs.add({ sysname: DEV, hidraw: 0, uevent: 'HID_ID=0003:0000045E:000000D1\nHID_NAME=M\n', rdesc: RDESC });
		const c = ctx();
		const code = await recordCommand([DEV, '--bpf', 'always'], c, {
			...deps(),
			tracerBinary: '/nonexistent/hidfix-trace',
		});
		expect([code, c.stderr]).toEqual([
			RECORD_EXIT.capture,
			expect.stringMatching(/make -C bpf tracer.*--bpf never/),
		]);
	});

	it('refuses to overwrite an existing output file', async () => {
		fs.add({ sysname: DEV, hidraw: 0, uevent: 'HID_ID=0003:0000045E:000000D1\nHID_NAME=M\n', rdesc: RDESC });
		const c = ctx();
		await recordCommand([DEV, '-o', 'same.txt', '--bpf', 'never'], ctx(), deps());
		const code = await recordCommand([DEV, '-o', 'same.txt', '--bpf', 'never'], c, deps());
		expect([code, c.stderr]).toEqual([
			RECORD_EXIT.io,
			expect.stringMatching(/cannot create same.txt: EEXIST/),
		]);
	});
});
