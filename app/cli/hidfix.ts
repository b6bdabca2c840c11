#!/usr/bin/env node
/**
 * Executable entry of the author CLI (package.json `bin`): real process, real clock, real files.
 */
import { runCli } from './run.js';

runCli(process.argv.slice(2), {
	out: (t) => process.stdout.write(t),
	err: (t) => process.stderr.write(t),
	env: process.env,
	cwd: process.cwd(),
	now: () => new Date(),
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
