#!/usr/bin/env node
/**
 * Executable entry of the author CLI (package.json `bin`): real process, real clock, real files.
 */
import { createInterface } from 'node:readline/promises';
import { runCli } from './run.js';

/** A yes/no question on the terminal; only offered when both ends are one. */
async function confirm(question: string): Promise<boolean> {
	const rl = createInterface({ input: process.stdin, output: process.stderr });
	try {
		return /^y(es)?$/i.test((await rl.question(question)).trim());
	} finally {
		rl.close();
	}
}

runCli(process.argv.slice(2), {
	out: (t) => process.stdout.write(t),
	err: (t) => process.stderr.write(t),
	env: process.env,
	cwd: process.cwd(),
	now: () => new Date(),
	...(process.stdin.isTTY && process.stderr.isTTY && { confirm }),
}).then(
	(code) => {
		process.exitCode = code;
	},
	(e: unknown) => {
		process.stderr.write(
			`hidfix: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
		);
		process.exitCode = 1;
	},
);
