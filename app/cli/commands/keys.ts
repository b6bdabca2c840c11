/**
 * `hidfix keys list|add|remove`: manage the user's trusted signing keys. The work is done by the
 * trust module (app/node/trust/keys.ts); this file only parses arguments and prints.
 */
import { parseArgs } from 'node:util';
import { formatKeyListing, keysAdd, keysList, keysRemove } from '../../node/trust/keys.js';
import { resolvePaths, TRUST_OPTIONS, UsageError, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

export const KEYS_USAGE = `hidfix keys list [--json]
hidfix keys add [--system] --principal NAME [--valid-before YYYYMMDD] KEY-LINE|KEY.pub
hidfix keys remove SHA256:FINGERPRINT|PRINCIPAL`;

export async function keysCommand(args: string[], ctx: CliContext): Promise<number> {
	const [verb, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: {
			json: { type: 'boolean' },
			principal: { type: 'string' },
			'valid-before': { type: 'string' },
			/** add to /etc/hidfix/allowed_signers (root): the only store the privileged helper reads. */
			system: { type: 'boolean' },
			...TRUST_OPTIONS,
		},
	});
	const paths = resolvePaths(ctx, values);
	const fail = (message: string) => {
		ctx.err(`hidfix keys: ${message}\n`);
		return EXIT.io;
	};
	switch (verb) {
		case 'list': {
			if (positionals.length > 0) throw new UsageError('keys list takes no arguments');
			const r = await keysList(paths);
			if (!r.ok) return fail(r.error.message);
			ctx.out(
				values.json
					? `${JSON.stringify(r.value, null, 2)}\n`
					: r.value.map((k) => `${formatKeyListing(k)}\n`).join(''),
			);
			return EXIT.ok;
		}
		case 'add': {
			if (positionals.length !== 1 || !values.principal)
				throw new UsageError('keys add needs --principal and one key');
			const r = await keysAdd({
				userPath: values.system ? paths.systemPath : paths.userPath,
				key: positionals[0]!,
				principal: values.principal,
				...(values['valid-before'] !== undefined && { validBefore: values['valid-before'] }),
				now: ctx.now(),
			});
			if (!r.ok) return fail(r.error.message);
			ctx.out(`Trusted: ${formatKeyListing(r.value)}\n`);
			return EXIT.ok;
		}
		case 'remove': {
			if (positionals.length !== 1) throw new UsageError('keys remove needs one fingerprint or principal');
			const r = await keysRemove({ ...paths, selector: positionals[0]! });
			if (!r.ok) return fail(r.error.message);
			ctx.out(r.value.map((k) => `Removed: ${formatKeyListing(k)}\n`).join(''));
			return EXIT.ok;
		}
		default:
			throw new UsageError(`unknown keys verb ${verb ?? '(none)'}; use list, add or remove`);
	}
}
