/**
 * `hidfix inspect [--json] BUNDLE`: show what a bundle contains and whether it verifies.
 *
 * A bundle that fails signature or trust checks is still shown (authors debug with this), but every
 * line then comes under an UNVERIFIED banner, and the exit code is the one `verify` would give.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readLayout } from '../../common/bundle/container.js';
import type { BundleError } from '../../common/bundle/errors.js';
import { DEFAULT_LIMITS } from '../../common/bundle/limits.js';
import type { Manifest } from '../../common/bundle/manifest.js';
import { parseManifest } from '../../common/bundle/manifest-parse.js';
import { unwrapContainer } from '../../node/bundle/gzip.js';
import { readBundleFile } from '../../node/bundle/read-file.js';
import { openBundle, type OpenedBundle } from '../../node/bundle/open-bundle.js';
import { loadTrustStore } from '../../node/trust/store.js';
import { resolvePaths, TRUST_OPTIONS, UsageError, type CliContext } from '../context.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';

export const INSPECT_USAGE =
	'hidfix inspect [--json] [--now ISO-TIME] [--system-keys FILE] [--user-keys FILE] BUNDLE';

/** Best-effort manifest of a bundle that did not verify; undefined when even that is unreadable. */
function unverifiedManifest(bytes: Uint8Array): Manifest | undefined {
	const tar = unwrapContainer(bytes, DEFAULT_LIMITS);
	const layout = tar.ok ? readLayout(tar.value, DEFAULT_LIMITS) : undefined;
	const m = layout?.ok ? parseManifest(layout.value.manifestBytes) : undefined;
	return m?.ok ? m.value : undefined;
}

function describe(m: Manifest, b: OpenedBundle | undefined): string[] {
	const lines = [
		`Fix:        ${m.id} ${m.version} — ${m.title}`,
		`Summary:    ${m.summary}`,
		`Author:     ${m.author.name}${m.author.email ? ` <${m.author.email}>` : ''}`,
		`Contact:    ${[m.contact.issue, m.contact.email].filter(Boolean).join(', ')}`,
		`Valid:      ${m.created} → ${m.expires}`,
		`Kernel:     ≥ ${m.minKernel}`,
		`Targets:    ${m.targets.map((t) => `bus ${t.bus} group ${t.group} vid ${t.vid} pid ${t.pid}`).join('; ')}`,
		`Capture:    ${m.capture.instructions} (${m.capture.durationSeconds} s)`,
		'Programs:',
	];
	for (const p of m.programs) {
		lines.push(`  ${p.file}  ${p.api}  ${p.size} bytes  sha256:${p.sha256}`);
		const opened = b?.programs.find((o) => o.ref.file === p.file);
		for (const c of opened?.capabilities ?? []) lines.push(`    [${c.risk}] ${c.summary}`);
	}
	lines.push('Sources:', ...m.sources.map((s) => `  ${s.file}  ${s.size} bytes`));
	if (m.description) lines.push('', ...m.description.split('\n').map((l) => `  ${l}`));
	return lines;
}

function toJson(m: Manifest | undefined, b: OpenedBundle | undefined, error: BundleError | undefined) {
	return {
		verified: b !== undefined,
		...(error && { error }),
		...(b && { signers: b.signers, compressed: b.compressed }),
		manifest: m ?? null,
		programs:
			b?.programs.map((p) => ({
				file: p.ref.file,
				api: p.info.api,
				devices: p.info.devices,
				kfuncs: p.info.kfuncs,
				maps: p.info.maps.map((x) => x.name),
				capabilities: p.capabilities.map((c) => ({ kind: c.kind, risk: c.risk, summary: c.summary })),
			})) ?? [],
	};
}

export async function inspectCommand(args: string[], ctx: CliContext): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { json: { type: 'boolean' }, now: { type: 'string' }, ...TRUST_OPTIONS },
	});
	if (positionals.length !== 1) throw new UsageError('inspect takes exactly one bundle file');
	const now = values.now === undefined ? ctx.now() : new Date(values.now);
	if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${values.now} is not a date`);
	const file = await readBundleFile(resolve(ctx.cwd, positionals[0]!));
	if (!file.ok) {
		ctx.err(`hidfix: ${file.error.message}\n`);
		return exitCodeFor(file.error.code);
	}
	const bytes = file.value;
	const trust = await loadTrustStore(resolvePaths(ctx, values));
	if (!trust.ok) {
		ctx.err(`hidfix: ${trust.error.message}\n`);
		return EXIT.io;
	}
	const opened = openBundle(bytes, { trust: trust.value, now });
	const b = opened.ok ? opened.value : undefined;
	const error = opened.ok ? undefined : opened.error;
	const m = b?.manifest ?? unverifiedManifest(bytes);
	if (values.json) {
		ctx.out(`${JSON.stringify(toJson(m, b, error), null, 2)}\n`);
	} else {
		const status = b
			? `VERIFIED: signed by ${b.signers.map((s) => `${s.principals.join(',')} (${s.fingerprint})`).join('; ')}`
			: `UNVERIFIED (${error!.code}): ${error!.message}`;
		ctx.out(
			`${[`Status:     ${status}`, ...(m ? describe(m, b) : ['(no readable manifest)'])].join('\n')}\n`,
		);
	}
	return error ? exitCodeFor(error.code) : EXIT.ok;
}
