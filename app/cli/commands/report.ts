/**
 * `hidfix report show|diff [--json] REPORT`: read a `.hidfix-report` the way a developer receives
 * it (strictly: it may be hostile). `show` prints the Markdown summary, rendered again from the
 * validated report.json rather than trusting the archive's summary.md; `diff` recomputes the
 * descriptor and event comparison from the recordings in the archive and prints it with the verdict.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeUtf8 } from '../../common/bundle/utf8.js';
import type { OpenedReport } from '../../common/report/archive.js';
import { compareBeforeAfter, compareFixEffect } from '../../common/report/compare.js';
import type { ReportError, ReportErrorCode } from '../../common/report/errors.js';
import { renderMarkdown } from '../../common/report/markdown.js';
import type { ComparisonFacts } from '../../common/report/schema.js';
import { err, ok, type Result } from '../../common/result.js';
import { readReport } from '../../node/report/report-file.js';
import { UsageError, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { REPORT_CREATE_USAGE, reportCreateCommand, type ReportCreateDeps } from './report-create.js';

export const REPORT_USAGE = `hidfix report show|diff [--json] REPORT.hidfix-report
${REPORT_CREATE_USAGE}`;

/** 3 when the file cannot be read or written, 10 when its content is malformed or hostile. */
export const reportExit = (code: ReportErrorCode): number =>
	code === 'report-unreadable' || code === 'write-failed' ? EXIT.io : EXIT.container;

interface Diff {
	readonly source: 'recordings' | 'report.json' | 'none';
	readonly comparison: ComparisonFacts | null;
	readonly fixEffect: ComparisonFacts | null;
	/** report.json's stored comparison disagrees with the recordings it ships. */
	readonly storedDiffers: boolean;
}

function diffOf(r: OpenedReport): Result<Diff, ReportError> {
	const text = (name: 'before.hid.txt' | 'after.hid.txt') => {
		const b = r.files.get(name);
		return b ? decodeUtf8(b) : undefined;
	};
	const before = text('before.hid.txt');
	const after = text('after.hid.txt');
	const stored = { comparison: r.report.comparison, fixEffect: r.report.fixEffect };
	if (before === undefined || after === undefined)
		return ok({ source: stored.comparison ? 'report.json' : 'none', ...stored, storedDiffers: false });
	const c = compareBeforeAfter(before, after);
	if (!c.ok) return c;
	const original = r.files.get('rdesc-before.bin') ?? r.files.get('rdesc-before-hidraw.bin');
	const f = original ? compareFixEffect(after, original) : ok(undefined);
	if (!f.ok) return err(f.error);
	const fixEffect = f.value ?? null;
	const same = JSON.stringify([c.value, fixEffect]) === JSON.stringify([stored.comparison, stored.fixEffect]);
	return ok({ source: 'recordings', comparison: c.value, fixEffect, storedDiffers: !same });
}

function diffText(d: Diff): string[] {
	const section = (title: string, items: readonly string[], none: string) => [
		title,
		...(items.length ? items.map((i) => `  - ${i}`) : [`  ${none}`]),
	];
	if (!d.comparison) return ['No before/after pair of recordings in this report: nothing to compare.'];
	const c = d.comparison;
	const lines = [
		`Verdict: ${c.verdict}`,
		'',
		...section('Report descriptor changes:', [...c.descriptor, ...c.layout], 'none'),
		...section('Event differences:', c.events, 'none'),
	];
	if (d.fixEffect)
		lines.push(
			'',
			`With the fix, device bytes (B:) against user space (E:): ${d.fixEffect.verdict}`,
			...section('Event differences:', d.fixEffect.events, 'none'),
		);
	if (d.storedDiffers)
		lines.push(
			'',
			'Warning: report.json states a different comparison than its recordings give; shown here is the one recomputed from the recordings.',
		);
	return lines;
}

export async function reportCommand(
	args: string[],
	ctx: CliContext,
	createDeps?: ReportCreateDeps,
): Promise<number> {
	if (args[0] === 'create') return reportCreateCommand(args.slice(1), ctx, createDeps);
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { json: { type: 'boolean' } },
	});
	const [verb, file, ...rest] = positionals;
	if ((verb !== 'show' && verb !== 'diff') || file === undefined || rest.length)
		throw new UsageError(`usage: ${REPORT_USAGE}`);
	const opened = await readReport(resolve(ctx.cwd, file));
	if (!opened.ok) {
		ctx.err(`hidfix: REJECTED (${opened.error.code}): ${opened.error.message}\n`);
		return reportExit(opened.error.code);
	}
	if (verb === 'show') {
		ctx.out(
			values.json ? `${JSON.stringify(opened.value.report, null, 2)}\n` : renderMarkdown(opened.value.report),
		);
		return EXIT.ok;
	}
	const d = diffOf(opened.value);
	if (!d.ok) {
		ctx.err(`hidfix: REJECTED (${d.error.code}): ${d.error.message}\n`);
		return reportExit(d.error.code);
	}
	ctx.out(values.json ? `${JSON.stringify(d.value, null, 2)}\n` : `${diffText(d.value).join('\n')}\n`);
	return EXIT.ok;
}
