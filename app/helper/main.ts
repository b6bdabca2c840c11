#!/usr/bin/env node
/**
 * hidfix-helper: the privileged helper, run as root through `pkexec` with our own polkit actions
 * (assets/polkit/io.github.hidfix.policy: one per verb). Small on purpose; docs/helper.md.
 *
 * SECURITY: nothing from the caller is trusted. argv is parsed strictly, the environment is ignored
 * (pkexec clears it anyway), the bundle arrives on stdin and is verified here against the system
 * trust store, and the only program run is hidfix-loader, by absolute path next to this build.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_INSTALL_ROOTS } from '../node/elevation/install-layout.js';
import { loaderAt } from './loader-run.js';
import { runHelper } from './run.js';

/** All of stdin up to `max` bytes; undefined when there is more. Refuses a terminal (no bundle). */
async function readStdin(max: number): Promise<Uint8Array | undefined> {
	if (process.stdin.isTTY) return new Uint8Array(0);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > max) return undefined;
		chunks.push(chunk);
	}
	return new Uint8Array(Buffer.concat(chunks));
}

// out/app/helper/main.js → bpf/out/hidfix-loader; packages keep the same relative layout.
const LOADER = fileURLToPath(new URL('../../../bpf/out/hidfix-loader', import.meta.url));

process.umask(0o077);
runHelper(process.argv.slice(2), {
	euid: process.geteuid?.() ?? -1,
	readStdin,
	out: (line) => process.stdout.write(`${line}\n`),
	log: (line) => process.stderr.write(`hidfix-helper: ${new Date().toISOString()} ${line}\n`),
	now: () => new Date(),
	sysfs: '/sys',
	systemTrust: '/etc/hidfix/allowed_signers',
	roots: SYSTEM_INSTALL_ROOTS,
	loader: loaderAt(LOADER),
	loaderPath: LOADER,
	binDir: dirname(LOADER),
	dev: '/dev',
	write: (text) => process.stdout.write(text),
	stdinClosed: () =>
		new Promise((res) => {
			if (process.stdin.readableEnded) res();
			else
				process.stdin
					.once('end', () => res())
					.once('close', () => res())
					.resume();
		}),
}).then(
	(code) => {
		process.exitCode = code;
	},
	(e: unknown) => {
		process.stdout.write(
			`${JSON.stringify({ ok: false, code: 'internal', message: `hidfix-helper failed: ${e instanceof Error ? e.message : String(e)}` })}\n`,
		);
		process.exitCode = 1;
	},
);
