/**
 * `attach`: the Test button's privileged half. Everything the app already checked is checked again
 * here from the bundle bytes alone (docs/helper.md):
 *
 *   bundle from stdin (bounded) → signature against the SYSTEM trust store only → manifest, payload
 *   hashes, object metadata → downgrade against root's version record → device present and targeted
 *   → each verified program written to a root-only directory → hidfix-loader attach (all or none)
 *   → version recorded.
 *
 * The loader loads the bytes that were verified: they are copied out of the verified archive into a
 * directory only root can write, so nobody can swap the file between the check and the load.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { err, ok, type Result } from '../common/result.js';
import { openBundle } from '../node/bundle/open-bundle.js';
import { readSysfsDevice } from '../node/report/device-facts.js';
import { loadTrustStore } from '../node/trust/store.js';
import { acceptVersion, loadVersionRecords } from '../node/trust/versions.js';
import { helperError, type HelperError } from './errors.js';
import type { RunLoader } from './loader-run.js';
import { formatIds, parseHidModalias, targets } from './targets.js';

export interface AttachDeps {
	readonly bundle: Uint8Array;
	readonly sysfs: string;
	/** `/etc/hidfix/allowed_signers`: root-managed. The user's own store is not used for root actions. */
	readonly systemTrustPath: string;
	/** `/var/lib/hidfix/versions.json`: the highest version attached so far, per signer and fix. */
	readonly versionsPath: string;
	/** `/run/hidfix`: where verified objects wait for the loader. */
	readonly runDir: string;
	readonly loader: RunLoader;
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

const loaderFailed = (what: string, r: Awaited<ReturnType<RunLoader>>): HelperError => {
	const message =
		typeof r.json?.message === 'string' ? r.json.message : `hidfix-loader exited with ${r.status}`;
	return helperError('loader-failed', `${what}: ${message}`, {
		loader: r.json ?? { status: r.status, stderr: r.stderr },
	});
};

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
	const ids = dev.value.modalias === null ? undefined : parseHidModalias(dev.value.modalias);
	if (!ids || !targets(m.targets, ids))
		return err(
			helperError(
				'device-not-targeted',
				`${m.title} is not made for ${dev.value.name || sysname} (${ids ? formatIds(ids) : 'unknown ids'}); nothing was changed.`,
				{ targets: m.targets },
			),
		);

	await mkdir(deps.runDir, { recursive: true, mode: 0o700 });
	const dir = join(deps.runDir, `attach-${randomBytes(8).toString('hex')}`);
	await mkdir(dir, { mode: 0o700 });
	const attached: string[] = [];
	try {
		for (const p of b.programs) {
			const name = basename(p.ref.file);
			const path = join(dir, name);
			const h = await open(
				path,
				constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
				0o600,
			);
			try {
				await h.writeFile(b.files.get(p.ref.file)!);
			} finally {
				await h.close();
			}
			const started = Date.now();
			const r = await deps.loader(['attach', join(deps.sysfs, 'bus/hid/devices', sysname), path]);
			if (r.status !== 0 || r.json?.ok !== true) {
				// All or none: a fix of two programs is not half attached.
				for (const done of attached.reverse()) {
					const d = await deps.loader(['detach', sysname, done]);
					deps.log(`rolled back ${done}: ${d.json?.ok === true ? 'detached' : JSON.stringify(d.json)}`);
				}
				return err(loaderFailed(`${name} could not be attached`, r));
			}
			// The pin-dir name the loader chose (udev-hid-bpf's rule: file name, '.' and ':' → '_').
			const pinned =
				typeof r.json.name === 'string' ? r.json.name : name.replace(/\.o$/, '').replace(/[:.]/g, '_');
			deps.log(`attached ${name} to ${sysname} as ${pinned} in ${Date.now() - started} ms`);
			attached.push(pinned);
		}
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	// After the attach: a fix that never ran does not raise the bar for the next one.
	for (const s of b.signers) {
		const v = await acceptVersion(deps.versionsPath, s.fingerprint, m.id, m.version);
		if (!v.ok) deps.log(`version record not updated: ${v.error.message}`);
	}
	return ok({
		fix: { id: m.id, version: m.version, title: m.title },
		signers: b.signers.map((s) => s.fingerprint),
		device: sysname,
		objects: attached,
	});
}
