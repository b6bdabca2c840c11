/**
 * The downgrade policy, pure: for each (signing key fingerprint, fix id) the highest version ever
 * accepted is recorded; a bundle with a lower version is refused with `downgrade` naming both.
 * The same version is allowed (re-testing a fix). Versions are strict semver.
 *
 * SECURITY: without this, an attacker who holds an old, validly signed bundle with a known bug could
 * present it in place of the fixed one. The record file is never silently reset (see app/node/trust).
 */
import { compareSemver, parseSemver } from '../semver.js';
import { ok, type Result } from '../result.js';
import { trustErr, type TrustError } from './trust-error.js';

export interface VersionRecord {
	/** `SHA256:…` fingerprint of the signing key. */
	readonly fingerprint: string;
	readonly fixId: string;
	/** Highest accepted version, strict semver. */
	readonly version: string;
}

export interface VersionRecords {
	readonly records: readonly VersionRecord[];
}

export const EMPTY_VERSION_RECORDS: VersionRecords = { records: [] };
export const VERSIONS_FORMAT = 'hidfix-versions/1';

/** What accepting `version` would mean relative to the record. */
export type DowngradeCheck =
	| { readonly kind: 'first' }
	| { readonly kind: 'same'; readonly recorded: string }
	| { readonly kind: 'upgrade'; readonly recorded: string };

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
const MAX_FIX_ID = 256;

/** Checks `version` of `fixId` signed by `fingerprint` against the record. */
export function checkDowngrade(
	records: VersionRecords,
	fingerprint: string,
	fixId: string,
	version: string,
): Result<DowngradeCheck, TrustError> {
	const v = parseSemver(version);
	if (!v)
		return trustErr('bad-version', `The bundle version "${version}" is not a valid version (like 1.2.3).`);
	const rec = records.records.find((r) => r.fingerprint === fingerprint && r.fixId === fixId);
	if (!rec) return ok({ kind: 'first' });
	const recorded = parseSemver(rec.version);
	if (!recorded)
		return trustErr('versions-corrupt', `The recorded version "${rec.version}" of ${fixId} is invalid.`);
	const c = compareSemver(v, recorded);
	if (c < 0)
		return trustErr(
			'downgrade',
			`This bundle is version ${version} of "${fixId}", but version ${rec.version} from the same author (${fingerprint}) was already accepted. hidfix refuses older versions so a fixed bug cannot come back.`,
		);
	return ok(c === 0 ? { kind: 'same', recorded: rec.version } : { kind: 'upgrade', recorded: rec.version });
}

/** Returns new records with `version` accepted (never lowers a recorded version). */
export function recordVersion(
	records: VersionRecords,
	fingerprint: string,
	fixId: string,
	version: string,
): Result<VersionRecords, TrustError> {
	if (!FINGERPRINT.test(fingerprint))
		return trustErr('bad-input', `"${fingerprint}" is not a SHA256 key fingerprint.`);
	if (fixId === '' || fixId.length > MAX_FIX_ID)
		return trustErr('bad-input', 'The fix id is empty or too long.');
	const check = checkDowngrade(records, fingerprint, fixId, version);
	if (!check.ok) return check;
	if (check.value.kind === 'same') return ok(records);
	const rest = records.records.filter((r) => !(r.fingerprint === fingerprint && r.fixId === fixId));
	return ok({ records: [...rest, { fingerprint, fixId, version }] });
}

/** Parses the JSON record file; anything unexpected is `versions-corrupt`, never an empty reset. */
export function parseVersionRecords(
	text: string,
	source = 'versions.json',
): Result<VersionRecords, TrustError> {
	const corrupt = (why: string) =>
		trustErr(
			'versions-corrupt',
			`The version record ${source} is damaged (${why}). hidfix will not reset it silently: fix or remove the file after checking it.`,
		);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return corrupt('not JSON');
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return corrupt('not an object');
	const obj = data as Record<string, unknown>;
	if (obj['format'] !== VERSIONS_FORMAT) return corrupt(`format is not ${VERSIONS_FORMAT}`);
	if (!Array.isArray(obj['records'])) return corrupt('records is not a list');
	const out: VersionRecord[] = [];
	const seen = new Set<string>();
	for (const [i, r] of (obj['records'] as unknown[]).entries()) {
		if (typeof r !== 'object' || r === null) return corrupt(`record ${i} is not an object`);
		const { fingerprint, fixId, version } = r as Record<string, unknown>;
		if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint))
			return corrupt(`record ${i} has a bad fingerprint`);
		if (typeof fixId !== 'string' || fixId === '' || fixId.length > MAX_FIX_ID)
			return corrupt(`record ${i} has a bad fix id`);
		if (typeof version !== 'string' || !parseSemver(version)) return corrupt(`record ${i} has a bad version`);
		const k = JSON.stringify([fingerprint, fixId]);
		if (seen.has(k)) return corrupt(`record ${i} is a duplicate`);
		seen.add(k);
		out.push({ fingerprint, fixId, version });
	}
	return ok({ records: out });
}

/** Serialises records (stable order) for {@link parseVersionRecords}. */
export function serializeVersionRecords(records: VersionRecords): string {
	const sorted = [...records.records].sort((a, b) =>
		a.fingerprint === b.fingerprint ? cmp(a.fixId, b.fixId) : cmp(a.fingerprint, b.fingerprint),
	);
	return JSON.stringify({ format: VERSIONS_FORMAT, records: sorted }, null, '\t') + '\n';
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
