/**
 * One testing session in the window: the before/after recordings (made through the helper, kept
 * here as text), the helper's log lines, the bundle that was tested, and from those the debug report
 * the user previews and saves. Nothing of it is written anywhere until the user saves the report.
 */
import { basename } from 'node:path';
import {
	failReply,
	okReply,
	type CapturePhase,
	type Reply,
	type ReportPreview,
	type ReportRequest,
	type RecordingView,
	type SavedReport,
} from '../../app/common/ipc/contract.js';
import { packReport } from '../../app/common/report/archive.js';
import type { HelperClient } from '../../app/node/elevation/helper-client.js';
import { openBundle } from '../../app/node/bundle/open-bundle.js';
import type { SysfsRoots } from '../../app/node/capture/sysfs-nodes.js';
import { assembleReport } from '../../app/node/report/assemble.js';
import { fixFacts } from '../../app/node/report/fix-facts.js';
import { writeReportFile } from '../../app/node/report/report-file.js';
import type { SystemProbe } from '../../app/node/report/system-facts.js';
import { loadTrustStore, type TrustStorePaths } from '../../app/node/trust/store.js';

export interface SessionDeps {
	readonly helper: HelperClient;
	/** Bundle bytes main verified, by hash (BundleService.held). */
	readonly held: (sha256: string) => Uint8Array | undefined;
	readonly trust: TrustStorePaths;
	/** Asks the user where to save; undefined when they cancel. */
	readonly chooseSavePath: (defaultName: string) => Promise<string | undefined>;
	readonly generator: string;
	readonly roots?: SysfsRoots;
	readonly probe?: SystemProbe;
	readonly now?: () => Date;
}

export interface SessionService {
	record(device: string, seconds: number, phase: CapturePhase): Promise<Reply<RecordingView>>;
	stop(): Promise<Reply<null>>;
	preview(req: ReportRequest): Promise<Reply<ReportPreview>>;
	save(req: ReportRequest): Promise<Reply<SavedReport | null>>;
	/** The fix service reports here: helper log lines, and which bundle was tested. */
	helperLog(line: string): void;
	tested(bundleSha256: string): void;
}

const SYSTEM_ROOTS: SysfsRoots = { sysfs: '/sys', dev: '/dev' };

export function createSessionService(d: SessionDeps): SessionService {
	const now = d.now ?? (() => new Date());
	const recordings: Partial<Record<CapturePhase, string>> = {};
	const log: string[] = [];
	let testedBundle: string | undefined;
	let stopCurrent: (() => void) | undefined;

	async function assemble(req: ReportRequest) {
		const fix = await (async () => {
			const bytes = testedBundle === undefined ? undefined : d.held(testedBundle);
			if (!bytes) return undefined;
			const trust = await loadTrustStore(d.trust);
			const opened = trust.ok ? openBundle(bytes, { trust: trust.value, now: now() }) : undefined;
			return opened?.ok
				? { ...fixFacts(opened.value, bytes), targets: opened.value.manifest.targets }
				: undefined;
		})();
		// No device named: the recordings say which one, and a device unplugged since is described
		// from their header instead of failing the report.
		return assembleReport({
			...(recordings.before !== undefined && { before: recordings.before }),
			...(recordings.after !== undefined && { after: recordings.after }),
			...(fix && { fix }),
			note: req.note,
			includeKeyboardEvents: req.includeKeyboardEvents,
			helperLog: log.length ? { lines: log } : { reason: 'the fix was not tested in this session' },
			roots: d.roots ?? SYSTEM_ROOTS,
			...(d.probe && { probe: d.probe }),
			now: now(),
			generator: d.generator,
		});
	}

	const reportFailure = (e: { message: string; reportCode?: string; code: string }) =>
		failReply('report-failed', e.message, { reportCode: e.reportCode ?? e.code });

	return {
		helperLog: (line) => void log.push(line),
		tested: (sha) => void (testedBundle = sha),

		async record(device, seconds, phase) {
			if (stopCurrent) return failReply('recording-busy', 'A recording is already running; stop it first.');
			const stopped = new Promise<void>((res) => (stopCurrent = res));
			try {
				const r = await d.helper.record(device, seconds, { onLog: (l) => log.push(l), stop: stopped });
				if (!r.ok) return failReply(r.error.code, r.error.message);
				recordings[phase] = r.value.recording;
				const s = r.value.reply.summary;
				return okReply({ phase, device, ...s });
			} finally {
				stopCurrent = undefined;
			}
		},

		async stop() {
			stopCurrent?.();
			return okReply(null);
		},

		async preview(req) {
			const a = await assemble(req);
			if (!a.ok) return reportFailure(a.error);
			const { report, entries } = a.value.built;
			return okReply({
				entries: entries.map((e) => ({ name: e.name, size: e.size, description: e.description })),
				verdict: report.comparison?.verdict ?? null,
				fixEffect: report.fixEffect?.verdict ?? null,
				redactedReports: report.privacy.redactedReports,
				redactedEvdevEvents: report.privacy.redactedEvdevEvents,
				keyboardUsages: report.privacy.keyboardUsages,
				warnings: a.value.warnings,
			});
		},

		async save(req) {
			const a = await assemble(req);
			if (!a.ok) return reportFailure(a.error);
			const device = a.value.built.report.device;
			const day = now().toISOString().slice(0, 10);
			const name = `hidfix-${device.vid.slice(2)}-${device.pid.slice(2)}-${day}.hidfix-report`;
			const path = await d.chooseSavePath(name);
			if (path === undefined) return okReply(null);
			const bytes = packReport(a.value.built.entries);
			const w = await writeReportFile(path, bytes);
			if (!w.ok) return failReply('report-write-failed', w.error.message);
			return okReply({ fileName: basename(path), size: bytes.length });
		},
	};
}
