/**
 * Runs hidfix-loader (bpf/loader, C on libbpf): the only code that talks to the kernel's BPF side.
 * By absolute path, never through PATH, with an environment the helper chose (not the caller's).
 */
import { execFile } from 'node:child_process';

export interface LoaderResult {
	readonly status: number | null;
	/** The loader's one JSON object, or undefined if it printed something else (crash, killed). */
	readonly json: Readonly<Record<string, unknown>> | undefined;
	readonly stderr: string;
}

export type RunLoader = (args: readonly string[]) => Promise<LoaderResult>;

/** What the loader said went wrong, or how it ended when it said nothing (crashed, killed). */
export const loaderMessage = (r: LoaderResult): string =>
	typeof r.json?.message === 'string' ? r.json.message : `hidfix-loader exited with ${r.status}`;

/** Attach runs the verifier; under emulation that takes seconds, on hardware milliseconds. */
const TIMEOUT_MS = 120_000;

export function loaderAt(binary: string): RunLoader {
	return (args) =>
		new Promise((resolve) => {
			execFile(
				binary,
				[...args],
				{
					env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
					timeout: TIMEOUT_MS,
					maxBuffer: 16 * 1024 * 1024,
					encoding: 'utf8',
				},
				(error, stdout, stderr) => {
					let json: Record<string, unknown> | undefined;
					try {
						const v: unknown = JSON.parse(stdout);
						if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Record<string, unknown>;
					} catch {
						json = undefined;
					}
					const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
					resolve({ status, json, stderr: stderr.slice(0, 64 * 1024) });
				},
			);
		});
}
