// Bundle open+verify against raw SHA-256 of the same bytes (issue 2 goal: ≤ 1.3×), for a ~100 KB
// and a 16 MiB bundle, plain tar and gzip. Payload: the real Kamvas object from the golden bundle
// plus synthetic C source text (what bundles carry); signed in-process with a fresh ed25519 key.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmtMs, timeMs, timePairMs } from './_timing.mjs';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const out = (p) => import(join(root, 'out', p));

export const title = 'bundle: open + verify vs raw sha256';

export async function run({ log }) {
	const { openBundle } = await out('app/node/bundle/open-bundle.js');
	const { packBundle } = await out('app/node/bundle/pack.js');
	const { readLayout } = await out('app/common/bundle/container.js');
	const { DEFAULT_LIMITS } = await out('app/common/bundle/limits.js');
	const { signSshsigNative } = await out('app/node/ssh/sign-native.js');
	const { fromKeyObject } = await out('app/node/ssh/key-object.js');
	const { formatPublicKeyLine } = await out('app/common/ssh/public-key.js');
	const { parseAllowedSigners } = await out('app/common/trust/allowed-signers.js');

	const golden = new Uint8Array(readFileSync(join(root, 'app/test/fixtures/bundles/kamvas.hidfix')));
	const layout = readLayout(golden, DEFAULT_LIMITS);
	const object = layout.value.payloads.get('programs/0010-Huion__Kamvas-Pro-19.bpf.o').data;
	const source = Buffer.from(
		layout.value.payloads.get('src/0010-Huion__Kamvas-Pro-19.bpf.c').data,
	).toString();

	const { privateKey } = generateKeyPairSync('ed25519');
	const pub = fromKeyObject(privateKey).value;
	const trust = {
		entries: parseAllowedSigners(`b@example.org namespaces="hidfix" ${formatPublicKeyLine(pub)}\n`).value.map(
			(e) => ({
				...e,
				source: 'user',
				path: 'bench',
			}),
		),
	};
	const sign = async (message) => signSshsigNative({ message, privateKey, namespace: 'hidfix' });
	const fields = {
		id: 'org.example.bench',
		version: '1.0.0',
		title: 'Bench',
		summary: 'Bench',
		description: '',
		author: { name: 'Bench' },
		contact: { email: 'b@example.org' },
		created: '2026-11-01T00:00:00Z',
		expires: '2027-01-01T00:00:00Z',
		capture: { instructions: 'x', durationSeconds: 10 },
		minKernel: '6.11',
	};
	const now = new Date('2026-11-24T00:00:00Z');
	/** `n` files of `size` bytes of source-like text (numbered lines, so gzip does not collapse them). */
	const sources = (n, size) =>
		Array.from({ length: n }, (_, i) => {
			let text = '';
			for (let line = 0; text.length < size; line++)
				text += `/* ${i}:${line} */ ${source.slice((line * 97) % 4000, ((line * 97) % 4000) + 60)}\n`;
			return { name: `src/part${i}.c`, bytes: Buffer.from(text.slice(0, size)) };
		});

	const cases = [
		{ label: '100 KB', files: sources(1, 100 * 1024 - object.length - 4096), runs: 300 },
		{ label: '16 MiB', files: sources(4, 4 * 1024 * 1024 - 8192), runs: 31 },
	];
	log('bundle            size       open+verify   sha256(raw)   ratio');
	for (const c of cases) {
		for (const gzip of [false, true]) {
			const packed = await packBundle({
				fields,
				programs: [{ name: 'programs/k.bpf.o', bytes: object }],
				sources: c.files,
				sign,
				gzip,
			});
			const bytes = packed.value;
			const check = openBundle(bytes, { trust, now });
			if (!check.ok) throw new Error(`bench bundle does not open: ${check.error.message}`);
			const [open, raw] = timePairMs(
				() => openBundle(bytes, { trust, now }),
				() => createHash('sha256').update(bytes).digest(),
				{ runs: c.runs },
			);
			const name = `${c.label} ${gzip ? 'gzip' : 'tar'}`.padEnd(16);
			const vsInflated = gzip
				? ` (${(open / timeMs(() => createHash('sha256').update(c.tarBytes).digest(), { runs: c.runs })).toFixed(2)}× sha256 of the inflated tar)`
				: '';
			if (!gzip) c.tarBytes = bytes;
			log(
				`${name}  ${(bytes.length / 1024).toFixed(0).padStart(6)} KiB  ${fmtMs(open).padStart(11)}   ${fmtMs(raw).padStart(11)}   ${(open / raw).toFixed(2)}×${vsInflated}`,
			);
		}
	}

	// Size-independent work per open, which dominates small bundles.
	const { verifySignatures } = await out('app/node/ssh/verify.js');
	const { readObjectInfo } = await out('app/common/bpf/object-info.js');
	const { parseManifest } = await out('app/common/bundle/manifest-parse.js');
	const sigText = Buffer.from(layout.value.signatureBytes).toString();
	const fixed = {
		'signature verify (SSHSIG ed25519)': timeMs(
			() => verifySignatures(layout.value.manifestBytes, sigText, 'hidfix'),
			{ runs: 300 },
		),
		'object inspection (ELF+BTF)': timeMs(() => readObjectInfo(object), { runs: 300 }),
		'manifest parse + validate': timeMs(() => parseManifest(layout.value.manifestBytes), { runs: 300 }),
	};
	log(
		`fixed costs per open: ${Object.entries(fixed)
			.map(([k, v]) => `${k} ${fmtMs(v)}`)
			.join(', ')}`,
	);
}
