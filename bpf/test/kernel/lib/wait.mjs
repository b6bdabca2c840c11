// Bounded waiting for kernel state. Everything in the kernel tests waits through here so that no
// test can hang: the VM has a global timeout, but a hung test would eat all of it (see
// scripts/vm/guest-run.sh) and hide which step stalled.
import { Buffer } from 'node:buffer';
import { readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Default deadline for kernel-side state changes. A bind takes 0.1–0.5 s in an idle TCG guest, but
 * the bench host is often shared (load 10 on 2 cores made the whole guest ~5× slower).
 */
export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Poll `check` until it returns a value other than `undefined`, `null` or `false`.
 *
 * @template T
 * @param {() => T | undefined | null | false | Promise<T | undefined | null | false>} check
 *   Called every `intervalMs`; exceptions propagate (a broken check is a bug, not "not yet").
 * @param {{ timeoutMs?: number, intervalMs?: number, what?: string }} [opts]
 *   `what` names the awaited state in the timeout error ("hidraw node of 0003:…").
 * @returns {Promise<T>} the first truthy result.
 * @throws {Error} `timed out after N ms waiting for <what>`.
 */
export async function waitFor(
	check,
	{ timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 10, what = 'condition' } = {},
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await check();
		if (v !== undefined && v !== null && v !== false) return v;
		if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

/** `aa bb cc` form of bytes, for assertion messages and hid-recorder lines. */
export function hex(bytes) {
	return Buffer.from(bytes)
		.toString('hex')
		.replace(/(..)(?!$)/g, '$1 ');
}

/**
 * One read() from a fd opened with O_NONBLOCK, retried until data arrives or the deadline passes.
 * hidraw returns one report per read(), evdev whole `struct input_event`s.
 *
 * @param {number} fd
 * @param {number} size buffer size
 * @param {{ timeoutMs?: number, what?: string }} [opts]
 * @returns {Promise<Uint8Array>} the bytes read
 * @throws {Error} on timeout, or the read error (e.g. ENODEV once the device is gone)
 */
export async function readWithDeadline(fd, size, { timeoutMs = DEFAULT_TIMEOUT_MS, what = 'data' } = {}) {
	const buf = Buffer.alloc(size);
	return waitFor(
		() => {
			try {
				const n = readSync(fd, buf, 0, size, null);
				return new Uint8Array(buf.subarray(0, n));
			} catch (e) {
				if (e.code === 'EAGAIN') return undefined;
				throw e;
			}
		},
		{ timeoutMs, intervalMs: 2, what },
	);
}
