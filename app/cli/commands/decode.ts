/**
 * `hidfix decode [--json] [--sysfs DIR] FILE|/dev/hidrawN`: describe a report descriptor the way
 * hid-decode does (items, then per-report fields), and decode every `E:` event of a recording.
 * Accepts a hid-recorder file, a raw descriptor (`*.hid.bin`, `rdesc-*.bin`, a sysfs
 * `report_descriptor`) or a live hidraw node.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeRecording } from '../../common/report/decode-lines.js';
import { readDecodeInput } from '../../node/report/decode-input.js';
import { UsageError, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { reportExit } from './report.js';

export const DECODE_USAGE = 'hidfix decode [--json] [--sysfs DIR] FILE.hid.txt|RDESC.bin|/dev/hidrawN';

export async function decodeCommand(args: string[], ctx: CliContext): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { json: { type: 'boolean' }, sysfs: { type: 'string' } },
	});
	if (positionals.length !== 1) throw new UsageError('decode takes exactly one file or hidraw node');
	const arg = positionals[0]!;
	const input = await readDecodeInput(
		arg.startsWith('/dev/') ? arg : resolve(ctx.cwd, arg),
		values.sysfs ?? '/sys',
	);
	if (!input.ok) {
		ctx.err(`hidfix: ${input.error.message}\n`);
		return reportExit(input.error.code);
	}
	const out = decodeRecording(input.value.recording);
	if (values.json) {
		ctx.out(
			`${JSON.stringify({ source: input.value.source, devices: out.devices, events: out.events }, null, 2)}\n`,
		);
	} else {
		ctx.out(`${out.lines.join('\n')}\n`);
	}
	if (out.failed) {
		const e = out.devices.find((d) => d.error !== null)!;
		ctx.err(`hidfix: the report descriptor of ${arg} does not parse: ${e.error}\n`);
		return EXIT.container;
	}
	return EXIT.ok;
}
