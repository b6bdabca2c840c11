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
	type HelperReply,
	type HelperVerb,
	type RecordReply,
} from '../../common/elevation/protocol.js';
import { err, ok, type Result } from '../../common/result.js';

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
	/** Records for up to `seconds`, or until `stop` resolves; `recording` is the hid-recorder text. */
	record(
		sysname: string,
		seconds: number,
		opts?: { readonly onLog?: (line: string) => void; readonly stop?: Promise<void> },
	): Promise<Result<{ readonly reply: RecordReply; readonly recording: string }, HelperClientError>>;
}

/** Longer than any attach under emulation; a password dialog left open is the user's business. */
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;
const MAX_OUTPUT = 1024 * 1024;
/** An hour at 1 kHz is ~170 MB of text; more than that is not a recording we can use. */
const MAX_RECORDING = 768 * 1024 * 1024;

export function helperClient(launcher: HelperLauncher, opts: { timeoutMs?: number } = {}): HelperClient {
	function run(
		verb: HelperVerb,
		args: readonly string[],
		stdin: Uint8Array | { readonly until: Promise<void> } | undefined,
		onLog: ((line: string) => void) | undefined,
	): Promise<Result<{ reply: HelperReply; before: string }, HelperClientError>> {
		return new Promise((resolve) => {
			const child = spawn(launcher.command, [...launcher.args, verb, ...args], {
				stdio: ['pipe', 'pipe', 'pipe'],
				timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			});
			const chunks: string[] = [];
			let size = 0;
			let errText = '';
			let partial = '';
			const max = verb === 'record' ? MAX_RECORDING : MAX_OUTPUT;
			child.stdout.setEncoding('utf8').on('data', (s: string) => {
				size += s.length;
				if (size <= max) chunks.push(s);
				else child.kill('SIGTERM');
			});
			child.stderr.setEncoding('utf8').on('data', (s: string) => {
				if (errText.length < MAX_OUTPUT) errText += s;
				const lines = (partial + s).split('\n');
				partial = lines.pop() ?? '';
				for (const l of lines) if (l) onLog?.(l);
			});
			// A helper that exits before reading stdin (bad request, not root) closes the pipe: not an error.
			child.stdin.on('error', () => undefined);
			// A recording runs until its time is up or stdin closes: hold it open until asked to stop.
			if (stdin && 'until' in stdin) void stdin.until.then(() => child.stdin.end());
			else child.stdin.end(stdin ?? new Uint8Array(0));
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
				const out = chunks.join('');
				const end = out.trimEnd();
				const cut = end.lastIndexOf('\n');
				const parsed = size <= max ? parseHelperLine(end.slice(cut + 1), verb) : undefined;
				if (parsed)
					return resolve(parsed.ok ? ok({ reply: parsed.value, before: end.slice(0, cut + 1) }) : parsed);
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
	const only = <T extends HelperReply>(
		r: Result<{ reply: HelperReply; before: string }, HelperClientError>,
	): Result<T, HelperClientError> => (r.ok ? ok(r.value.reply as T) : r);
	return {
		attach: async (sysname, bundle, onLog) =>
			only<AttachReply>(await run('attach', [sysname], bundle, onLog)),
		keep: async (fixId, onLog) => only<ChangeReply>(await run('keep', [fixId], undefined, onLog)),
		detach: async (fixId, onLog) => only<ChangeReply>(await run('detach', [fixId], undefined, onLog)),
		async record(sysname, seconds, o = {}) {
			const until = o.stop ?? new Promise<void>(() => undefined);
			const r = await run('record', [sysname, String(seconds)], { until }, o.onLog);
			if (!r.ok) return r;
			return ok({ reply: r.value.reply as RecordReply, recording: r.value.before });
		},
	};
}
