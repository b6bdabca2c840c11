/**
 * What a recording is made of, and how each record maps to one hid-recorder line.
 *
 * Times are CLOCK_MONOTONIC nanoseconds (`bigint`) on one base for every source: hidraw reports are
 * stamped by the reader thread right after read(), `B:` reports by the BPF tracer (bpf_ktime_get_ns), evdev events by the
 * kernel (CLOCK_REALTIME, shifted to monotonic by an offset measured at start). Lines carry times
 * relative to the recording's first record, as hid-recorder writes them (`%06d.%06d`).
 */
import type { InputEvent } from './evdev.js';
import { eventNames } from './evdev.js';

export type CaptureRecord =
	/** A hidraw report as user space sees it (after any HID-BPF fix): `E:`. */
	| { readonly kind: 'E'; readonly t: bigint; readonly data: Uint8Array }
	/** The same report before any HID-BPF program ran (BPF_F_BEFORE tracer): `B:`. */
	| { readonly kind: 'B'; readonly t: bigint; readonly data: Uint8Array }
	/** One evdev event of one of the device's event nodes: a `#` comment line. */
	| { readonly kind: 'evdev'; readonly t: bigint; readonly node: string; readonly event: InputEvent }
	/** Nodes in use from now on (at start and after each reconnect): a `#` comment line. */
	| {
			readonly kind: 'nodes';
			readonly t: bigint;
			readonly hidraw: string;
			readonly events: readonly string[];
	  }
	/** The device went away (re-probe); nothing was read until `until`: a `#` comment line. */
	| { readonly kind: 'gap'; readonly t: bigint; readonly until: bigint; readonly reason: string };

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `sec.usec` relative to `base`, `%06d.%06d` as hid-recorder prints it. */
export function relTime(t: bigint, base: bigint): { sec: number; usec: number; text: string } {
	const us = t > base ? (t - base) / 1000n : 0n;
	const sec = Number(us / 1_000_000n);
	const usec = Number(us % 1_000_000n);
	return { sec, usec, text: `${String(sec).padStart(6, '0')}.${String(usec).padStart(6, '0')}` };
}

export function hexBytes(data: Uint8Array): string {
	let s = '';
	for (let i = 0; i < data.length; i++) s += (i ? ' ' : '') + HEX2[data[i] ?? 0];
	return s;
}

/** The one line a record becomes in a hid-recorder file. */
export function recordLine(r: CaptureRecord, base: bigint): string {
	const at = relTime(r.t, base).text;
	switch (r.kind) {
		case 'E':
		case 'B':
			return `${r.kind}: ${at} ${r.data.length}${r.data.length ? ' ' : ''}${hexBytes(r.data)}`;
		case 'evdev': {
			const n = eventNames(r.event.type, r.event.code);
			return `#   evdev ${at} ${r.node.replace(/^.*\//, '')} ${n.type} ${n.code} ${r.event.value}`;
		}
		case 'nodes':
			return `# hidfix: recording ${r.hidraw}${r.events.length ? ` and ${r.events.join(', ')}` : ' (no evdev nodes)'}`;
		case 'gap':
			return `# hidfix: device re-probed at ${at} (${r.reason}); nothing recorded for ${relTime(r.until, r.t).text} s`;
	}
}
