/**
 * Opening a bundle for the consent screen: read (size-capped, regular files only), verify against the
 * user's trust store as it is on disk right now, and reduce the result to a {@link BundleView}.
 *
 * The trust store is re-read on every open so a key added with `hidfix keys add` counts at once.
 */
import { basename } from 'node:path';
import type { BundleError } from '../../app/common/bundle/errors.js';
import {
	failReply,
	okReply,
	type BundleView,
	type ErrorDetail,
	type Reply,
} from '../../app/common/ipc/contract.js';
import { sha256Hex } from '../../app/node/bundle/hash.js';
import { openBundle } from '../../app/node/bundle/open-bundle.js';
import { readBundleFile } from '../../app/node/bundle/read-file.js';
import { loadTrustStore, type TrustStorePaths } from '../../app/node/trust/store.js';
import type { PathPolicy } from './path-policy.js';
import { toBundleView } from './bundle-view.js';

export interface BundleServiceOptions {
	readonly trust: TrustStorePaths;
	readonly paths: PathPolicy;
	/** Injected so tests pin the clock inside the golden bundles' validity window. */
	readonly now?: () => Date;
}

export interface BundleService {
	openPath(path: string): Promise<Reply<BundleView>>;
	openBytes(name: string, bytes: Uint8Array): Promise<Reply<BundleView>>;
	/** The exact bytes of a bundle verified recently, by {@link BundleView.sha256}: what Test sends. */
	held(sha256: string): Uint8Array | undefined;
}

/** Bundles are kept for Test by hash; a few are enough (the window shows one at a time). */
const HELD = 4;

function fromBundleError(e: BundleError): Reply<never> {
	const detail: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(e.detail ?? {})) if (v !== undefined) detail[k] = v;
	return failReply(e.code, e.message, Object.keys(detail).length > 0 ? (detail as ErrorDetail) : undefined);
}

export function createBundleService(opts: BundleServiceOptions): BundleService {
	const now = opts.now ?? (() => new Date());
	const held = new Map<string, Uint8Array>();

	async function verify(bytes: Uint8Array, fileName: string): Promise<Reply<BundleView>> {
		const trust = await loadTrustStore(opts.trust);
		if (!trust.ok) {
			return failReply('trust-store-invalid', trust.error.message, { trustCode: trust.error.code });
		}
		const opened = openBundle(bytes, { trust: trust.value, now: now() });
		if (!opened.ok) return fromBundleError(opened.error);
		const sha256 = sha256Hex(bytes);
		held.delete(sha256);
		held.set(sha256, bytes.slice());
		for (const old of held.keys()) if (held.size > HELD) held.delete(old);
		return okReply(toBundleView(opened.value, fileName, sha256));
	}

	return {
		async openPath(path) {
			const allowed = await opts.paths.allow(path);
			if (allowed === undefined) {
				return failReply(
					'path-not-allowed',
					'hidfix can only open bundles you opened with it (double-click, or Open with hidfix).',
				);
			}
			const file = await readBundleFile(allowed);
			if (!file.ok) return fromBundleError(file.error);
			return verify(file.value, basename(allowed));
		},
		openBytes(name, bytes) {
			return verify(bytes, basename(name));
		},
		held: (sha256) => held.get(sha256),
	};
}
