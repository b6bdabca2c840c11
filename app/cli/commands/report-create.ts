/**
 * `hidfix report create`: the debug report from recordings made with `hidfix record` (or
 * hid-recorder), the way the app's "Export debug report" builds it: device and system facts from
 * this machine, the fix's signed manifest, dmesg and udevadm for the device, the user's note. The
 * user sees the content list before anything is saved (`--list` shows it only; saving needs `--yes`
 * or a "y" at the prompt). Keyboard reports and key events are redacted unless
 * `--include-keyboard-events`.
 *
 * Which device: `--device` (must be connected), else the sysname `hidfix record` wrote into the
 * recording. A device that is gone is described from the recording's header, and the report says
 * that udevadm and dmesg have nothing for it.
 */
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeUtf8 } from '../../common/bundle/utf8.js';
import type { LogInput } from '../../common/report/build.js';
import type { ArchiveEntry } from '../../common/report/entries.js';
import type { DebugReport } from '../../common/report/schema.js';
import { REPORT_LIMITS } from '../../common/report/archive.js';
import { readBundleFile } from '../../node/bundle/read-file.js';
import { openBundle } from '../../node/bundle/open-bundle.js';
import {
	resolveDeviceArgument,
	SYSTEM_ROOTS as CAPTURE_ROOTS,
	type SysfsRoots,
} from '../../node/capture/sysfs-nodes.js';
import { assembleReport } from '../../node/report/assemble.js';
import { fixFacts } from '../../node/report/fix-facts.js';
import { readReportBytes, saveReport } from '../../node/report/report-file.js';
import type { SystemProbe } from '../../node/report/system-facts.js';
import { loadTrustStore } from '../../node/trust/store.js';
import { resolvePaths, TRUST_OPTIONS, UsageError, type CliContext } from '../context.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';

export const REPORT_CREATE_USAGE = `hidfix report create [--before FILE.hid.txt] [--after FILE.hid.txt] [--device DEV]
              [--fix BUNDLE.hidfix] [--note TEXT | --note-file FILE] [--helper-log FILE]
              [--include-keyboard-events] [--list | --yes] --output REPORT.hidfix-report`;

/** What tests replace: the sysfs/dev tree, the system probe (commands, roots, uname). */
export interface ReportCreateDeps {
	readonly roots?: SysfsRoots;
	readonly probe?: SystemProbe;
}

/** `hidfix 0.1.0`, from package.json next to the build. */
async function generator(): Promise<string> {
	try {
		const pkg = JSON.parse(await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
			version?: unknown;
		};
		return `hidfix ${typeof pkg.version === 'string' ? pkg.version : 'unknown'} (cli)`;
	} catch {
		return 'hidfix (cli)';
	}
}

const size = (n: number): string =>
	n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;

/** The list the user reviews before saving: every file, its size and what it is. */
export function contentList(entries: readonly ArchiveEntry[], report: DebugReport): string[] {
	const width = Math.max(...entries.map((e) => e.name.length));
	const lines = [
		'The report will contain:',
		...entries.map((e) => `  ${e.name.padEnd(width)}  ${size(e.size).padStart(9)}  ${e.description}`),
		`  total ${size(entries.reduce((s, e) => s + e.size, 0))} before packing`,
	];
	const p = report.privacy;
	if (p.keyboardUsages && !p.includeKeyboardEvents)
		lines.push(
			`Keyboard input is redacted: ${p.redactedReports} reports and ${p.redactedEvdevEvents} key events (--include-keyboard-events keeps them).`,
		);
	else if (p.includeKeyboardEvents && p.keyboardUsages)
		lines.push('Keyboard input is included (--include-keyboard-events): the recordings show what was typed.');
	for (const [what, log] of [
		['udevadm', report.udevadm],
		['dmesg', report.dmesg],
		['helper log', report.helperLog],
	] as const)
		if (!log.readable) lines.push(`Not included, ${what}: ${log.reason}`);
	if (report.comparison) lines.push(`Verdict: ${report.comparison.verdict}`);
	return lines;
}

