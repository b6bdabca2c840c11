import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTraceLine, tracerAt, type TracedReport } from './tracer.js';

const dir = mkdtempSync(join(tmpdir(), 'hidfix-tracer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for hidfix-trace speaking its stdout protocol (a real process, real signals). */
function script(name: string, body: string): string {
	const p = join(dir, name);
	writeFileSync(p, `#!/bin/sh\n${body}\n`);
	chmodSync(p, 0o755);
	return p;
}

describe('parseTraceLine', () => {
	it('parses absolute monotonic sec.usec and checks the length against the bytes', () => {
		expect([
			parseTraceLine('B: 12.000345 3 11 01 ff'),
			parseTraceLine('B: 12.000345 4 11 01 ff'),
			parseTraceLine('# hidfix-trace: attached hid_id=1'),
			parseTraceLine('B: 0.000001 0'),
			parseTraceLine('B: 1.01 1 11'),
			parseTraceLine('B: 1.000001 1 1g'),
			parseTraceLine('B: 1.000001 1  11'),
		]).toEqual([
			{ t: 12_000_345_000n, data: Uint8Array.from([0x11, 0x01, 0xff]) },
			undefined,
			undefined,
			{ t: 1000n, data: new Uint8Array(0) },
			undefined,
			undefined,
			undefined,
		]);
	});
});

describe('tracerAt', () => {
	it('waits for attach, streams B: reports, and collects the exit summary on stop', async () => {
		const bin = script(
			'ok-trace',
			[
				'trap \'echo "# hidfix-trace: reports=2 lost=1"; exit 0\' TERM',
				'echo "# hidfix-trace: attached hid_id=1"',
				'echo "B: 1.000001 2 11 01"',
				'echo "B: 1.000002 2 11 02"',
				'while :; do sleep 0.05; done',
			].join('\n'),
		);
		const got: TracedReport[] = [];
		const t = await tracerAt(bin)('/sys/bus/hid/devices/x', (r) => got.push(r));
		if (!t.ok) throw new Error(t.error.message);
		await new Promise((r) => setTimeout(r, 100));
		const s = await t.value.stop();
		expect([got.map((r) => r.data[1]), s.reports, s.lost, s.exitCode]).toEqual([[1, 2], 2, 1, 0]);
	});

	it('reassembles a B: line the pipe delivered in two pieces', async () => {
		const bin = script(
			'split-trace',
			[
				'echo "# hidfix-trace: attached hid_id=1"',
				"printf 'B: 3.000004 2 1'",
				'sleep 0.2',
				"printf '1 FE\\nB: 3.000005 1 07\\n'",
				'while :; do sleep 0.05; done',
			].join('\n'),
		);
		const got: TracedReport[] = [];
		const t = await tracerAt(bin)('/sys/bus/hid/devices/x', (r) => got.push(r));
		if (!t.ok) throw new Error(t.error.message);
		await new Promise((r) => setTimeout(r, 500));
		await t.value.stop();
		expect(got.map((r) => `${r.t} ${[...r.data].join(',')}`)).toEqual(['3000004000 17,254', '3000005000 7']);
	});

	it('turns a failed attach into tracer-failed carrying the streamer message', async () => {
		const bin = script(
			'bad-trace',
			'echo "hidfix-trace: attach: Invalid argument (is CONFIG_HID_BPF on?)" >&2; exit 3',
		);
		const t = await tracerAt(bin)('/sys/x', () => undefined);
		expect(t.ok ? '' : `${t.error.code}: ${t.error.message}`).toMatch(
			/^tracer-failed: the B: tracer exited with status 3: hidfix-trace: attach: Invalid argument/,
		);
	});

	it('says how to build the tracer when it is missing', async () => {
		const t = await tracerAt(join(dir, 'nope'))('/sys/x', () => undefined);
		expect(t.ok ? '' : t.error.message).toMatch(/make -C bpf tracer.*--bpf never/);
	});
});
