/**
 * Test, Keep and Revert from the window: the bundle bytes main verified (never bytes the renderer
 * sends back) go to the privileged helper through the helper client; its answer and its log come
 * back as one reply. The helper verifies everything again itself; nothing here is a security check.
 */
import {
	failReply,
	okReply,
	type ChangedFix,
	type ErrorDetail,
	type InstalledFixView,
	type Reply,
	type TestedFix,
} from '../../app/common/ipc/contract.js';
import type { HelperClient, HelperClientError } from '../../app/node/elevation/helper-client.js';
import { SYSTEM_INSTALL_ROOTS, type InstallRoots } from '../../app/node/elevation/install-layout.js';
import { listInstalledFixes } from '../../app/node/elevation/installed-fixes.js';

export interface FixService {
	installed(): Promise<Reply<readonly InstalledFixView[]>>;
	test(bundleSha256: string, device: string): Promise<Reply<TestedFix>>;
	keep(fixId: string): Promise<Reply<ChangedFix>>;
	revert(fixId: string): Promise<Reply<ChangedFix>>;
}

/** The helper's detail is nested JSON; the IPC carries the codes a UI or a report needs, flat. */
function detailOf(e: HelperClientError): ErrorDetail | undefined {
	const d = e.detail ?? {};
	const out: Record<string, string> = {};
	if (typeof d.bundleCode === 'string') out.bundleCode = d.bundleCode;
	const loader = d.loader as Record<string, unknown> | undefined;
	if (loader && typeof loader.code === 'string') out.loaderCode = loader.code;
	if (loader && typeof loader.detail === 'object' && loader.detail) {
		const log = (loader.detail as Record<string, unknown>).verifierLog;
		if (typeof log === 'string') out.verifierLog = log.slice(-8000);
	}
	if (typeof d.stderr === 'string') out.stderr = d.stderr;
	return Object.keys(out).length ? out : undefined;
}

const fail = (e: HelperClientError) => failReply(e.code, e.message, detailOf(e));

export function createFixService(opts: {
	readonly held: (sha256: string) => Uint8Array | undefined;
	readonly helper: HelperClient;
	/** The session the debug report is built from: the helper's log, the tested bundle. */
	readonly session?: { helperLog(line: string): void; tested(bundleSha256: string): void };
	/** Where the helper installs (SYSTEM_INSTALL_ROOTS; tests point elsewhere). */
	readonly installRoots?: InstallRoots;
}): FixService {
	const keepLog = (log: string[]) => (line: string) => {
		log.push(line);
		opts.session?.helperLog(line);
	};
	return {
		async installed() {
			const list = await listInstalledFixes(opts.installRoots ?? SYSTEM_INSTALL_ROOTS);
			return okReply(
				list.flatMap((f) =>
					'record' in f
						? [
								{
									fixId: f.record.id,
									version: f.record.fixVersion,
									title: f.record.title,
									state: f.state,
									device: f.record.device,
									objects: f.record.objects.map((o) => o.pin),
									attachedTo: f.attachedTo,
								},
							]
						: [],
				),
			);
		},
		async test(bundleSha256, device) {
			const bytes = opts.held(bundleSha256);
			if (!bytes)
				return failReply('bundle-not-open', 'This bundle is no longer open in hidfix; open it again.');
			const log: string[] = [];
			const r = await opts.helper.attach(device, bytes, keepLog(log));
			if (!r.ok) return fail(r.error);
			opts.session?.tested(bundleSha256);
			const v = r.value;
			return okReply({
				fixId: v.fix.id,
				version: v.fix.version,
				title: v.fix.title,
				device: v.device,
				objects: v.objects,
				log,
			});
		},
		async keep(fixId) {
			const log: string[] = [];
			const r = await opts.helper.keep(fixId, keepLog(log));
			return r.ok ? okReply({ fixId: r.value.fix, version: r.value.version, log }) : fail(r.error);
		},
		async revert(fixId) {
			const log: string[] = [];
			const r = await opts.helper.detach(fixId, keepLog(log));
			return r.ok ? okReply({ fixId: r.value.fix, version: r.value.version, log }) : fail(r.error);
		},
	};
}
