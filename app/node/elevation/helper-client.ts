/**
 * The app's side of the privileged helper: runs it through pkexec (or any launcher prefix), hands it
 * the bundle on stdin, relays its log lines as they come, and turns the outcome into one result.
 *
 * pkexec's own exit codes mean the helper never ran: 126 the user dismissed the password dialog, 127
 * not authorized (wrong password, no admin rights, or the helper is not installed).
 */
import { spawn } from 'node:child_process';
import {
	parseHelperLine,
	type AttachReply,
	type ChangeReply,
	type HelperErrorCode,
	type HelperVerb,
} from '../../common/elevation/protocol.js';
import { err, type Result } from '../../common/result.js';

/** The command that runs the helper, before its own argv: `pkexec /opt/hidfix/…/hidfix-helper`. */
export interface HelperLauncher {
	readonly command: string;
	readonly args: readonly string[];
}

export type HelperClientErrorCode =
	HelperErrorCode | 'helper-cancelled' | 'helper-not-authorized' | 'helper-failed';

export interface HelperClientError {
	readonly code: HelperClientErrorCode;
	readonly message: string;
	readonly detail?: Readonly<Record<string, unknown>>;
}

export interface HelperClient {
	attach(
		sysname: string,
		bundle: Uint8Array,
		onLog?: (line: string) => void,
	): Promise<Result<AttachReply, HelperClientError>>;
	keep(fixId: string, onLog?: (line: string) => void): Promise<Result<ChangeReply, HelperClientError>>;
	detach(fixId: string, onLog?: (line: string) => void): Promise<Result<ChangeReply, HelperClientError>>;
}

/** Longer than any attach under emulation; a password dialog left open is the user's business. */
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;
const MAX_OUTPUT = 1024 * 1024;

export function helperClient(launcher: HelperLauncher, opts: { timeoutMs?: number } = {}): HelperClient {
	function run(
		verb: HelperVerb,
		arg: string,
		stdin: Uint8Array | undefined,
		onLog: ((line: string) => void) | undefined,
	): Promise<Result<AttachReply | ChangeReply, HelperClientError>> {
		return new Promise((resolve) => {
			const child = spawn(launcher.command, [...launcher.args, verb, arg], {
				stdio: ['pipe', 'pipe', 'pipe'],
				timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			});
			let out = '';
			let errText = '';
			let partial = '';
			child.stdout.setEncoding('utf8').on('data', (s: string) => {
				if (out.length < MAX_OUTPUT) out += s;
			});
			child.stderr.setEncoding('utf8').on('data', (s: string) => {
				if (errText.length < MAX_OUTPUT) errText += s;
				const lines = (partial + s).split('\n');
				partial = lines.pop() ?? '';
				for (const l of lines) if (l) onLog?.(l);
			});
			// A helper that exits before reading stdin (bad request, not root) closes the pipe: not an error.
			child.stdin.on('error', () => undefined);
			child.stdin.end(stdin ?? new Uint8Array(0));
			child.on('error', (e) =>
				resolve(
					err({
						code: 'helper-failed',
						message: `The hidfix helper could not be started (${launcher.command}: ${e.message}). Nothing was changed.`,
					}),
				),
			);
			child.on('close', (code, signal) => {
				if (partial) onLog?.(partial);
				const last = out.trimEnd().split('\n').at(-1) ?? '';
				const parsed = parseHelperLine(last, verb);
				if (parsed) return resolve(parsed);
				if (code === 126)
					return resolve(
						err({
							code: 'helper-cancelled',
							message: 'The password prompt was dismissed; nothing was changed.',
						}),
					);
				if (code === 127)
					return resolve(
						err({
							code: 'helper-not-authorized',
							message:
								'hidfix did not get administrator rights (wrong password, an account that may not administer this computer, or the hidfix helper is not installed). Nothing was changed.',
						}),
					);
				const tail = errText.trim().split('\n').slice(-5).join('\n');
				resolve(
					err({
						code: 'helper-failed',
						message: `The hidfix helper ended without an answer (${signal ? `signal ${signal}` : `exit ${code}`}). What it had done is undone the next time it runs.`,
						detail: { stderr: tail },
					}),
				);
			});
		});
	}
	return {
		attach: (sysname, bundle, onLog) =>
			run('attach', sysname, bundle, onLog) as Promise<Result<AttachReply, HelperClientError>>,
		keep: (fixId, onLog) =>
			run('keep', fixId, undefined, onLog) as Promise<Result<ChangeReply, HelperClientError>>,
		detach: (fixId, onLog) =>
			run('detach', fixId, undefined, onLog) as Promise<Result<ChangeReply, HelperClientError>>,
	};
}
