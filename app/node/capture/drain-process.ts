/**
 * Drains a hidraw or evdev node through `hidfix-read` (bpf/reader/hidfix-read.c), a small C process,
 * instead of a reader worker (node-reader.ts). Same contract as `openNodeReader`.
 *
 * Why: the worker has to poll (Node has no poll() for character devices), and every empty read is
 * an EAGAIN exception; in the 1-GIPS test VM three such workers plus their messages cost the
 * recorder a third of the CPU an 8 kHz device needs, and the kernel's 64-report hidraw queue
 * overflowed. `hidfix-read` sleeps in poll(), moves reports into a 1 MiB pipe, and Node reads the
 * pipe in large chunks on its event loop — no extra JS thread at all.
 *
 * Protocol: `HFR1` on stdout once open, then the bytes (framed for hidraw: u32 length, u64 read time,
 * report); exit 3 = open failed, 4 = read failed, with the errno name ending the stderr line.
 */
import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';
import { openError, type NodeReader, type NodeReaderOptions, type OpenNode } from './node-reader.js';

const MAGIC = Buffer.from('HFR1');

/** An `OpenNode` that runs `binary` (hidfix-read) per node. */
export function drainProcessAt(binary: string, opts: { flushMs?: number } = {}): OpenNode {
	return (node: string, o: NodeReaderOptions, onData, onError) =>
		new Promise<Result<NodeReader, CaptureError>>((resolve) => {
			const args = [...(o.framed ? ['--framed'] : []), '--flush-ms', String(opts.flushMs ?? 8), node];
			const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
			let stderr = '';
			let opened = false;
			let closing = false;
			let head = Buffer.alloc(0);
			child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-2000)));
			const exited = new Promise<number | null>((res) => child.once('close', (code) => res(code)));
			const reader: NodeReader = {
				node,
				async close() {
					closing = true;
					// SIGTERM: hidfix-read writes what it still holds and exits 0; 'close' comes after
					// stdout's last 'data', so nothing read is dropped.
					if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
					await exited;
				},
			};
			child.stdout.on('data', (chunk: Buffer) => {
				if (!opened) {
					head = Buffer.concat([head, chunk]);
					if (head.byteLength < MAGIC.byteLength) return;
					if (!head.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
						child.kill('SIGKILL');
						return;
					}
					opened = true;
					resolve(ok(reader));
					chunk = head.subarray(MAGIC.byteLength);
					head = Buffer.alloc(0);
					if (chunk.byteLength === 0) return;
				}
				onData(chunk);
			});
			child.once('error', (e) => {
				// spawn failed (binary missing or not executable): 'close' may never come.
				const msg = `${binary}: ${e.message}; build it with \`make -C bpf reader\``;
				if (!opened)
					resolve(err(captureError('open-failed', `reader for ${node}: ${msg}`, { path: binary })));
				else onError(captureError('read-failed', `reader for ${node}: ${msg}`));
			});
			void exited.then((code) => {
				const errno = /: ([A-Z0-9]+)\s*$/.exec(stderr)?.[1] ?? 'EUNKNOWN';
				if (!opened) {
					resolve(
						code === 3
							? err(openError(node, errno))
							: err(
									captureError(
										'open-failed',
										`reader for ${node} exited with status ${code}: ${stderr.trim() || '(no message)'}`,
										{ path: node },
									),
								),
					);
				} else if (!closing) {
					onError(captureError('read-failed', `reading ${node}: ${errno}`, { path: node, errno }));
				}
			});
		});
}
