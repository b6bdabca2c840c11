/**
 * The per-(key, fix id) highest-version record on disk (`$XDG_STATE_HOME/hidfix/versions.json`).
 * Missing file = no records yet; a damaged file is `versions-corrupt` and is left untouched, because
 * resetting it would silently re-open every downgrade it protects against.
 */
import { ok, type Result } from '../../common/result.js';
import {
	EMPTY_VERSION_RECORDS,
	checkDowngrade,
	parseVersionRecords,
	recordVersion,
	serializeVersionRecords,
	type DowngradeCheck,
	type VersionRecords,
} from '../../common/trust/downgrade.js';
import type { TrustError } from '../../common/trust/trust-error.js';
import { readTrustFileIfExists, withFileLock, writeFileAtomic } from './files.js';

export async function loadVersionRecords(path: string): Promise<Result<VersionRecords, TrustError>> {
	const text = await readTrustFileIfExists(path);
	if (!text.ok) return text;
	if (text.value === undefined) return ok(EMPTY_VERSION_RECORDS);
	return parseVersionRecords(text.value, path);
}

export async function saveVersionRecords(
	path: string,
	records: VersionRecords,
): Promise<Result<void, TrustError>> {
	return writeFileAtomic(path, serializeVersionRecords(records), 0o600);
}

/**
 * Checks and records in one step: refuses a downgrade, otherwise raises the record to `version`.
 * Call it only after the bundle was accepted (signature trusted, user confirmed). Holds a lock file
 * so concurrent hidfix processes cannot lower the record.
 */
export async function acceptVersion(
	path: string,
	fingerprint: string,
	fixId: string,
	version: string,
): Promise<Result<DowngradeCheck, TrustError>> {
	return withFileLock(path, async () => {
		const records = await loadVersionRecords(path);
		if (!records.ok) return records;
		const check = checkDowngrade(records.value, fingerprint, fixId, version);
		if (!check.ok) return check;
		if (check.value.kind === 'same') return check;
		const next = recordVersion(records.value, fingerprint, fixId, version);
		if (!next.ok) return next;
		const saved = await saveVersionRecords(path, next.value);
		if (!saved.ok) return saved;
		return check;
	});
}
