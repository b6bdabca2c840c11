// The recorder's per-report cost in Node, stage by stage, on this host: what decides whether an
// 8 kHz device fits (8 000 reports, 8 000 B: lines and ~40 000 evdev events a second). Input is
// what hidfix-read and hidfix-trace write, in the chunk sizes a pipe hands over; the recorder's
// pairing and batching run on top in the real-kernel capture test (bpf/test/kernel/capture.test.mjs).
import { join } from 'node:path';
import { median } from './_timing.mjs';

const root = join(import.meta.dirname, '..', '..');
const out = (p) => import(join(root, 'out', p));

const REPORTS = 80_000; // 10 s at 8 kHz
const CHUNK = 64 * 1024; // one pipe read

/** Runs `once` (which handles REPORTS reports) `runs` times; median ns per report. */
async function nsPerReport(once, runs = 9) {
	await once(); // warm-up
	const samples = [];
	for (let i = 0; i < runs; i++) {
		const t0 = process.hrtime.bigint();
		await once();
		samples.push(Number(process.hrtime.bigint() - t0) / REPORTS);
	}
	return median(samples);
}

/** An OpenNode that hands `bytes` over in pipe-sized chunks. */
const chunked = (bytes) => async (node, _opts, onData) => {
	for (let i = 0; i < bytes.byteLength; i += CHUNK) onData(bytes.subarray(i, i + CHUNK));
	return { ok: true, value: { node, close: async () => undefined } };
};

export const title = `capture: the recorder's Node-side cost per report (${REPORTS / 1000} k reports = 10 s at 8 kHz)`;

export async function run({ log }) {
	const { hidrawVia } = await out('app/node/capture/hidraw.js');
	const { openEvdev, encodeInputEvents } = await out('app/node/capture/evdev.js');
	const { parseTraceBytes } = await out('app/node/capture/tracer.js');

	// hidraw frames as hidfix-read --framed writes them: u32 len, u64 ns, the mouse's 6-byte report.
	const frames = new Uint8Array(REPORTS * 18);
	const view = new DataView(frames.buffer);
	for (let n = 0; n < REPORTS; n++) {
		view.setUint32(n * 18, 6, true);
		view.setBigUint64(n * 18 + 4, 1_000_000_000n + BigInt(n) * 125_000n, true);
		frames.set([0x11, n & 0xe0, 1, n & 0xff, 1, 0], n * 18 + 12);
	}
	let sink = 0;
	const hidraw = await nsPerReport(async () => {
		await hidrawVia(chunked(frames))(
			'/dev/hidraw0',
			(m) => (sink += m.kind === 'report' ? m.report.data[3] : 0),
		);
	});

	// B: lines as hidfix-trace prints them, split into lines from raw chunks.
	const lines = Buffer.from(
		Array.from(
			{ length: REPORTS },
			(_, n) =>
				`B: ${1 + Math.floor(n / 8000)}.${String((n % 8000) * 125).padStart(6, '0')} 6 11 ${(n & 0xe0).toString(16).padStart(2, '0')} 01 ${(n & 0xff).toString(16).padStart(2, '0')} 01 00\n`,
		).join(''),
	);
	const trace = await nsPerReport(async () => {
		for (let start = 0, nl = lines.indexOf(10); nl >= 0; start = nl + 1, nl = lines.indexOf(10, start)) {
			const r = parseTraceBytes(lines, start, nl);
			sink += r?.data[3] ?? 0;
		}
	});

	// evdev: REL_X, REL_Y, REL_WHEEL, SYN_REPORT per report (what the mouse produces).
	const events = [];
	for (let n = 0; n < REPORTS; n++) {
		const t = { sec: 1 + Math.floor(n / 8000), usec: (n % 8000) * 125 };
		events.push({ ...t, type: 2, code: 0, value: 1 }, { ...t, type: 2, code: 1, value: n & 0x7f });
		events.push({ ...t, type: 2, code: 8, value: -1 }, { ...t, type: 0, code: 0, value: 0 });
	}
	const evBytes = encodeInputEvents(events);
	const evdev = await nsPerReport(async () => {
		await openEvdev('/dev/input/event0', (m) => (sink += m.kind === 'events' ? m.events.length : 0), {
			openNode: chunked(evBytes),
		});
	});

	// The whole Recorder on top: B:/E: pairing, evdev merge by time, batches. Fake sysfs (one hidraw,
	// one evdev node), input fed slice by slice as the pipes would deliver it.
	const { Recorder } = await out('app/node/capture/recorder.js');
	const { fakeSysfs } = await out('app/node/capture/fake-sysfs.test-helper.js');
	const fs = fakeSysfs();
	fs.add({ sysname: '0003:045E:00D1.0001', hidraw: 0, inputs: [[0, 0]] });
	const SLICE = 800; // 100 ms at 8 kHz
	const recorder = await nsPerReport(async () => {
		const feed = {};
		let records = 0;
		const capture = (key) => async (node, _opts, onData) => {
			feed[key] = onData;
			return { ok: true, value: { node, close: async () => undefined } };
		};
		const r = await Recorder.start({
			sysname: '0003:045E:00D1.0001',
			roots: fs.roots,
			realtimeOffsetNs: 0n,
			onBatch: (b) => (records += b.length),
			openHidraw: hidrawVia(capture('hidraw')),
			openEvdev: (node, sink) => openEvdev(node, sink, { openNode: capture('evdev') }),
			tracer: async (_path, sink) => {
				feed.trace = sink;
				return {
					ok: true,
					value: { stop: async () => ({ reports: REPORTS, lost: 0, exitCode: 0, stderr: '' }) },
				};
			},
		});
		if (!r.ok) throw new Error(r.error.message);
		let line = 0;
		for (let n = 0; n < REPORTS; n += SLICE) {
			for (let k = 0; k < SLICE; k++) {
				const nl = lines.indexOf(10, line);
				feed.trace(parseTraceBytes(lines, line, nl));
				line = nl + 1;
			}
			feed.hidraw(frames.subarray(n * 18, (n + SLICE) * 18));
			feed.evdev(evBytes.subarray(n * 4 * 24, (n + SLICE) * 4 * 24));
		}
		const summary = await r.value.stop();
		if (summary.reports !== REPORTS || summary.unpairedB !== 0) throw new Error(JSON.stringify(summary));
		sink += records;
	}, 5);
	fs.cleanup();

	const row = (what, ns) =>
		log(
			`${what.padEnd(38)} ${(ns / 1000).toFixed(2).padStart(6)} µs/report   ${((ns * 8000) / 1e7).toFixed(1).padStart(5)} % of a core at 8 kHz`,
		);
	row('hidraw frames → reports (E:)', hidraw);
	row('hidfix-trace lines → reports (B:)', trace);
	row('evdev bytes → events (4 per report)', evdev);
	row('all three', hidraw + trace + evdev);
	row('Recorder: all of it + pairing, merge', recorder);
	if (sink === 0) throw new Error('nothing was parsed');
}
