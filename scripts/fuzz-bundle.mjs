// `npm run fuzz:bundle [-- --runs N --seed S]`: mutation fuzzing of the bundle reader.
//
// Starts from the golden bundles (plain tar, gzip, two signers), applies 1–4 random mutations
// (bit flips, byte writes, inserts, deletes, truncation, block duplication/swap, appended garbage),
// optionally repairs tar header checksums or re-gzips so mutations reach the deeper checks, then
// calls openBundle. Violations: (1) openBundle throws; (2) a bundle is accepted whose signed content
// differs from the original — the manifest bytes, or any payload (covered through its sha256).
// Accepted mutations that only touched unsigned bytes (tar mtime/mode/owner fields, zero padding)
// are counted but fine: the spec says those bytes are not trusted or used.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '20000' },
		seed: { type: 'string', default: '1' },
		verbose: { type: 'boolean' },
	},
});
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
if (!Number.isSafeInteger(RUNS) || RUNS < 1 || !Number.isSafeInteger(SEED)) {
	console.error('usage: fuzz-bundle.mjs [--runs N] [--seed S] [--verbose]');
	process.exit(2);
}

const { openBundle } = await import(join(root, 'out/app/node/bundle/open-bundle.js'));
const { headerChecksum } = await import(join(root, 'out/app/common/bundle/tar-reader.js'));
const { concat: concatAll } = await import(join(root, 'out/app/common/bundle/tar-writer.js'));
const concat = (...parts) => concatAll(parts);
const { parseAllowedSigners } = await import(join(root, 'out/app/common/trust/allowed-signers.js'));

const fixtures = join(root, 'app/test/fixtures/bundles');
const signers = parseAllowedSigners(readFileSync(join(fixtures, 'keys/allowed_signers'), 'utf8')).value;
const trust = { entries: signers.map((e) => ({ ...e, source: 'system', path: 'allowed_signers' })) };
const now = new Date('2026-11-24T15:00:00Z');

/** mulberry32: small, seedable, good enough to spread mutations. */
function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rand = rng(SEED);
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];

const seeds = ['kamvas.hidfix', 'natural-scroll.hidfix', 'two-signers.hidfix'].map((name) => {
	const bytes = new Uint8Array(readFileSync(join(fixtures, name)));
	const r = openBundle(bytes, { trust, now });
	if (!r.ok) throw new Error(`seed ${name} does not open: ${r.error.code}`);
	return { name, bytes, gzip: bytes[0] === 0x1f, opened: r.value };
});

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x20, 0x2f, 0x2e, 0x30, 0x37, 0x38, 0x35, 0x32, 0x78, 0x4c];
const MUTATORS = {
	flipBit: (b) => {
		const c = b.slice();
		const i = int(c.length);
		c[i] ^= 1 << int(8);
		return c;
	},
	setByte: (b) => {
		const c = b.slice();
		c[int(c.length)] = rand() < 0.5 ? pick(INTERESTING) : int(256);
		return c;
	},
	headerByte: (b) => {
		const c = b.slice();
		const blocks = c.length >> 9;
		if (!blocks) return c;
		c[(int(blocks) << 9) + int(512)] = pick(INTERESTING);
		return c;
	},
	headerField: (b) => {
		// A byte inside a real header's name, mode/owner/mtime, size, type, link or prefix field.
		const heads = [];
		for (let off = 0; off + 512 <= b.length; off += 512)
			if (b[off + 257] === 0x75 && b[off + 258] === 0x73) heads.push(off);
		if (!heads.length) return b;
		const c = b.slice();
		const [lo, hi] = pick([
			[0, 100],
			[100, 124],
			[124, 136],
			[136, 148],
			[156, 157],
			[157, 257],
			[265, 297],
			[345, 500],
		]);
		c[pick(heads) + lo + int(hi - lo)] = pick(INTERESTING);
		return c;
	},
	insert: (b) => {
		const i = int(b.length + 1);
		const ins = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
		return concat(b.subarray(0, i), ins, b.subarray(i));
	},
	remove: (b) => {
		const i = int(b.length);
		const n = 1 + int(64);
		return concat(b.subarray(0, i), b.subarray(Math.min(b.length, i + n)));
	},
	truncate: (b) => b.subarray(0, int(b.length)),
	dupBlock: (b) => {
		const blocks = b.length >> 9;
		if (!blocks) return b;
		const s = int(blocks) << 9;
		const at = int(blocks + 1) << 9;
		return concat(b.subarray(0, at), b.subarray(s, s + 512), b.subarray(at));
	},
	swapBlocks: (b) => {
		const c = b.slice();
		const blocks = c.length >> 9;
		if (blocks < 2) return c;
		const x = int(blocks) << 9;
		const y = int(blocks) << 9;
		const t = c.slice(x, x + 512);
		c.copyWithin(x, y, y + 512);
		c.set(t, y);
		return c;
	},
	append: (b) =>
		concat(
			b,
			Uint8Array.from({ length: 1 + int(1024) }, () => (rand() < 0.5 ? 0 : int(256))),
		),
};
const NAMES = Object.keys(MUTATORS);

