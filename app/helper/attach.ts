/**
 * `attach`: the Test button's privileged half. Everything the app already checked is checked again
 * here from the bundle bytes alone (docs/helper.md):
 *
 *   bundle from stdin (bounded) → signature against the SYSTEM trust store only → manifest, payload
 *   hashes, object metadata → downgrade against root's version record → device present and targeted
 *   → installed for the test (install.ts: verified objects under /run/hidfix, a runtime udev rule,
 *   journaled) → hidfix-loader attach (all or none) → version recorded.
 *
 * The loader loads the bytes that were verified: they are copied out of the verified archive into a
 * directory only root can write, so nobody can swap the file between the check and the load.
 */
import { basename } from 'node:path';
import { err, ok, type Result } from '../common/result.js';
import { deviceFromModalias, matchKey, targetsDevice } from '../common/bpf/device-match.js';
import { openBundle } from '../node/bundle/open-bundle.js';
import { readSysfsDevice } from '../node/report/device-facts.js';
import { loadTrustStore } from '../node/trust/store.js';
import { acceptVersion, loadVersionRecords } from '../node/trust/versions.js';
import { helperError, type HelperError } from './errors.js';
import type { FixRecord } from '../node/elevation/fix-record.js';
import { installAndAttach, type InstallDeps } from './install.js';
import { pinName } from '../node/elevation/install-layout.js';

export interface AttachDeps {
	readonly bundle: Uint8Array;
	readonly sysfs: string;
	/** `/etc/hidfix/allowed_signers`: root-managed. The user's own store is not used for root actions. */
	readonly systemTrustPath: string;
	/** `/var/lib/hidfix/versions.json`: the highest version attached so far, per signer and fix. */
	readonly versionsPath: string;
	/** Where and how the fix is installed and attached (install.ts). */
	readonly install: InstallDeps;
	readonly now: Date;
	readonly log: (line: string) => void;
}

export interface AttachResult {
	readonly fix: { readonly id: string; readonly version: string; readonly title: string };
	readonly signers: readonly string[];
	readonly device: string;
	/** Pin-dir names under /sys/fs/bpf/hid/<device>/, one per program, for `detach`. */
	readonly objects: readonly string[];
}

export async function attach(sysname: string, deps: AttachDeps): Promise<Result<AttachResult, HelperError>> {
	const trust = await loadTrustStore({ systemPath: deps.systemTrustPath });
	if (!trust.ok) return err(helperError('trust-unusable', trust.error.message));
	const records = await loadVersionRecords(deps.versionsPath);
	if (!records.ok) return err(helperError('trust-unusable', records.error.message));
	const opened = openBundle(deps.bundle, {
		trust: trust.value,
		now: deps.now,
		versionRecords: records.value,
	});
	if (!opened.ok) {
		const e = opened.error;
		// The user's own store does not count here: say what does, instead of `hidfix keys add`.
		const message =
			e.code === 'signature-untrusted'
				? `${e.message.replace(/ If you know the author.*$/, '')} Fixes are loaded into the kernel only for signers in the system trust store (/etc/hidfix/allowed_signers); an administrator adds one with \`sudo hidfix keys add --system --principal NAME KEY.pub\`.`
				: e.message;
		return err(helperError('bundle-rejected', message, { bundleCode: e.code }));
	}
	const b = opened.value;
	const m = b.manifest;
	deps.log(`verified ${m.id} ${m.version} signed by ${b.signers.map((s) => s.fingerprint).join(', ')}`);

	const dev = await readSysfsDevice(sysname, deps.sysfs);
	if (!dev.ok)
		return err(helperError('device-not-found', `${sysname} is not connected; plug it in and try again.`));
	// The manifest's targets were proven equal to the object's HID_BPF_CONFIG when the bundle was
	// opened; hidfix-loader checks it again, but refusing here comes before anything is written.
	const ids = dev.value.modalias === null ? undefined : deviceFromModalias(dev.value.modalias);
	if (!ids || !targetsDevice(m.targets, ids))
		return err(
			helperError(
				'device-not-targeted',
				`${m.title} is not made for ${dev.value.name || sysname} (${ids ? matchKey(ids) : 'unknown ids'}); nothing was changed.`,
				{ targets: m.targets },
			),
		);

	const objects = new Map<string, Uint8Array>();
	for (const p of b.programs) objects.set(basename(p.ref.file), b.files.get(p.ref.file)!);
	const record: FixRecord = {
		format: 'hidfix-installed-fix',
		version: 1,
		id: m.id,
		fixVersion: m.version,
		title: m.title,
		signers: b.signers.map((s) => s.fingerprint),
		targets: m.targets,
		device: sysname,
		objects: [...objects.keys()].map((file) => ({ file, pin: pinName(file) })),
		installedAt: deps.now.toISOString(),
	};
	const attached = await installAndAttach(record, objects, deps.install);
	if (!attached.ok) return attached;
	// After the attach: a fix that never ran does not raise the bar for the next one.
	for (const s of b.signers) {
		const v = await acceptVersion(deps.versionsPath, s.fingerprint, m.id, m.version);
		if (!v.ok) deps.log(`version record not updated: ${v.error.message}`);
	}
	return ok({
		fix: { id: m.id, version: m.version, title: m.title },
		signers: b.signers.map((s) => s.fingerprint),
		device: sysname,
		objects: attached.value,
	});
}
