/**
 * Pure trust decisions: the stable entry point of app/common/trust.
 *
 * - `decideTrust(report | verified[], store, now)` → `Result<TrustDecision, TrustError>`: which
 *   principals vouch (≥ 1 valid signature from a key trusted for the namespace at `now`), or a typed
 *   reason: `no-signatures`, `unknown-key`, `wrong-namespace`, `expired`, `not-yet-valid`.
 * - `checkDowngrade(records, fingerprint, fixId, version)` → `first | same | upgrade`, or `downgrade`
 *   naming both versions; `recordVersion(...)` raises the record. Strict semver (app/common/semver.ts).
 * - `parseAllowedSigners(text, source)` / `formatAllowedSigner(entry)`: OpenSSH `allowed_signers`.
 * - `parseVersionRecords(text)` / `serializeVersionRecords(records)`: the versions.json format.
 * - `TrustError` with codes listed in trust-error.ts.
 *
 * Loading files and the `hidfix keys` verbs are in app/node/trust.
 */
export {
	formatAllowedSigner,
	parseAllowedSignerLine,
	parseAllowedSigners,
	type AllowedSigner,
} from './allowed-signers.js';
export {
	decideTrust,
	entryRefusal,
	type TrustDecision,
	type TrustRefusal,
	type TrustSource,
	type TrustStore,
	type TrustStoreEntry,
	type Voucher,
} from './decide.js';
export {
	EMPTY_VERSION_RECORDS,
	checkDowngrade,
	parseVersionRecords,
	recordVersion,
	serializeVersionRecords,
	type DowngradeCheck,
	type VersionRecord,
	type VersionRecords,
} from './downgrade.js';
export { formatSshTimeUtc, parseSshTime, type SshTime } from './ssh-time.js';
export { trustError, type TrustError, type TrustErrorCode } from './trust-error.js';
