import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { drainProcessAt } from './drain-process.js';
import { encodeInputEvents, openEvdev, type EvdevMessage, type InputEvent } from './evdev.js';
import { hidrawVia, type HidrawMessage } from './hidraw.js';
import type { OpenNode } from './node-reader.js';

// Built by `make -C bpf` (vitest's global setup).
const READ = fileURLToPath(new URL('../../../bpf/out/reader/hidfix-read', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hidfix-drain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A FIFO stands in for hidraw: one read() per write when writes are apart in time. */
function fifo(name: string): { path: string; holder: number } {
	const path = join(dir, name);
	execFileSync('mkfifo', [path]);
	return { path, holder: openSync(path, 'r+') };
}

const until = async (cond: () => boolean): Promise<void> => {
	const deadline = Date.now() + 5000;
	while (!cond() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
};

const reportsOf = (got: HidrawMessage[]) => got.flatMap((m) => (m.kind === 'report' ? [m.report] : []));

describe('drainProcessAt (hidfix-read)', () => {
	it('frames each read as one report stamped right after the read, in order', async () => {
		const { path, holder } = fifo('hidraw0');
		const got: HidrawMessage[] = [];
		const t0 = process.hrtime.bigint();
		const r = await hidrawVia(drainProcessAt(READ))(path, (m) => got.push(m));
		if (!r.ok) throw new Error(r.error.message);
		for (const rep of [[0x11, 0, 1], [0x11, 0, 2, 3], [0x05]]) {
			writeSync(holder, Uint8Array.from(rep));
			const want = got.length + 1;
			await until(() => got.length >= want);
		}
		await r.value.close();
		closeSync(holder);
		const reports = reportsOf(got);
		expect(reports.map((x) => [...x.data])).toEqual([[0x11, 0, 1], [0x11, 0, 2, 3], [0x05]]);
		expect(reports.every((x, i) => x.t > t0 && (i === 0 || x.t > (reports[i - 1]?.t ?? 0n)))).toBe(true);
		// Records hold plain Uint8Arrays, not the pipe's Buffers (deep equality checks prototypes).
		expect(reports.every((x) => Object.getPrototypeOf(x.data) === Uint8Array.prototype)).toBe(true);
	});

	it('hands over what it still holds when closed (batched for --flush-ms)', async () => {
		const { path, holder } = fifo('hidraw1');
		const got: HidrawMessage[] = [];
		const r = await hidrawVia(drainProcessAt(READ, { flushMs: 1000 }))(path, (m) => got.push(m));
		if (!r.ok) throw new Error(r.error.message);
		writeSync(holder, Uint8Array.from([1, 2, 3]));
		await new Promise((res) => setTimeout(res, 100));
		// Held for the 1 s flush interval: nothing yet, then everything at close.
		const before = got.length;
		await r.value.close();
		closeSync(holder);
		expect([before, reportsOf(got).map((x) => [...x.data])]).toEqual([0, [[1, 2, 3]]]);
	});

	it('turns the node going away into one read-failed error after the data', async () => {
		const { path, holder } = fifo('hidraw2');
		const got: HidrawMessage[] = [];
		const r = await hidrawVia(drainProcessAt(READ))(path, (m) => got.push(m));
		if (!r.ok) throw new Error(r.error.message);
		writeSync(holder, Uint8Array.from([7]));
		await until(() => got.length > 0);
		closeSync(holder); // the last writer goes: read() returns 0, as for a vanished device
		await until(() => got.some((m) => m.kind === 'error'));
		await r.value.close();
		expect(
			got.map((m) => (m.kind === 'error' ? `${m.error.code} ${m.error.detail?.errno}` : m.kind)),
		).toEqual(['report', 'read-failed EOF']);
	});

	it('reports a missing node as open-failed with its errno, and a missing binary with how to build it', async () => {
		const missing = await drainProcessAt(READ)(
			'/nonexistent/hidraw7',
			{ framed: true },
			() => undefined,
			() => undefined,
		);
		const noBinary = await drainProcessAt(join(dir, 'nope'))(
			'/dev/null',
			{ framed: true },
			() => undefined,
			() => undefined,
		);
		expect([
			missing.ok ? '' : `${missing.error.code} ${missing.error.detail?.errno}`,
			noBinary.ok ? '' : noBinary.error.message,
		]).toEqual(['open-failed ENOENT', expect.stringMatching(/make -C bpf reader/)]);
	});
});

describe('hidfix-read backlog', () => {
	it('keeps draining the node while the recorder reads nothing, then hands over every byte in order', async () => {
		const path = join(dir, 'event9');
		execFileSync('mkfifo', [path]);
		const holder = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
		const child = spawn(READ, [path], { stdio: ['ignore', 'pipe', 'inherit'] });
		// Nobody reads stdout yet: the pipe (1 MiB) and Node's stream buffer fill up, then only the
		// backlog keeps the node drained. A FIFO holds 64 KiB: without the backlog the writes stall.
		const total = 4 * 1024 * 1024;
		const block = Buffer.alloc(4096);
		let written = 0;
		let stalledMs = 0;
		while (written < total && stalledMs < 5000) {
			for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((written + i) / 4, i);
			try {
				written += writeSync(holder, block);
			} catch {
				// EAGAIN: the FIFO is full until hidfix-read drains it.
				await new Promise((res) => setTimeout(res, 1));
				stalledMs += 1;
			}
		}
		const chunks: Buffer[] = [];
		child.stdout.on('data', (c: Buffer) => chunks.push(c));
		await new Promise((res) => setTimeout(res, 200));
		child.kill('SIGTERM');
		await new Promise((res) => child.once('close', res));
		closeSync(holder);
		const out = Buffer.concat(chunks);
		const words = (out.byteLength - 4) / 4;
		let firstBad = -1;
		for (let i = 0; i < words && firstBad < 0; i++) if (out.readUInt32LE(4 + i * 4) !== i) firstBad = i;
		expect([written, out.subarray(0, 4).toString(), out.byteLength - 4, firstBad]).toEqual([
			total,
			'HFR1',
			total,
			-1,
		]);
	});
});

/** An OpenNode that delivers `bytes` cut into pieces of `step` bytes, as a pipe may. */
function chopped(bytes: Uint8Array, step: number): OpenNode {
	return async (node, _opts, onData) => {
		for (let i = 0; i < bytes.byteLength; i += step) onData(bytes.slice(i, i + step));
		return { ok: true, value: { node, close: async () => undefined } };
	};
}

describe('frames cut anywhere by a pipe', () => {
	it('hidraw: every report whole, whatever the cut', async () => {
		const frame = (t: number, data: number[]): number[] => {
			const h = new DataView(new ArrayBuffer(12));
			h.setUint32(0, data.length, true);
			h.setBigUint64(4, BigInt(t), true);
			return [...new Uint8Array(h.buffer), ...data];
		};
		const stream = Uint8Array.from([...frame(10, [1, 2, 3]), ...frame(20, []), ...frame(30, [9])]);
		const results = [];
		for (const step of [1, 5, 13, stream.byteLength]) {
			const got: HidrawMessage[] = [];
			await hidrawVia(chopped(stream, step))('/dev/hidraw0', (m) => got.push(m));
			results.push(reportsOf(got).map((x) => `${x.t}:${[...x.data].join(',')}`));
		}
		expect(new Set(results.map((r) => r.join(' ')))).toEqual(new Set(['10:1,2,3 20: 30:9']));
	});

	it('evdev: every input_event whole, whatever the cut', async () => {
		const events: InputEvent[] = [
			{ sec: 1, usec: 2, type: 2, code: 0, value: -1 },
			{ sec: 1, usec: 2, type: 0, code: 0, value: 0 },
		];
		const stream = encodeInputEvents(events);
		for (const step of [1, 7, 24, 25]) {
			const got: EvdevMessage[] = [];
			await openEvdev('/dev/input/event0', (m) => got.push(m), { openNode: chopped(stream, step) });
			expect(got.flatMap((m) => (m.kind === 'events' ? m.events : []))).toEqual(events);
		}
	});
});
