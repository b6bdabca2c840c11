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
import { parseRecording, type RecordedDevice } from '../../common/hid/recording.js';
import { hex4, type DescriptorInput, type LogInput, type ReportDevice } from '../../common/report/build.js';
import type { ArchiveEntry } from '../../common/report/entries.js';
import type { DebugReport, NodeFacts } from '../../common/report/schema.js';
import { REPORT_LIMITS } from '../../common/report/archive.js';
import { readBundleFile } from '../../node/bundle/read-file.js';
import { openBundle } from '../../node/bundle/open-bundle.js';
import {
	resolveDeviceArgument,
	resolveHidNodes,
	SYSTEM_ROOTS as CAPTURE_ROOTS,
	type SysfsRoots,
} from '../../node/capture/sysfs-nodes.js';
import { buildDebugReport } from '../../node/report/build-report.js';
import { collectReportContext } from '../../node/report/collect.js';
import { readSysfsDevice } from '../../node/report/device-facts.js';
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

interface Loaded {
	readonly text: string;
	readonly device: RecordedDevice | undefined;
	/** The sysname `hidfix record` wrote (`# Recorded by hidfix from …`). */
	readonly sysname: string | undefined;
}

/** The header of a recording (everything before its first report) is enough to know the device. */
function header(text: string): Omit<Loaded, 'text'> {
	const first = text.search(/^[EB]: /m);
	const head = first < 0 ? text : text.slice(0, first);
	const parsed = parseRecording(head);
	const recorded =
		/^# Recorded by hidfix from ([0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4,8})\b/m.exec(
			head,
		);
	return {
		device: parsed.ok ? parsed.value.devices.find((d) => d.descriptor) : undefined,
		sysname: recorded?.[1],
	};
}

const equal = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
	a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

