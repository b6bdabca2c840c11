// Issue 4: parse + decode + diff of a synthetic 1 h @ 1 kHz recording pair (3.6 M reports each side)
// from disk, streamed in 1 MiB chunks the way a debug report is read. Time and peak memory (maxRSS)
// are measured in a child process so generating the files does not count against either.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const out = (p) => import(join(root, 'out', p));

const SECONDS = Number(process.env.HIDFIX_BENCH_SECONDS ?? 3600);
const HZ = 1000;

export const title = `hid: parse + decode + diff, ${SECONDS} s @ 1 kHz (${(SECONDS * 1000) / 1e6} M reports per side; HIDFIX_BENCH_SECONDS, default 3600)`;

async function writeRecording(path, descriptor, seed) {
	const { parseDescriptor, syntheticRecording } = await out('app/common/hid/index.js');
	const d = parseDescriptor(descriptor);
	if (!d.ok) throw new Error(d.error.message);
	const device = { index: 0, name: 'synthetic pen', bus: 3, vendor: 0x256c, product: 0x66, descriptor };
	const fd = openSync(path, 'w');
	try {
		for (const chunk of syntheticRecording(device, d.value, { seconds: SECONDS, hz: HZ, seed })) {
			writeSync(fd, chunk);
		}
	} finally {
		closeSync(fd);
	}
}

export async function run({ log }) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-bench-hid-'));
	try {
		// A real pen descriptor (Huion Inspiroy 2 S, interface 1); "after" differs in its reports.
		const rdesc = new Uint8Array(
			readFileSync(join(root, 'app/test/fixtures/huion-inspiroy-2s-0003-256C-0066.0017.hid.bin')),
		);
		const before = join(dir, 'before.hid.txt');
		const after = join(dir, 'after.hid.txt');
		await writeRecording(before, rdesc, 1);
		await writeRecording(after, rdesc, 2);
		const mb = (statSync(before).size + statSync(after).size) / 2 ** 20;
		const child = execFileSync(
			process.execPath,
			[join(import.meta.dirname, '_hid-capture-child.mjs'), before, after],
			{
				encoding: 'utf8',
			},
		);
		const r = JSON.parse(child);
		log(
			`input            ${(r.events / 1e6).toFixed(2)} M reports per side, ${mb.toFixed(0)} MiB of text in all`,
		);
		log(
			`parse+decode     ${(r.analyzeMs / 1000).toFixed(2)} s  (${((r.analyzeMs * 1e3) / (2 * r.events)).toFixed(2)} µs/report)`,
		);
		log(`diff + verdict   ${r.compareMs.toFixed(1)} ms`);
		log(`total            ${((r.analyzeMs + r.compareMs) / 1000).toFixed(2)} s`);
		log(
			`peak memory      ${(r.maxRssKiB / 1024).toFixed(0)} MiB maxRSS (node baseline ${(r.baseRssKiB / 1024).toFixed(0)} MiB)`,
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
