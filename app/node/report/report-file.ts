/**
 * Saving and opening `.hidfix-report` files.
 *
 * Saving is atomic (a temp file in the same directory, fsync, rename): a crash or a full disk never
 * leaves a half report under the chosen name. Mode 0600, because recordings may show what the user
 * did. Opening reads at most the report limit from a regular file (no FIFO, no /dev/zero), then the
 * strict archive reader decides.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { err, ok, type Result } from '../../common/result.js';
import {
	packReport,
	readReportArchive,
	REPORT_LIMITS,
	type OpenedReport,
	type ReportLimits,
} from '../../common/report/archive.js';
import type { ArchiveEntry } from '../../common/report/entries.js';
import { reportError, type ReportError } from '../../common/report/errors.js';
import { sha256Hex } from '../bundle/hash.js';
import { writeDurable } from '../durable-file.js';

export const REPORT_EXTENSION = '.hidfix-report';

export async function writeReportFile(path: string, bytes: Uint8Array): Promise<Result<void, ReportError>> {
	try {
		await writeDurable(path, bytes, 0o600, null);
		return ok(undefined);
	} catch (e) {
		return err(
			reportError('write-failed', `Cannot save the report to ${path}: ${(e as Error).message}`, {
				entry: path,
			}),
		);
	}
}

/** Packs the entries the user reviewed and saves them. */
export const saveReport = (
	entries: readonly ArchiveEntry[],
	path: string,
): Promise<Result<void, ReportError>> => writeReportFile(path, packReport(entries));

/** Reads a whole regular file of at most `limits.maxReportBytes`; `what` names it in messages. */
export async function readReportBytes(
	path: string,
	limits: ReportLimits = REPORT_LIMITS,
	what = 'the report',
): Promise<Result<Uint8Array, ReportError>> {
	const unreadable = (why: string) =>
		err(reportError('report-unreadable', `Cannot read ${what} ${path}: ${why}.`, { entry: path }));
	let h;
	try {
		h = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (e) {
		return unreadable((e as Error).message);
	}
	try {
		const st = await h.stat();
		if (!st.isFile()) return unreadable('it is not a regular file');
		if (st.size > limits.maxReportBytes)
			return err(
				reportError(
					'report-too-large',
					`${what[0]!.toUpperCase()}${what.slice(1)} is ${st.size} bytes; the limit is ${limits.maxReportBytes}.`,
					{ limit: limits.maxReportBytes, actual: st.size },
				),
			);
		const buf = new Uint8Array(st.size);
		let len = 0;
		while (len < buf.length) {
			const { bytesRead } = await h.read(buf, len, buf.length - len, null);
			if (bytesRead === 0) break;
			len += bytesRead;
		}
		return ok(buf.subarray(0, len));
	} catch (e) {
		return unreadable((e as Error).message);
	} finally {
		await h.close();
	}
}

export async function readReport(
	path: string,
	limits: ReportLimits = REPORT_LIMITS,
): Promise<Result<OpenedReport, ReportError>> {
	const bytes = await readReportBytes(path, limits);
	return bytes.ok ? readReportArchive(bytes.value, { sha256Hex, limits }) : bytes;
}