const idsOf = (sysname: string) => {
	const [bus, vid, pid] = sysname.split(/[:.]/).map((h) => Number.parseInt(h, 16));
	return { bus: bus!, vendor: vid!, product: pid! };
};

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

	const load = async (flag: 'before' | 'after'): Promise<Loaded | undefined | number> => {
		const path = values[flag];
		if (path === undefined) return undefined;
		const bytes = await readReportBytes(
			resolve(ctx.cwd, path),
			{ ...REPORT_LIMITS, maxReportBytes: REPORT_LIMITS.maxEntryBytes },
			`the --${flag} recording`,
		);
		if (!bytes.ok) return fail(EXIT.io, bytes.error.message);
		const text = decodeUtf8(bytes.value);
		if (text === undefined)
			return fail(EXIT.container, `${path} is not UTF-8 text; is it a hid-recorder file?`);
		const h = header(text);
		if (!h.device)
			return fail(
				EXIT.container,
				`${path} has no device header (R: line); give a recording from hidfix record or hid-recorder.`,
			);
		return { text, ...h };
	};
	const before = await load('before');
	if (typeof before === 'number') return before;
	const after = await load('after');
	if (typeof after === 'number') return after;
	const recorded = (after ?? before)!.device!;

	// The device: named, or the one the recording says it came from.
	let sysname: string | undefined;
	if (values.device !== undefined) {
		const d = await resolveDeviceArgument(values.device, roots);
		if (!d.ok) return fail(EXIT.usage, d.error.message);
		sysname = d.value;
	} else {
		sysname = after?.sysname ?? before?.sysname;
		if (sysname === undefined)
			return fail(
				EXIT.usage,
				'the recording does not say which device it is from (not made by hidfix record); name the connected device with --device.',
			);
	}
	const ids = idsOf(sysname);
	for (const r of [before, after])
		if (
			r?.device &&
			(r.device.bus !== ids.bus || r.device.vendor !== ids.vendor || r.device.product !== ids.product)
		)
			return fail(
				EXIT.usage,
				`the recording is of ${hex4(r.device.vendor ?? 0).slice(2)}:${hex4(r.device.product ?? 0).slice(2)}, but ${sysname} is ${hex4(ids.vendor).slice(2)}:${hex4(ids.product).slice(2)}; pick the matching device.`,
			);

	const live = await readSysfsDevice(sysname, roots.sysfs);
	if (!live.ok && values.device !== undefined)
		return fail(EXIT.io, `${live.error.message} The device must be connected to be named with --device.`);
	const warnings: string[] = [];
	let device: ReportDevice;
	let nodes: NodeFacts | undefined;
	const descriptors: { before?: DescriptorInput; after?: DescriptorInput } = {};
	if (before?.device?.descriptor) descriptors.before = { hidraw: before.device.descriptor };
	if (after?.device?.descriptor) descriptors.after = { hidraw: after.device.descriptor };
	if (live.ok) {
		const { descriptor, ...facts } = live.value;
		device = facts;
		const n = await resolveHidNodes(sysname, roots);
		if (n.ok) nodes = { hidraw: n.value.hidraw, evdev: n.value.events };
		// sysfs has the descriptor in use now: it belongs to whichever recording it matches, the latest first.
		if (equal(descriptor, after?.device?.descriptor))
			descriptors.after = { ...descriptors.after, sysfs: descriptor };
		else if (equal(descriptor, before?.device?.descriptor))
			descriptors.before = { ...descriptors.before, sysfs: descriptor };
		else
			warnings.push(
				`${sysname}'s report descriptor differs from the recordings' (the fix was attached or removed since?); the sysfs copy is left out.`,
			);
	} else {
		device = {
			sysname,
			name: recorded.name ?? '',
			bus: ids.bus,
			vendor: ids.vendor,
			product: ids.product,
			modalias: null,
		};
		warnings.push(`${sysname} is not connected: the device facts come from the recording's header.`);
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
		fix = fixFacts(opened.value, file.value);
		const m = opened.value.manifest;
		const matches = (want: string, have: number) => want === '*' || want === hex4(have);
		if (
			!m.targets.some(
				(t) => matches(t.bus, device.bus) && matches(t.vid, device.vendor) && matches(t.pid, device.product),
			)
		)
			warnings.push(
				`${m.id} does not target ${sysname} (${m.targets.map((t) => `${t.vid.slice(2)}:${t.pid.slice(2)}`).join(', ')}); is it the right fix?`,
			);
		const c = m.contact;
		contact = c.issue ?? c.email;
	}

	let note = values.note ?? '';
	if (values['note-file'] !== undefined) {
		const n = await readReportBytes(
			resolve(ctx.cwd, values['note-file']),
			{ ...REPORT_LIMITS, maxReportBytes: 1024 * 1024 },
			'the note file',
		);
		if (!n.ok) return fail(EXIT.io, n.error.message);
		const text = decodeUtf8(n.value);
		if (text === undefined) return fail(EXIT.io, `${values['note-file']} is not UTF-8 text.`);
		note = text;
	}
	let helperLog: LogInput = { reason: 'no helper log given (the fix was not tested through the hidfix app)' };
	if (values['helper-log'] !== undefined) {
		const h = await readReportBytes(
			resolve(ctx.cwd, values['helper-log']),
			{ ...REPORT_LIMITS, maxReportBytes: 16 * 1024 * 1024 },
			'the helper log',
		);
		if (!h.ok) return fail(EXIT.io, h.error.message);
		const text = decodeUtf8(h.value);
		if (text === undefined) return fail(EXIT.io, `${values['helper-log']} is not UTF-8 text.`);
		helperLog = { lines: text.replace(/\n$/, '').split('\n') };
	}

	const context = await collectReportContext(sysname, [nodes], deps.probe);
	const built = buildDebugReport({
		createdAt: ctx.now(),
		generator: await generator(),
		device,
		...(before && { before: { recording: before.text } }),
		...(after && { after: { recording: after.text, ...(nodes && { nodes }) } }),
		descriptors,
		...(fix && { fix }),
		system: context.system,
		udevadm: live.ok ? context.udevadm : { reason: `${sysname} is not connected` },
		dmesg: context.dmesg,
		helperLog,
		note,
		includeKeyboardEvents: values['include-keyboard-events'] === true,
	});
	if (!built.ok)
		return fail(
			built.error.code === 'field-invalid' ? EXIT.usage : EXIT.container,
			`REJECTED (${built.error.code}): ${built.error.message}`,
		);
	const { entries, report } = built.value;
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
