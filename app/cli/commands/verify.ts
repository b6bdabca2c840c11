/**
 * `hidfix verify BUNDLE`: open the bundle exactly as the app and the helper do and report the
 * outcome; the exit code says which category of check failed (exit-codes.ts).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readBundleFile } from '../../node/bundle/read-file.js';
import { openBundle } from '../../node/bundle/open-bundle.js';
import { loadTrustStore } from '../../node/trust/store.js';
import { loadVersionRecords } from '../../node/trust/versions.js';
import { resolvePaths, TRUST_OPTIONS, UsageError, type CliContext } from '../context.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';

export const VERIFY_USAGE = `hidfix verify [--json] [--now ISO-TIME] [--no-downgrade-check]
              [--system-keys FILE] [--user-keys FILE] [--versions FILE] BUNDLE`;

export async function verifyCommand(args: string[], ctx: CliContext): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			json: { type: 'boolean' },
			now: { type: 'string' },
			'no-downgrade-check': { type: 'boolean' },
			...TRUST_OPTIONS,
		},
	});
	if (positionals.length !== 1) throw new UsageError('verify takes exactly one bundle file');
	const now = values.now === undefined ? ctx.now() : new Date(values.now);
	if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${values.now} is not a date`);
	const paths = resolvePaths(ctx, values);
	const report = (obj: object, text: string, code: number) => {
		if (values.json) ctx.out(`${JSON.stringify(obj, null, 2)}\n`);
		else (code === 0 ? ctx.out : ctx.err)(`${text}\n`);
		return code;
	};

	const file = await readBundleFile(resolve(ctx.cwd, positionals[0]!));
	if (!file.ok) {
		const e = file.error;
		return report({ ok: false, ...e }, `REJECTED (${e.code}): ${e.message}`, exitCodeFor(e.code));
	}
	const bytes = file.value;
	const trust = await loadTrustStore(paths);
	if (!trust.ok) return report({ ok: false, ...trust.error }, `hidfix: ${trust.error.message}`, EXIT.io);
	let versionRecords;
	if (!values['no-downgrade-check']) {
		const v = await loadVersionRecords(paths.versionsPath);
		if (!v.ok) return report({ ok: false, ...v.error }, `hidfix: ${v.error.message}`, EXIT.io);
		versionRecords = v.value;
	}

	const opened = openBundle(bytes, { trust: trust.value, now, ...(versionRecords && { versionRecords }) });
	if (!opened.ok) {
		const e = opened.error;
		return report({ ok: false, ...e }, `REJECTED (${e.code}): ${e.message}`, exitCodeFor(e.code));
	}
	const b = opened.value;
	const who = b.signers.map((s) => `${s.principals.join(',')} (${s.fingerprint})`).join('; ');
	return report(
		{
			ok: true,
			id: b.manifest.id,
			version: b.manifest.version,
			signers: b.signers,
			expires: b.manifest.expires,
		},
		`OK: ${b.manifest.id} ${b.manifest.version} "${b.manifest.title}", signed by ${who}, valid until ${b.manifest.expires}`,
		EXIT.ok,
	);
}
