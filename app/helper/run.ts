/**
 * The helper as a function: argv and stdin in, one JSON line out, log lines to stderr. `main.ts` is
 * the executable wrapper with the real paths; tests call {@link runHelper} with their own.
 *
 * Output: `{"ok":true,"verb",...result}` or `{"ok":false,"code","message","detail"?}`.
 * Exit: 0 done, 1 refused or failed (the JSON says why), 2 bad request.
 */
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../common/bundle/limits.js';
import { attach } from './attach.js';
import { helperError, type HelperError } from './errors.js';
import { keepFix, recover, revertFix, type InstallDeps } from './install.js';
import type { InstallRoots } from '../node/elevation/install-layout.js';
import type { RunLoader } from './loader-run.js';
import { record } from './record.js';
import { parseRequest } from './request.js';

export interface HelperEnv {
	readonly euid: number;
	/** Reads all of stdin, at most `max` bytes; undefined if there was more. */
	readonly readStdin: (max: number) => Promise<Uint8Array | undefined>;
	readonly out: (line: string) => void;
	readonly log: (line: string) => void;
	readonly now: () => Date;
	readonly sysfs: string;
	/** `/etc/hidfix/allowed_signers`. */
	readonly systemTrust: string;
	readonly roots: InstallRoots;
	readonly loader: RunLoader;
	readonly loaderPath: string;
	/** bpf/out (hidfix-loader's directory): the tracer and the reader for `record`. */
	readonly binDir: string;
	/** `/dev`. */
	readonly dev: string;
	/** Raw stdout, for the recording text that precedes the reply line. */
	readonly write: (text: string) => void;
	/** Resolves when stdin is closed (a `record` ends early then). */
	readonly stdinClosed: () => Promise<void>;
}

export async function runHelper(argv: readonly string[], env: HelperEnv): Promise<number> {
	const fail = (e: HelperError): number => {
		env.log(`refused (${e.code}): ${e.message}`);
		env.out(JSON.stringify({ ok: false, ...e }));
		return e.code === 'bad-request' ? 2 : 1;
	};
	const req = parseRequest(argv);
	if (!req.ok) return fail(req.error);
	if (env.euid !== 0)
		return fail(helperError('not-root', 'hidfix-helper must run as root; the app starts it through pkexec.'));
	const r = req.value;
	env.log(
		r.verb === 'attach'
			? `attach ${r.sysname}`
			: r.verb === 'record'
				? `record ${r.sysname} ${r.seconds} s`
				: `${r.verb} ${r.fixId}`,
	);
	const install: InstallDeps = {
		roots: env.roots,
		sysfs: env.sysfs,
		loader: env.loader,
		loaderPath: env.loaderPath,
		log: env.log,
	};
	// Whatever was asked, first finish what a crash interrupted (install.ts).
	const recovered = await recover(install);
	if (!recovered.ok) return fail(recovered.error);
	const recovery = recovered.value === undefined ? {} : { recovered: recovered.value };

	if (r.verb === 'record') {
		const rec = await record(r.sysname, r.seconds, {
			sysfs: env.sysfs,
			dev: env.dev,
			bpffs: env.roots.bpffs,
			binDir: env.binDir,
			now: env.now(),
			write: env.write,
			stopRequested: env.stdinClosed(),
			log: env.log,
		});
		if (!rec.ok) return fail(rec.error);
		env.out(JSON.stringify({ ok: true, ...rec.value, ...recovery }));
		return 0;
	}
	if (r.verb !== 'attach') {
		const done = await (r.verb === 'keep' ? keepFix : revertFix)(r.fixId, install);
		if (!done.ok) return fail(done.error);
		env.out(
			JSON.stringify({ ok: true, verb: r.verb, fix: r.fixId, version: done.value.fixVersion, ...recovery }),
		);
		return 0;
	}
	const bundle = await env.readStdin(DEFAULT_LIMITS.maxBundleBytes);
	if (bundle === undefined)
		return fail(
			helperError('bundle-rejected', `The bundle is larger than ${DEFAULT_LIMITS.maxBundleBytes} bytes.`, {
				bundleCode: 'bundle-too-large',
			}),
		);
	if (bundle.length === 0)
		return fail(helperError('bundle-rejected', 'No bundle on stdin.', { bundleCode: 'bundle-unreadable' }));
	const a = await attach(r.sysname, {
		bundle,
		sysfs: env.sysfs,
		systemTrustPath: env.systemTrust,
		versionsPath: join(env.roots.state, 'versions.json'),
		install,
		now: env.now(),
		log: env.log,
	});
	if (!a.ok) return fail(a.error);
	env.out(JSON.stringify({ ok: true, verb: 'attach', ...a.value, ...recovery }));
	return 0;
}
