/**
 * `hidfix test BUNDLE DEVICE`, `hidfix keep FIX-ID`, `hidfix revert FIX-ID`: the window's Test, Keep
 * and Revert from a terminal, through the same privileged helper (docs/helper.md). As root the helper
 * runs directly; otherwise through pkexec (one password prompt). The helper's log goes to stderr as
 * it comes.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
	helperClient,
	type HelperClientError,
	type HelperLauncher,
} from '../../node/elevation/helper-client.js';
import { readBundleFile } from '../../node/bundle/read-file.js';
import { resolveDeviceArgument } from '../../node/capture/sysfs-nodes.js';
import { UsageError, type CliContext } from '../context.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';

export const FIX_USAGE = `hidfix test BUNDLE.hidfix DEVICE      (DEVICE: 0003:045E:00D1.0001, /dev/hidrawN or its sysfs path)
hidfix keep FIX-ID
hidfix revert FIX-ID`;

/** Exit code when the helper refused or failed (its JSON code is printed). */
export const FIX_EXIT = { refused: 30, cancelled: 31 } as const;

/** The installed helper (packages), else the one built next to this CLI; pkexec unless already root. */
export function cliLauncher(
	euid: number,
	installed = '/opt/hidfix/resources/bin/hidfix-helper',
): HelperLauncher {
	const built = join(dirname(fileURLToPath(import.meta.url)), '../../helper/main.js');
	const helper = existsSync(installed) ? [installed] : [process.execPath, built];
	return euid === 0 ? { command: helper[0]!, args: helper.slice(1) } : { command: 'pkexec', args: helper };
}

export async function fixCommand(
	verb: 'test' | 'keep' | 'revert',
	args: string[],
	ctx: CliContext,
	launcher: HelperLauncher = cliLauncher(process.geteuid?.() ?? -1),
): Promise<number> {
	const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
	const client = helperClient(launcher);
	const log = (line: string) => ctx.err(`${line}\n`);
	const fail = (e: HelperClientError): number => {
		ctx.err(`hidfix ${verb}: ${e.message} (${e.code})\n`);
		return e.code === 'helper-cancelled' ? FIX_EXIT.cancelled : FIX_EXIT.refused;
	};
	if (verb === 'test') {
		if (positionals.length !== 2) throw new UsageError('test takes a bundle and a device');
		const [bundlePath, deviceArg] = positionals as [string, string];
		const device = await resolveDeviceArgument(deviceArg);
		if (!device.ok) throw new UsageError(device.error.message);
		const file = await readBundleFile(resolve(ctx.cwd, bundlePath));
		if (!file.ok) {
			ctx.err(`hidfix test: REJECTED (${file.error.code}): ${file.error.message}\n`);
			return exitCodeFor(file.error.code);
		}
		const r = await client.attach(device.value, file.value, log);
		if (!r.ok) return fail(r.error);
		ctx.out(
			`Testing ${r.value.fix.id} ${r.value.fix.version} on ${r.value.device} (${r.value.objects.join(', ')}).\n` +
				`Keep it with \`hidfix keep ${r.value.fix.id}\`, undo it with \`hidfix revert ${r.value.fix.id}\`; a restart undoes it too.\n`,
		);
		return EXIT.ok;
	}
	if (positionals.length !== 1) throw new UsageError(`${verb} takes one fix id`);
	const fixId = positionals[0]!;
	const r = await (verb === 'keep' ? client.keep(fixId, log) : client.detach(fixId, log));
	if (!r.ok) return fail(r.error);
	ctx.out(
		verb === 'keep'
			? `Kept ${r.value.fix} ${r.value.version}: attached whenever the device is connected.\n`
			: `Reverted ${r.value.fix}: detached and removed.\n`,
	);
	return EXIT.ok;
}
