// Child of hid-capture.mjs: analyse two recordings from disk and print timings and maxRSS as JSON.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const { analyzeCapture, compareCaptures } = await import(join(root, 'out/app/common/hid/index.js'));
const baseRssKiB = process.resourceUsage().maxRSS;

function* chunks(path) {
	const fd = openSync(path, 'r');
	const buf = Buffer.allocUnsafe(1 << 20);
	const dec = new TextDecoder();
	try {
		for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;)
			yield dec.decode(buf.subarray(0, n), { stream: true });
		const tail = dec.decode();
		if (tail) yield tail;
	} finally {
		closeSync(fd);
	}
}

const t0 = process.hrtime.bigint();
const a = analyzeCapture(chunks(process.argv[2]));
const b = analyzeCapture(chunks(process.argv[3]));
const t1 = process.hrtime.bigint();
if (!a.ok || !b.ok) throw new Error((a.ok ? b : a).error.message);
const comparison = compareCaptures(a.value, b.value);
const t2 = process.hrtime.bigint();
if (!comparison) throw new Error('no comparison');
console.log(
	JSON.stringify({
		events: a.value.events,
		analyzeMs: Number(t1 - t0) / 1e6,
		compareMs: Number(t2 - t1) / 1e6,
		maxRssKiB: process.resourceUsage().maxRSS,
		baseRssKiB,
	}),
);