/** Recomputes the checksum of every block that still looks like a ustar header. */
function repairChecksums(tar) {
	const c = tar.slice();
	for (let off = 0; off + 512 <= c.length; off += 512) {
		const h = c.subarray(off, off + 512);
		if (h[257] !== 0x75 || h[258] !== 0x73) continue; // "us"tar
		const text = headerChecksum(h).toString(8).padStart(6, '0');
		for (let i = 0; i < 6; i++) h[148 + i] = text.charCodeAt(i);
		h[154] = 0;
		h[155] = 0x20;
	}
	return c;
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function signedContentEqual(got, want) {
	if (!same(got.manifestBytes, want.manifestBytes)) return 'manifest bytes differ';
	if (got.files.size !== want.files.size) return 'different payload set';
	for (const [name, data] of want.files) {
		const g = got.files.get(name);
		if (!g || !same(g, data)) return `payload ${name} differs`;
	}
	return undefined;
}

// Self-check of the oracle: a payload with one changed byte must count as changed signed content.
{
	const o = seeds[0].opened;
	const [name, data] = [...o.files][0];
	const tampered = data.slice();
	tampered[0] ^= 1;
	if (!signedContentEqual({ ...o, files: new Map([...o.files, [name, tampered]]) }, o))
		throw new Error('fuzz oracle is blind');
}

const outcomes = new Map();
let accepted = 0;
let acceptedChanged = 0;
const violations = [];
const started = Date.now();
for (let run = 0; run < RUNS; run++) {
	const seed = pick(seeds);
	// For gzip seeds, mutate the inflated tar half of the time so mutations get past the CRC.
	const inner = seed.gzip && rand() < 0.5;
	let bytes = inner ? new Uint8Array(gunzipSync(seed.bytes)) : seed.bytes;
	const steps = [];
	for (let k = 1 + int(4); k > 0; k--) {
		const m = pick(NAMES);
		steps.push(m);
		bytes = MUTATORS[m](bytes);
	}
	if (rand() < 0.5 && !(seed.gzip && !inner)) {
		bytes = repairChecksums(bytes);
		steps.push('repairChecksums');
	}
	if (inner) bytes = new Uint8Array(gzipSync(bytes));
	let r;
	try {
		r = openBundle(bytes, { trust, now });
	} catch (e) {
		violations.push({ run, seed: seed.name, steps, what: `threw: ${e instanceof Error ? e.stack : e}` });
		continue;
	}
	if (r.ok) {
		accepted++;
		if (!same(bytes, seed.bytes)) acceptedChanged++;
		const diff = signedContentEqual(r.value, seed.opened);
		if (diff)
			violations.push({ run, seed: seed.name, steps, what: `accepted with changed signed content: ${diff}` });
	} else {
		outcomes.set(r.error.code, (outcomes.get(r.error.code) ?? 0) + 1);
	}
}

if (values.verbose) {
	for (const [code, n] of [...outcomes].sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(28)} ${n}`);
}
for (const v of violations.slice(0, 20))
	console.error(`VIOLATION run ${v.run} (${v.seed}; ${v.steps.join(' → ')}): ${v.what}`);
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(
	`fuzz:bundle: ${RUNS} runs, seed ${SEED}, ${secs} s: ${RUNS - accepted} rejected (${outcomes.size} distinct codes), ` +
		`${accepted} accepted (${accepted - acceptedChanged} byte-identical, ${acceptedChanged} differing only in unsigned bytes), ` +
		`${violations.length} violations`,
);
// The campaign as one test for scripts/run-tests.mjs, which sums each suite's last line.
console.log(violations.length === 0 ? '1 passed, 0 failed' : '0 passed, 1 failed');
process.exit(violations.length === 0 ? 0 : 1);
