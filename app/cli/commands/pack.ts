/**
 * `hidfix pack`: compiled object(s) + source + manifest fields → signed `.hidfix` bundle.
 *
 * Signs through `ssh-keygen -Y sign` (one signature per `--key`), so ssh-agent, passphrase prompts
 * and hardware keys work as the author is used to. Plain tar by default; see docs/bundle-format.md §2
 * for why gzip is optional.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ok } from '../../common/result.js';
import { BUNDLE_NAMESPACE } from '../../node/bundle/signatures.js';
import { sha256Hex } from '../../node/bundle/hash.js';
import { packBundle } from '../../node/bundle/pack.js';
import { signWithSshKeygen } from '../../node/ssh/sign-keygen.js';
import { UsageError, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { readFields, readPrograms, readSources } from '../pack-inputs.js';

export const PACK_USAGE = `hidfix pack --manifest FIELDS.json --program OBJ.bpf.o [--program …]
            --source FILE|DIR [--source …] [--readme README.md]
            --key KEY [--key …] [--gzip] [--now ISO-TIME] --output OUT.hidfix`;

export async function packCommand(args: string[], ctx: CliContext): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			manifest: { type: 'string' },
			program: { type: 'string', multiple: true },
			source: { type: 'string', multiple: true },
			readme: { type: 'string' },
			key: { type: 'string', multiple: true },
			gzip: { type: 'boolean' },
			now: { type: 'string' },
			output: { type: 'string', short: 'o' },
		},
	});
	if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
	const { manifest, program = [], source = [], key = [], output } = values;
	if (!manifest || program.length === 0 || source.length === 0 || key.length === 0 || !output) {
		throw new UsageError('pack needs --manifest, --program, --source, --key and --output');
	}
	const now = values.now === undefined ? ctx.now() : new Date(values.now);
	if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${values.now} is not a date`);

	let inputs;
	try {
		inputs = {
			fields: await readFields(resolve(ctx.cwd, manifest), now),
			programs: await readPrograms(program, ctx.cwd),
			sources: await readSources(source, values.readme, ctx.cwd),
		};
	} catch (e) {
		if (e instanceof UsageError) throw e;
		ctx.err(`hidfix: ${(e as Error).message}\n`);
		return EXIT.io;
	}
	const bundle = await packBundle({
		...inputs,
		gzip: values.gzip ?? false,
		sign: async (message) => {
			const sigs: string[] = [];
			for (const k of key) {
				const s = await signWithSshKeygen({
					message,
					keyPath: resolve(ctx.cwd, k),
					namespace: BUNDLE_NAMESPACE,
					env: ctx.env,
				});
				if (!s.ok) return s;
				sigs.push(s.value);
			}
			return ok(sigs.join(''));
		},
	});
	if (!bundle.ok) {
		const path =
			'detail' in bundle.error && typeof bundle.error.detail === 'object'
				? bundle.error.detail.path
				: undefined;
		ctx.err(`hidfix pack: ${bundle.error.code}: ${bundle.error.message}${path ? ` [${path}]` : ''}\n`);
		return EXIT.pack;
	}
	try {
		await writeFile(resolve(ctx.cwd, output), bundle.value, { mode: 0o644 });
	} catch (e) {
		ctx.err(`hidfix: ${(e as Error).message}\n`);
		return EXIT.io;
	}
	ctx.out(`Wrote ${output} (${bundle.value.length} bytes, sha256 ${sha256Hex(bundle.value)})\n`);
	return EXIT.ok;
}
