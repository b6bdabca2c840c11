/**
 * Real inputs for report tests: the Microsoft mouse of app/test/fixtures/msmouse.hid.txt with the
 * Tilt-Wheel fix's descriptor (bpf/src/testing), the keyboard interface of the Huion Inspiroy 2 S
 * (a real descriptor with modifier bits and a key array), recordings written by the project's own
 * hid-recorder writer, evdev lines in the Recorder's comment format.
 */
import { readFileSync } from 'node:fs';
import { bytesFromPrinted } from '../../common/hid/printer.js';
import { parseRecording, type RecordedDevice, type RecordedEvent } from '../../common/hid/recording.js';
import { recordingLines } from '../../common/hid/recording-writer.js';
import type { ReportInputs } from '../../common/report/build.js';
import type { SystemFacts } from '../../common/report/schema.js';

export const FIXTURES = new URL('../../test/fixtures/', import.meta.url);
const BPF_SRC = new URL('../../../bpf/src/', import.meta.url);

export function msmouse(): RecordedDevice {
	const r = parseRecording(readFileSync(new URL('msmouse.hid.txt', FIXTURES), 'utf8'));
	if (!r.ok) throw new Error(r.error.message);
	return r.value.devices[0]!;
}

/** A C array of a fix source, e.g. `fixed_items` of the Tilt-Wheel fix. */
export function bpfArray(path: string, name: string): Uint8Array {
	const src = readFileSync(new URL(path, BPF_SRC), 'utf8');
	const m = new RegExp(`${name}\\[[^\\]]*\\]\\s*=\\s*\\{([^}]*)\\}`).exec(src);
	if (!m) throw new Error(`${name} not in ${path}`);
	return bytesFromPrinted(m[1]!);
}

/** The descriptor the Tilt-Wheel fix makes: bytes 115–122 replaced (bit 3 becomes Button 4). */
export function tiltWheelFixed(): Uint8Array {
	const fixed = Uint8Array.from(msmouse().descriptor!);
	fixed.set(bpfArray('testing/0010-Microsoft__Optical-Mouse-Tilt-Wheel.bpf.c', 'fixed_items'), 115);
	return fixed;
}

export const huionKeyboard = (): RecordedDevice => ({
	index: 0,
	name: 'HUION Huion Tablet_H641P Keyboard',
	bus: 3,
	vendor: 0x256c,
	product: 0x0066,
	descriptor: new Uint8Array(
		readFileSync(new URL('huion-inspiroy-2s-0003-256C-0066.0018.hid.bin', FIXTURES)),
	),
});

export const ev = (ms: number, kind: 'E' | 'B', ...data: number[]): RecordedEvent => ({
	kind,
	device: 0,
	sec: Math.floor(ms / 1000),
	usec: (ms % 1000) * 1000,
	data: Uint8Array.from(data),
});

/** A recording as the Recorder writes it: `evdev[i]` lines follow the i-th event. */
export function recording(
	device: RecordedDevice,
	events: readonly RecordedEvent[],
	evdev: Record<number, string[]> = {},
	nodes = '# hidfix: recording /dev/hidraw3 and /dev/input/event7',
): string {
	const out: string[] = [];
	let i = 0;
	let header = true;
	for (const line of recordingLines([device], events)) {
		if (header && /^[EB]: /.test(line)) {
			out.push(nodes);
			header = false;
		}
		out.push(line);
		if (/^[EB]: /.test(line)) {
			out.push(...(evdev[i] ?? []).map((l) => `#   evdev ${l}`));
			i++;
		}
	}
	return `${out.join('\n')}\n`;
}

/** The user presses the side button (bit 3 of report 17) twice and scrolls once. */
export const mouseEvents = (kind: 'E' | 'B'): RecordedEvent[] => [
	ev(0, kind, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00),
	ev(8, kind, 0x11, 0x08, 0x00, 0x00, 0x00, 0x00),
	ev(16, kind, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00),
	ev(24, kind, 0x11, 0x08, 0x00, 0x00, 0x00, 0x00),
	ev(32, kind, 0x11, 0x01, 0xff, 0x00, 0x01, 0x00),
];

