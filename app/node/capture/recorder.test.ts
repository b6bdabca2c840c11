import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../common/result.js';
import { captureError } from './errors.js';
import type { EvdevMessage } from './evdev.js';
import { fakeSysfs } from './fake-sysfs.test-helper.js';
import type { HidrawMessage } from './hidraw.js';
import type { CaptureRecord } from './records.js';
import { recordLine } from './records.js';
import { Recorder, type RecorderOptions } from './recorder.js';
import type { TracedReport } from './tracer.js';

const DEV = '0003:045E:00D1.0001';

/** Fake clock, hidraw/evdev openers and tracer, all driven by the test. */
function harness() {
	const fs = fakeSysfs();
	let now = 1_000_000_000n;
	const opened: string[] = [];
	const hidraw = new Map<string, (m: HidrawMessage) => void>();
	const evdev = new Map<string, (m: EvdevMessage) => void>();
	let traced: ((r: TracedReport) => void) | undefined;
	const batches: CaptureRecord[][] = [];
	let base = 0n;
	const opts = (extra: Partial<RecorderOptions> = {}): RecorderOptions => ({
		sysname: DEV,
		roots: fs.roots,
		now: () => now,
		batchMs: 5,
		pollMs: 5,
		realtimeOffsetNs: 0n,
		onBatch: (b, bs) => {
			base = bs;
			batches.push([...b]);
		},
		openHidraw: async (node, sink) => {
			opened.push(node);
			hidraw.set(node, sink);
			return ok({ node, close: async () => void hidraw.delete(node) });
		},
		openEvdev: async (node, sink) => {
			opened.push(node);
			evdev.set(node, sink);
			return ok({ node, close: async () => void evdev.delete(node) });
		},
		...extra,
	});
	return {
		fs,
		opened,
		opts,
		advance: (ns: bigint) => (now += ns),
		get now() {
			return now;
		},
		report(node: string, bytes: number[]) {
			hidraw.get(node)?.({ kind: 'report', node, report: { t: now, data: Uint8Array.from(bytes) } });
		},
		fail(node: string) {
			hidraw.get(node)?.({ kind: 'error', node, error: captureError('read-failed', `reading ${node}: EIO`) });
		},
		event(node: string, sec: number, usec: number, type: number, code: number, value: number) {
			evdev.get(node)?.({ kind: 'events', node, events: [{ sec, usec, type, code, value }] });
		},
		/** A B: report; `t` (kernel time) may be earlier than now: the tracer's pipe lags. */
		trace(bytes: number[], t = now) {
			traced?.({ t, data: Uint8Array.from(bytes) });
		},
		tracer: async (_p: string, sink: (r: TracedReport) => void) => {
			traced = sink;
			return ok({ stop: async () => ({ reports: 0, lost: 0, exitCode: 0, stderr: '' }) });
		},
		records: () => batches.flat(),
		lines: () => batches.flat().map((r) => recordLine(r, base)),
	};
}

const tick = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));
let h = harness();
afterEach(() => {
	h.fs.cleanup();
	h = harness();
});

