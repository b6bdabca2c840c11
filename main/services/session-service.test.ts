/**
 * The session service with a helper whose recordings are the msmouse fixture: one recording at a
 * time, Stop ends it, a cancelled save dialog saves nothing, a report needs a recording. The whole
 * flow through the page runs in main/dev-bridge/ui.browser.test.ts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HelperClient } from '../../app/node/elevation/helper-client.js';
import { createSessionService } from './session-service.js';

const MOUSE = readFileSync(new URL('../../app/test/fixtures/msmouse.hid.txt', import.meta.url), 'utf8');
const SUMMARY = { reports: 1, bpfReports: 0, evdevEvents: 0, synDropped: 0, reconnects: 0 };

function service(chosen: string | undefined) {
	const refuse = async () => ({
		ok: false as const,
		error: { code: 'helper-failed' as const, message: 'no' },
	});
	const helper: HelperClient = {
		attach: refuse,
		keep: refuse,
		detach: refuse,
		async record(device, _seconds, o = {}) {
			await o.stop; // like the real helper: until Stop (or the time is up)
			const text = MOUSE.replace(
				/^(I: .*)$/m,
				`$1\n# Recorded by hidfix from ${device} at 2026-11-24T15:00:00.000Z`,
			);
			return { ok: true, value: { reply: { verb: 'record', device, summary: SUMMARY }, recording: text } };
		},
	};
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-session-'));
	return createSessionService({
		helper,
		held: () => undefined,
		trust: {},
		generator: 'hidfix test',
		chooseSavePath: async (name) => (chosen === undefined ? undefined : join(dir, chosen ?? name)),
		roots: { sysfs: join(dir, 'sys'), dev: join(dir, 'dev') },
		probe: { run: async () => ({ ok: false, missing: true, reason: 'not here' }), release: () => 'test' },
		now: () => new Date('2026-11-24T15:00:00Z'),
	});
}

describe('session service', () => {
	it('records one at a time; Stop ends the recording', async () => {
		const s = service('r.hidfix-report');
		const first = s.record('0003:045E:00D1.0001', 60, 'before');
		expect(await s.record('0003:045E:00D1.0001', 60, 'after')).toMatchObject({
			ok: false,
			code: 'recording-busy',
		});
		await s.stop();
		expect(await first).toEqual({
			ok: true,
			value: { phase: 'before', device: '0003:045E:00D1.0001', ...SUMMARY },
		});
	});

	it('a report needs a recording; a cancelled save dialog saves nothing', async () => {
		const none = service('r.hidfix-report');
		expect(await none.preview({ note: '', includeKeyboardEvents: false })).toMatchObject({
			ok: false,
			code: 'report-failed',
		});
		const cancelled = service(undefined);
		const recorded = cancelled.record('0003:045E:00D1.0001', 60, 'before');
		await cancelled.stop();
		await recorded;
		expect(await cancelled.save({ note: '', includeKeyboardEvents: false })).toEqual({
			ok: true,
			value: null,
		});
		const saved = service('r.hidfix-report');
		const r = saved.record('0003:045E:00D1.0001', 60, 'before');
		await saved.stop();
		await r;
		expect(await saved.save({ note: 'n', includeKeyboardEvents: false })).toEqual({
			ok: true,
			value: { fileName: 'r.hidfix-report', size: expect.any(Number) },
		});
	});
});