export async function reportCreateCommand(
	args: string[],
	ctx: CliContext,
	deps: ReportCreateDeps = {},
): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			before: { type: 'string' },
			after: { type: 'string' },
			device: { type: 'string' },
			fix: { type: 'string' },
			note: { type: 'string' },
			'note-file': { type: 'string' },
			'helper-log': { type: 'string' },
			'include-keyboard-events': { type: 'boolean' },
			list: { type: 'boolean' },
			yes: { type: 'boolean', short: 'y' },
			output: { type: 'string', short: 'o' },
			...TRUST_OPTIONS,
		},
	});
	if (positionals.length)
		throw new UsageError(`report create takes no positional arguments ("${positionals[0]}")`);
	if (values.before === undefined && values.after === undefined)
		throw new UsageError('report create needs a recording: --before FILE, --after FILE or both');
	if (values.note !== undefined && values['note-file'] !== undefined)
		throw new UsageError('give the note either as --note TEXT or as --note-file FILE, not both');
	if (values.list && values.yes)
		throw new UsageError('--list only shows the content; it cannot be used with --yes');
	if (values.output === undefined && !values.list)
		throw new UsageError(
			'report create needs --output REPORT.hidfix-report (or --list to see the content only)',
		);
	const roots = deps.roots ?? CAPTURE_ROOTS;
	const fail = (code: number, message: string): number => {
		ctx.err(`hidfix report create: ${message}\n`);
		return code;
	};
	const output = values.output === undefined ? undefined : resolve(ctx.cwd, values.output);
	if (output !== undefined && !values.list) {
		const exists = await access(output).then(
			() => true,
			() => false,
		);
		// The saved report is renamed into place: refusing here keeps an earlier report from being replaced.
		if (exists) return fail(EXIT.io, `${values.output} exists; choose another name or remove it first.`);
	}

	/** A text file the user named, bounded; the exit code when it cannot be read or is not UTF-8. */
	const readText = async (
		path: string | undefined,
		max: number,
		what: string,
		notText: readonly [number, string],
	): Promise<string | undefined | number> => {
		if (path === undefined) return undefined;
		const bytes = await readReportBytes(
			resolve(ctx.cwd, path),
			{ ...REPORT_LIMITS, maxReportBytes: max },
			what,
		);
		if (!bytes.ok) return fail(EXIT.io, bytes.error.message);
		return decodeUtf8(bytes.value) ?? fail(...notText);
	};
	const recording = (flag: 'before' | 'after') =>
		readText(values[flag], REPORT_LIMITS.maxEntryBytes, `the --${flag} recording`, [
			EXIT.container,
			`${values[flag]} is not UTF-8 text; is it a hid-recorder file?`,
		]);
	const before = await recording('before');
	if (typeof before === 'number') return before;
	const after = await recording('after');
	if (typeof after === 'number') return after;

	let sysname: string | undefined;
	if (values.device !== undefined) {
		const d = await resolveDeviceArgument(values.device, roots);
		if (!d.ok) return fail(EXIT.usage, d.error.message);
		sysname = d.value;
	}

	let fix;
	let contact: string | undefined;
	if (values.fix !== undefined) {
		const file = await readBundleFile(resolve(ctx.cwd, values.fix));
		if (!file.ok)
			return fail(exitCodeFor(file.error.code), `REJECTED (${file.error.code}): ${file.error.message}`);
		const trust = await loadTrustStore(resolvePaths(ctx, values));
		if (!trust.ok) return fail(EXIT.io, trust.error.message);
		// No downgrade check: a report about an older version of a fix is still a report.
		const opened = openBundle(file.value, { trust: trust.value, now: ctx.now() });
		if (!opened.ok)
			return fail(exitCodeFor(opened.error.code), `REJECTED (${opened.error.code}): ${opened.error.message}`);
		fix = { ...fixFacts(opened.value, file.value), targets: opened.value.manifest.targets };
		const c = opened.value.manifest.contact;
		contact = c.issue ?? c.email;
	}

	const noteFile = await readText(values['note-file'], 1024 * 1024, 'the note file', [
		EXIT.io,
		`${values['note-file']} is not UTF-8 text.`,
	]);
	if (typeof noteFile === 'number') return noteFile;
	const note = noteFile ?? values.note ?? '';
	const helperText = await readText(values['helper-log'], 16 * 1024 * 1024, 'the helper log', [
		EXIT.io,
		`${values['helper-log']} is not UTF-8 text.`,
	]);
	if (typeof helperText === 'number') return helperText;
	const helperLog: LogInput =
		helperText === undefined
			? { reason: 'no helper log given (the fix was not tested through the hidfix app)' }
			: { lines: helperText.replace(/\n$/, '').split('\n') };

	const assembled = await assembleReport({
		...(before !== undefined && { before }),
		...(after !== undefined && { after }),
		...(sysname !== undefined && { device: sysname }),
		...(fix && { fix }),
		note,
		includeKeyboardEvents: values['include-keyboard-events'] === true,
		helperLog,
		roots,
		...(deps.probe && { probe: deps.probe }),
		now: ctx.now(),
		generator: await generator(),
	});
	if (!assembled.ok) {
		const e = assembled.error;
		const code = {
			'recording-invalid': EXIT.container,
			'device-unknown': EXIT.usage,
			'device-not-found': EXIT.io,
			'build-failed': e.reportCode === 'field-invalid' ? EXIT.usage : EXIT.container,
		}[e.code];
		const message = e.message.replace(
			/name the connected device\.$/,
			'name the connected device with --device.',
		);
		return fail(code, e.reportCode ? `REJECTED (${e.reportCode}): ${message}` : message);
	}
	const built = assembled.value.built;
	const warnings = assembled.value.warnings;
	const { entries, report } = built;
	for (const w of warnings) ctx.err(`hidfix report create: note: ${w}\n`);
	ctx.out(`${contentList(entries, report).join('\n')}\n`);
	if (values.list) return EXIT.ok;

	const target = output!;
	let yes = values.yes === true;
	if (!yes && ctx.confirm) yes = await ctx.confirm(`Save this report to ${values.output}? [y/N] `);
	else if (!yes)
		return fail(EXIT.usage, 'nothing saved: review the list above, then run again with --yes to save it.');
	if (!yes) {
		ctx.out('Not saved.\n');
		return EXIT.ok;
	}
	const saved = await saveReport(entries, target);
	if (!saved.ok) return fail(EXIT.io, saved.error.message);
	ctx.out(`Saved ${values.output}${contact ? `; send it to ${contact}` : ''}.\n`);
	return EXIT.ok;
}
