/**
 * The `hidfix` command line, as a function: argv in, exit code out, output through the context.
 * `hidfix.ts` is the thin executable wrapper; tests call {@link runCli} directly.
 */
import { decodeCommand, DECODE_USAGE } from './commands/decode.js';
import { fixCommand, FIX_USAGE } from './commands/fix.js';
import { inspectCommand, INSPECT_USAGE } from './commands/inspect.js';
import { keysCommand, KEYS_USAGE } from './commands/keys.js';
import { packCommand, PACK_USAGE } from './commands/pack.js';
import { recordCommand, RECORD_USAGE } from './record.js';
import { reportCommand, REPORT_USAGE } from './commands/report.js';
import { verifyCommand, VERIFY_USAGE } from './commands/verify.js';
import { UsageError, type CliContext } from './context.js';
import { EXIT } from './exit-codes.js';

const COMMANDS: Record<string, (args: string[], ctx: CliContext) => Promise<number>> = {
	pack: packCommand,
	inspect: inspectCommand,
	verify: verifyCommand,
	keys: keysCommand,
	decode: decodeCommand,
	report: (args, ctx) => reportCommand(args, ctx),
	record: (args, ctx) => recordCommand(args, ctx),
	test: (args, ctx) => fixCommand('test', args, ctx),
	keep: (args, ctx) => fixCommand('keep', args, ctx),
	revert: (args, ctx) => fixCommand('revert', args, ctx),
};

export const USAGE = `Usage:
  ${PACK_USAGE}
  ${INSPECT_USAGE}
  ${VERIFY_USAGE}
  ${KEYS_USAGE.split('\n').join('\n  ')}
  ${DECODE_USAGE}
  ${REPORT_USAGE.split('\n').join('\n  ')}
  ${RECORD_USAGE.split('\n').join('\n  ')}
  ${FIX_USAGE.split('\n').join('\n  ')}

Exit codes: 0 ok, 2 usage, 3 file or trust-store error, 4 pack failed,
  10 malformed archive, 11 bad or missing signature, 12 signer not trusted,
  13 invalid manifest, 14 expired or not yet valid, 15 downgrade,
  16 payload does not match manifest, 17 object does not match manifest,
  20 record: nothing recorded, 21 record: ended early,
  30 test/keep/revert: the helper refused or failed, 31 the password prompt was dismissed.
`;

export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
	const [name, ...args] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		ctx.out(USAGE);
		return name === undefined ? EXIT.usage : EXIT.ok;
	}
	const command = COMMANDS[name];
	try {
		if (!command) throw new UsageError(`unknown command "${name}"`);
		return await command(args, ctx);
	} catch (e) {
		// parseArgs reports unknown or malformed options as TypeError with an ERR_PARSE_ARGS_* code.
		const code = (e as { code?: string }).code ?? '';
		if (e instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
			ctx.err(`hidfix: ${(e as Error).message}\nRun \`hidfix --help\` for usage.\n`);
			return EXIT.usage;
		}
		throw e;
	}
}