export const SYSTEM: SystemFacts = {
	kernel: '7.3.4-amd64',
	os: { prettyName: 'Debian GNU/Linux forky/sid', id: 'debian', versionId: null },
	hidBpf: { btf: true, bpffsMounted: true, api: 'struct_ops' },
	bpffs: {
		readable: true,
		reason: null,
		objects: [
			{
				device: '0003_045E_00D1_0001',
				object: '0010-Microsoft__Optical-Mouse-Tilt-Wheel_bpf',
				pins: ['msmouse_button4'],
			},
		],
	},
	udevHidBpf: { installed: true, version: '2.3.0' },
};

const fakeSha = (c: string) => c.repeat(64);

/** Inputs of a full mouse report: before (no fix), after (Tilt-Wheel fix, B: lines from a tracer). */
export function mouseInputs(over: Partial<ReportInputs> = {}): ReportInputs {
	const dev = msmouse();
	const fixed = tiltWheelFixed();
	const after = mouseEvents('E').flatMap((e) => [{ ...e, kind: 'B' as const }, e]);
	return {
		createdAt: new Date('2026-11-24T15:00:00.123Z'),
		generator: 'hidfix 0.1.0',
		device: {
			sysname: '0003:045E:00D1.0001',
			name: dev.name!,
			bus: 3,
			vendor: 0x045e,
			product: 0x00d1,
			modalias: 'hid:b0003g0001v0000045Ep000000D1',
		},
		before: {
			recording: recording(dev, mouseEvents('E'), {
				1: ['000000.008000 event7 EV_KEY BTN_SIDE 1', '000000.008000 event7 EV_SYN SYN_REPORT 0'],
			}),
			nodes: { hidraw: '/dev/hidraw3', evdev: ['/dev/input/event7'] },
		},
		after: {
			recording: recording(
				{ ...dev, descriptor: fixed },
				after,
				{ 3: ['000000.008000 event8 EV_KEY BTN_SIDE 1'] },
				'# hidfix: recording /dev/hidraw3 and /dev/input/event8',
			),
			nodes: { hidraw: '/dev/hidraw3', evdev: ['/dev/input/event8'] },
		},
		descriptors: {
			before: { sysfs: dev.descriptor!, hidraw: dev.descriptor! },
			after: { sysfs: fixed, hidraw: fixed },
		},
		fix: {
			id: 'org.hidfix.test.microsoft-tilt-wheel',
			version: '1.0.0',
			title: 'Microsoft Optical Mouse: side button',
			bundleSha256: fakeSha('b'),
			signers: [
				{
					fingerprint: 'SHA256:7e0dKtPzXGsOl0I5wQdV3bq6mS7xo0l8wzPo4qT5Y2A',
					principals: ['dev@example.org'],
					keyType: 'ssh-ed25519',
				},
			],
			programs: [
				{
					file: 'programs/0010-Microsoft__Optical-Mouse-Tilt-Wheel.bpf.o',
					sha256: fakeSha('c'),
					api: 'struct_ops',
				},
			],
			manifestBytes: new TextEncoder().encode('{"schema":1}\n'),
		},
		system: SYSTEM,
		udevadm: {
			lines: [
				'P: /devices/pci0000:00/usb1/1-1/1-1:1.0/0003:045E:00D1.0001',
				'E: MODALIAS=hid:b0003g0001v0000045Ep000000D1',
			],
		},
		dmesg: {
			lines: [
				'[  12.345678] hid-generic 0003:045E:00D1.0001: input,hidraw3: USB HID v1.11 Mouse [Microsoft Microsoft Optical Mouse with Tilt Wheel] on usb-0000:00:01.2-1/input0',
			],
		},
		helperLog: {
			lines: ['attach 0010-Microsoft__Optical-Mouse-Tilt-Wheel.bpf.o to 0003:045E:00D1.0001: ok in 0.31 s'],
		},
		note: 'Pressed the side button twice, then scrolled once.',
		includeKeyboardEvents: false,
		...over,
	};
}
