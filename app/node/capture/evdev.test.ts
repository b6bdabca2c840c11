import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	encodeInputEvents,
	eventNames,
	INPUT_EVENT_SIZE,
	openEvdev,
	parseInputEvents,
	type EvdevMessage,
	type InputEvent,
} from './evdev.js';
import { KEY_NAMES } from './input-event-codes.generated.js';

// struct input_event { struct timeval { s64 sec; s64 usec }; u16 type; u16 code; s32 value } on x86-64.
const REL_X_MINUS_2 = Uint8Array.from([
	0x15,
	0xcd,
	0x5b,
	0x07,
	0,
	0,
	0,
	0, // sec = 123456789
	0x40,
	0xe2,
	0x01,
	0,
	0,
	0,
	0,
	0, // usec = 123456
	0x02,
	0x00, // EV_REL
	0x00,
	0x00, // REL_X
	0xfe,
	0xff,
	0xff,
	0xff, // -2
]);

describe('parseInputEvents', () => {
	it('decodes the 24-byte x86-64 layout field by field', () => {
		expect(parseInputEvents(REL_X_MINUS_2)).toEqual({
			events: [{ sec: 123456789, usec: 123456, type: 2, code: 0, value: -2 }],
			rest: new Uint8Array(0),
		});
	});

	it('keeps a trailing partial record for the next read and round-trips with encode', () => {
		const evs: InputEvent[] = [
			{ sec: 1, usec: 2, type: 1, code: 0x110, value: 1 },
			{ sec: 1, usec: 3, type: 0, code: 0, value: 0 },
		];
		const bytes = encodeInputEvents(evs);
		const cut = parseInputEvents(bytes.subarray(0, INPUT_EVENT_SIZE + 5));
		expect(bytes.byteLength).toBe(48);
		expect(cut.events).toEqual(evs.slice(0, 1));
		expect(cut.rest.byteLength).toBe(5);
		expect(parseInputEvents(bytes).events).toEqual(evs);
	});
});

describe('eventNames', () => {
	it('names codes from the generated kernel table, specific names over range markers', () => {
		expect([
			eventNames(2, 0),
			eventNames(1, 0x110),
			eventNames(0, 3),
			eventNames(3, 0x35),
			eventNames(4, 4),
			eventNames(1, 0x130),
		]).toEqual([
			{ type: 'EV_REL', code: 'REL_X' },
			{ type: 'EV_KEY', code: 'BTN_LEFT' },
			{ type: 'EV_SYN', code: 'SYN_DROPPED' },
			{ type: 'EV_ABS', code: 'ABS_MT_POSITION_X' },
			{ type: 'EV_MSC', code: 'MSC_SCAN' },
			{ type: 'EV_KEY', code: 'BTN_SOUTH' },
		]);
	});

	it('prints unknown types and codes as hex instead of dropping them', () => {
		expect([eventNames(0x1e, 1), eventNames(2, 0x0e)]).toEqual([
			{ type: 'EV_0x1e', code: '0x01' },
			{ type: 'EV_REL', code: '0x0e' },
		]);
	});

	it('has the whole KEY/BTN space, not a subset', () => {
		expect([KEY_NAMES.get(30), KEY_NAMES.get(0x2bc), KEY_NAMES.get(0x2e7), KEY_NAMES.size > 500]).toEqual([
			'KEY_A',
			'KEY_KBD_LCD_MENU5',
			'BTN_TRIGGER_HAPPY40',
			true,
		]);
	});
});

describe('openEvdev', () => {
	it('streams events written to a node (a FIFO here) and closes without waiting for more', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-evdev-'));
		const fifo = join(dir, 'event0');
		execFileSync('mkfifo', [fifo]);
		const got: EvdevMessage[] = [];
		// O_RDWR keeps the FIFO from reporting EOF while the reader has no writer yet.
		const holder = openSync(fifo, 'r+');
		const r = await openEvdev(fifo, (m) => got.push(m));
		expect(r.ok).toBe(true);
		const evs: InputEvent[] = Array.from({ length: 300 }, (_, i) => ({
			sec: 5,
			usec: i,
			type: 2,
			code: 0,
			value: i,
		}));
		const bytes = encodeInputEvents(evs);
		// Split mid-record: the reader must reassemble.
		writeSync(holder, bytes.subarray(0, 100));
		await new Promise((res) => setTimeout(res, 30));
		writeSync(holder, bytes.subarray(100));
		const deadline = Date.now() + 5000;
		const count = (): number => got.reduce((n, m) => n + (m.kind === 'events' ? m.events.length : 0), 0);
		while (count() < 300 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
		if (r.ok) await r.value.close();
		closeSync(holder);
		rmSync(dir, { recursive: true, force: true });
		expect(got.flatMap((m) => (m.kind === 'events' ? m.events : []))).toEqual(evs);
	});

	it('fails to open a missing node with open-failed and the errno', async () => {
		const r = await openEvdev('/nonexistent/event99', () => undefined);
		expect(r).toEqual({
			ok: false,
			error: {
				code: 'open-failed',
				message: 'opening /nonexistent/event99: ENOENT',
				detail: { path: '/nonexistent/event99', errno: 'ENOENT' },
			},
		});
	});
});