describe('Recorder', () => {
	it('writes E: lines relative to the first record and evdev events on the same clock', async () => {
		h.fs.add({ sysname: DEV, hidraw: 0, inputs: [[0, 2]] });
		const raw = join(h.fs.roots.dev, 'hidraw0');
		const ev = join(h.fs.roots.dev, 'input/event2');
		const r = await Recorder.start(h.opts());
		if (!r.ok) throw new Error(r.error.message);
		h.report(raw, [0x11, 0, 1, 0, 0, 0]);
		// evdev stamps come from the kernel: realtime 1.000100 s = 100 µs after the report
		h.event(ev, 1, 100, 2, 0, 1);
		h.event(ev, 1, 100, 0, 0, 0);
		h.advance(1_500_000n);
		h.report(raw, [0x11, 0, 2, 0, 0, 0]);
		h.advance(100_000_000n);
		await tick();
		await r.value.stop();
		expect(h.lines()).toEqual([
			`# hidfix: recording ${raw} and ${ev}`,
			'E: 000000.000000 6 11 00 01 00 00 00',
			'#   evdev 000000.000100 event2 EV_REL REL_X 1',
			'#   evdev 000000.000100 event2 EV_SYN SYN_REPORT 0',
			'E: 000000.001500 6 11 00 02 00 00 00',
		]);
	});

	it('survives a re-probe: re-resolves the new nodes, notes the gap and keeps recording', async () => {
		h.fs.add({ sysname: DEV, hidraw: 0, inputs: [[0, 2]] });
		const raw = join(h.fs.roots.dev, 'hidraw0');
		const r = await Recorder.start(h.opts());
		if (!r.ok) throw new Error(r.error.message);
		h.report(raw, [1]);
		h.advance(1_000_000n);
		// Re-probe: the node dies, the device is briefly gone, then back with new input numbers.
		h.fs.remove(DEV);
		h.fail(raw);
		await tick(20);
		h.advance(40_000_000n);
		h.fs.add({ sysname: DEV, hidraw: 0, inputs: [[1, 3]] });
		await tick(40);
		h.report(raw, [2]);
		h.advance(100_000_000n);
		await tick();
		const s = await r.value.stop();
		expect(h.opened.map((p) => p.slice(h.fs.roots.dev.length))).toEqual([
			'/hidraw0',
			'/input/event2',
			'/hidraw0',
			'/input/event3',
		]);
		expect(h.records().map((x) => x.kind)).toEqual(['nodes', 'E', 'gap', 'nodes', 'E']);
		expect([s.reconnects, s.reports, s.error]).toEqual([1, 2, undefined]);
	});

	it('gives up with reconnect-timeout when the device does not come back', async () => {
		h.fs.add({ sysname: DEV, hidraw: 0 });
		const raw = join(h.fs.roots.dev, 'hidraw0');
		const r = await Recorder.start(h.opts({ reconnectTimeoutMs: 50 }));
		if (!r.ok) throw new Error(r.error.message);
		h.fs.remove(DEV);
		h.fail(raw);
		for (let i = 0; i < 20; i++) {
			h.advance(10_000_000n);
			await tick(5);
		}
		const s = await r.value.stop();
		expect(s.error?.code).toBe('reconnect-timeout');
		expect(s.error?.message).toMatch(/did not come back within 50 ms/);
	});

	it('pairs each B: before its E:, and writes B: from a gap alone', async () => {
		h.fs.add({ sysname: DEV, hidraw: 0 });
		const raw = join(h.fs.roots.dev, 'hidraw0');
		const r = await Recorder.start(h.opts({ tracer: h.tracer }));
		if (!r.ok) throw new Error(r.error.message);
		// Report 1: the fix rewrote byte 1 (B: original, E: fixed).
		h.advance(1000n);
		h.trace([0x11, 0x01]);
		h.advance(50_000n);
		h.report(raw, [0x11, 0xff]);
		// Re-probe: the tracer (attached to the hid_device, which survives) still sees a report.
		h.fs.remove(DEV);
		h.fail(raw);
		h.advance(1_000_000n);
		h.trace([0x11, 0x02]);
		h.advance(1_000_000n);
		h.fs.add({ sysname: DEV, hidraw: 0 });
		await tick(40);
		h.advance(1_000_000n);
		h.trace([0x11, 0x03]);
		h.advance(20_000n);
		h.report(raw, [0x11, 0xfd]);
		h.advance(100_000_000n);
		await tick();
		const s = await r.value.stop();
		expect(
			h.records().flatMap((x) => (x.kind === 'B' || x.kind === 'E' ? [`${x.kind} ${x.data[1]}`] : [])),
		).toEqual(['B 1', 'E 255', 'B 2', 'B 3', 'E 253']);
		expect([s.bpfReports, s.reports, s.unpairedB, s.unpairedE]).toEqual([3, 2, 1, 0]);
	});

	it('pairs each E: with its own B: after lost E:s, waiting for a B: still in the pipe', async () => {
		h.fs.add({ sysname: DEV, hidraw: 0 });
		const raw = join(h.fs.roots.dev, 'hidraw0');
		const r = await Recorder.start(h.opts({ tracer: h.tracer }));
		if (!r.ok) throw new Error(r.error.message);
		const step = () => h.advance(100_000n);
		// The fix inverts byte 2 (01 -> ff); byte 1 is a counter.
		h.trace([0x11, 1, 0x01]);
		step();
		h.report(raw, [0x11, 1, 0xff]);
		h.advance(60_000_000n); // past the settle time before the first batch goes out
		await tick();
		h.trace([0x11, 2, 0x01]); // its E: is lost (hidraw queue overrun)
		step();
		h.trace([0x11, 3, 0x01]);
		step();
		h.report(raw, [0x11, 3, 0xff]);
		step();
		h.trace([0x11, 4, 0x01]); // E: lost too
		step();
		const t5 = h.now;
		step();
		h.report(raw, [0x11, 5, 0xff]); // arrives before its B: (taken at t5) leaves the tracer pipe
		await tick();
		h.trace([0x11, 5, 0x01], t5);
		step();
		await tick();
		const s = await r.value.stop();
		expect(
			h.records().flatMap((x) => (x.kind === 'B' || x.kind === 'E' ? [`${x.kind}${x.data[1]}`] : [])),
		).toEqual(['B1', 'E1', 'B2', 'B3', 'E3', 'B4', 'B5', 'E5']);
		expect([s.unpairedB, s.unpairedE]).toEqual([2, 0]);
	});

	it('keeps what a reader hands over while it closes (its last batch)', async () => {
		h.fs.add({ sysname: DEV, hidraw: 0 });
		let last: (() => void) | undefined;
		const r = await Recorder.start(
			h.opts({
				openHidraw: async (node, sink) => {
					last = () => sink({ kind: 'report', node, report: { t: h.now, data: Uint8Array.from([9]) } });
					return ok({ node, close: async () => last?.() });
				},
			}),
		);
		if (!r.ok) throw new Error(r.error.message);
		const s = await r.value.stop();
		expect([s.reports, h.records().filter((x) => x.kind === 'E').length]).toEqual([1, 1]);
	});

	it('fails to start with the sysfs error when the device is absent', async () => {
		const r = await Recorder.start(h.opts());
		expect(r.ok ? 'ok' : r.error.code).toBe('device-not-found');
	});
});
