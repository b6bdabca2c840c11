/**
 * Running the few system tools a report quotes (`dmesg`, `udevadm`, `udev-hid-bpf --version`):
 * no shell, a timeout, a bounded output, the C locale (so messages are the same words on every
 * system), and every failure turned into a sentence for the report instead of an exception.
 */
import { execFile } from 'node:child_process';

export type CommandResult =
	| { readonly ok: true; readonly stdout: string }
	| { readonly ok: false; readonly reason: string; readonly missing: boolean };

export type RunCommand = (file: string, args: readonly string[]) => Promise<CommandResult>;

const MAX_OUTPUT = 16 * 1024 * 1024;

export const runCommand: RunCommand = (file, args) =>
	new Promise((resolve) => {
		execFile(
			file,
			[...args],
			{ timeout: 5000, maxBuffer: MAX_OUTPUT, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
			(error, stdout, stderr) => {
				if (!error) return resolve({ ok: true, stdout });
				const e = error as NodeJS.ErrnoException & { killed?: boolean };
				if (e.code === 'ENOENT')
					return resolve({ ok: false, missing: true, reason: `${file} is not installed` });
				const said = stderr.trim().split('\n')[0] ?? '';
				const why = e.killed ? 'timed out' : said || e.message;
				resolve({ ok: false, missing: false, reason: `${file} failed: ${why}` });
			},
		);
	});
