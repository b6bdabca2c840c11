/**
 * The renderer's view of a verified bundle: plain data, safe to structured-clone across IPC.
 *
 * Only what the consent screen shows crosses the boundary; payload bytes and object internals stay in
 * main (the renderer never needs them, and a smaller surface is less to get wrong).
 */
import type { BundleView } from '../../app/common/ipc/contract.js';
import type { OpenedBundle } from '../../app/node/bundle/open-bundle.js';

export function toBundleView(b: OpenedBundle, fileName: string, sha256: string): BundleView {
	const m = b.manifest;
	return {
		fileName,
		sha256,
		signers: b.signers.map((s) => ({
			fingerprint: s.fingerprint,
			principals: [...s.principals],
			keyType: s.keyType,
		})),
		fix: {
			id: m.id,
			version: m.version,
			title: m.title,
			summary: m.summary,
			description: m.description,
			author: { ...m.author },
			contact: { ...m.contact },
			created: m.created,
			expires: m.expires,
			minKernel: m.minKernel,
			capture: { ...m.capture },
		},
		targets: m.targets.map((t) => ({ bus: t.bus, group: t.group, vid: t.vid, pid: t.pid })),
		programs: b.programs.map((p) => ({
			file: p.ref.file,
			api: p.info.api,
			size: p.ref.size,
			sha256: p.ref.sha256,
			capabilities: p.capabilities.map((c) => ({ kind: c.kind, risk: c.risk, summary: c.summary })),
		})),
		sources: m.sources.map((s) => ({ file: s.file, size: s.size, sha256: s.sha256 })),
		compressed: b.compressed,
	};
}
