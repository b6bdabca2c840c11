/**
 * Trust files and the `hidfix keys` verbs: the stable entry point of app/node/trust.
 *
 * - `trustPaths({ env, homedir, systemDir })` → `{ systemPath, userPath, versionsPath }`
 *   (`/etc/hidfix/allowed_signers`, `$XDG_CONFIG_HOME/hidfix/allowed_signers`,
 *   `$XDG_STATE_HOME/hidfix/versions.json`).
 * - `loadTrustStore({ systemPath, userPath })` → `Promise<Result<TrustStore, TrustError>>`
 *   (missing files are empty; a bad line fails the load with file and line).
 * - `loadVersionRecords(path)`, `saveVersionRecords(path, records)` (atomic), and
 *   `acceptVersion(path, fingerprint, fixId, version)` = check downgrade + record.
 * - `keysList(paths)`, `formatKeyListing(k)`, `keysAdd({ userPath, key, principal, validBefore? })`,
 *   `keysRemove({ systemPath, userPath, selector })` for `hidfix keys list|add|remove`.
 */
export {
	formatKeyListing,
	keysAdd,
	keysList,
	keysRemove,
	readPublicKeyArg,
	type KeyListing,
	type KeysAddOptions,
	type KeysPaths,
	type KeysRemoveOptions,
} from './keys.js';
export { trustPaths, SYSTEM_TRUST_DIR, type TrustPaths, type TrustPathsOptions } from './paths.js';
export { loadStoreFile, loadTrustStore, type TrustStorePaths } from './store.js';
export { acceptVersion, loadVersionRecords, saveVersionRecords } from './versions.js';
