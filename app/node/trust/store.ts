/**
 * Loads the trust store: the system `allowed_signers` then the user one. A missing file is an empty
 * store; a file with any bad line is a `store-parse` error naming file and line, and a file other
 * users could write is `store-permissions` (both fail closed).
 */
import { ok, type Result } from '../../common/result.js';
import { parseAllowedSigners } from '../../common/trust/allowed-signers.js';
import type { TrustSource, TrustStore, TrustStoreEntry } from '../../common/trust/decide.js';
import type { TrustError } from '../../common/trust/trust-error.js';
import { readTrustFileIfExists } from './files.js';

export interface TrustStorePaths {
	readonly systemPath?: string;
	readonly userPath?: string;
}

export async function loadTrustStore(paths: TrustStorePaths): Promise<Result<TrustStore, TrustError>> {
	const entries: TrustStoreEntry[] = [];
	const sources: [TrustSource, string | undefined][] = [
		['system', paths.systemPath],
		['user', paths.userPath],
	];
	for (const [source, path] of sources) {
		if (path === undefined) continue;
		const r = await loadStoreFile(path, source);
		if (!r.ok) return r;
		entries.push(...r.value);
	}
	return ok({ entries });
}

export async function loadStoreFile(
	path: string,
	source: TrustSource,
): Promise<Result<TrustStoreEntry[], TrustError>> {
	const text = await readTrustFileIfExists(path);
	if (!text.ok) return text;
	if (text.value === undefined) return ok([]);
	const parsed = parseAllowedSigners(text.value, path);
	if (!parsed.ok) return parsed;
	return ok(parsed.value.map((e) => ({ ...e, source, path })));
}
