/**
 * Records one HID device: its hidraw reports (`E:`), optionally the same reports before any HID-BPF
 * program (`B:`, from the BPF_F_BEFORE tracer), and the evdev events of its input nodes.
 *
 * Why these shapes:
 * - Memory stays bounded: records leave in batches (every `batchMs`) through `onBatch`; only
 *   reports still waiting for their `B:`/`E:` partner are held.
 * - Reconnects are expected, not fatal: attaching or detaching an rdesc fixup re-probes the device,
 *   which kills every open node (hidraw reads fail with EIO, evdev with ENODEV) and recreates them
 *   under new numbers. The recorder closes its readers, re-resolves the nodes from sysfs by the HID
 *   sysname (stable across re-probes), reopens them and writes a `gap` record for the hole.
 * - `B:` and `E:` are paired in arrival order, a `B:` before its `E:` (as hid-recorder prints them).
 *   A report's `B:` is stamped in the kernel before the report reaches hidraw, so a `B:` is never
 *   later than its `E:`; `B:` reports inside a gap have no `E:` and are written alone.
 */
import { err, ok, type Result } from '../../common/result.js';
import { captureError, type CaptureError } from './errors.js';
import { EV_SYN, openEvdev, SYN_DROPPED, type EvdevMessage, type EvdevReader } from './evdev.js';
import { openHidrawDirect, type HidrawMessage, type HidrawReader, type OpenHidraw } from './hidraw.js';
import { Fifo } from './fifo.js';
import type { CaptureRecord } from './records.js';
import { resolveHidNodes, SYSTEM_ROOTS, type HidNodes, type SysfsRoots } from './sysfs-nodes.js';
import type { StartTracer, TracedReport, Tracer, TracerSummary } from './tracer.js';

export type OpenEvdev = (
	node: string,
	sink: (m: EvdevMessage) => void,
) => Promise<Result<EvdevReader, CaptureError>>;

export interface RecorderOptions {
	/** HID sysname, e.g. `0003:045E:00D1.0001`. */
	readonly sysname: string;
	readonly onBatch: (records: readonly CaptureRecord[], base: bigint) => void;
	readonly roots?: SysfsRoots;
	readonly openHidraw?: OpenHidraw;
	readonly openEvdev?: OpenEvdev;
	/** Set to record `B:` lines (the device's bytes before any HID-BPF fix). */
	readonly tracer?: StartTracer;
	readonly batchMs?: number;
	/** How long to wait for a re-probed device to come back before giving up. */
	readonly reconnectTimeoutMs?: number;
	/** Interval of sysfs re-resolution while the device is away. */
	readonly pollMs?: number;
	/** CLOCK_REALTIME − CLOCK_MONOTONIC in ns, for evdev timestamps; measured when absent. */
	readonly realtimeOffsetNs?: bigint;
	readonly now?: () => bigint;
}

export interface RecordingSummary {
	readonly reports: number;
	readonly bpfReports: number;
	readonly evdevEvents: number;
	/** SYN_DROPPED events seen: evdev buffer overruns, i.e. evdev events the kernel threw away. */
	readonly synDropped: number;
	readonly reconnects: number;
	/** `B:` written without an `E:` (inside a gap, or dropped by a fix) and the reverse. */
	readonly unpairedB: number;
	readonly unpairedE: number;
	readonly tracer?: TracerSummary;
	/** Set when the recording ended early (e.g. the device did not come back after a re-probe). */
	readonly error?: CaptureError;
}

/** CLOCK_REALTIME − CLOCK_MONOTONIC now, ns. Both Node clocks sit on uv_hrtime/timeOrigin. */
export function measureRealtimeOffsetNs(): bigint {
	const mono = process.hrtime.bigint();
	const real = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
	return real - mono;
}

type State = 'recording' | 'reconnecting' | 'stopping' | 'stopped';

interface Gap {
	readonly t: bigint;
	until: bigint | undefined;
}

/** E: reports wait this long for their B: before they are written alone. */
const PAIR_WAIT_NS = 2_000_000_000n;
/** B: reports held waiting for their E: at most; beyond, the oldest are written alone. */
const MAX_PENDING_B = 65_536;
/** Before the first batch, wait this long after the first report so early evdev events are in. */
const BASE_SETTLE_NS = 50_000_000n;

export class Recorder {
	readonly #o: Required<Omit<RecorderOptions, 'tracer' | 'realtimeOffsetNs'>>;
	readonly #startTracer: StartTracer | undefined;
	readonly #offset: bigint;
	#state: State = 'recording';
	#gen = 0;
	#hidraw: HidrawReader | undefined;
	#evdev: EvdevReader[] = [];
	#tracer: Tracer | undefined;
	#tracerSummary: TracerSummary | undefined;
	#timer: NodeJS.Timeout | undefined;
	#startedAt = 0n;
	#stoppedAt: bigint | undefined;
	#base: bigint | undefined;
	readonly #gaps: Gap[] = [];
	readonly #pendingE = new Fifo<CaptureRecord>();
	readonly #pendingB = new Fifo<CaptureRecord>();
	/** Smallest B:→E: distance paired so far: how many bytes the attached fix changes at least. */
	#pairFloor = Infinity;
	#pendingOther: CaptureRecord[] = [];
	#counts = {
		reports: 0,
		bpfReports: 0,
		evdevEvents: 0,
		synDropped: 0,
		reconnects: 0,
		unpairedB: 0,
		unpairedE: 0,
	};
	#error: CaptureError | undefined;
	#reconnecting: Promise<void> | undefined;
	#finished: Promise<RecordingSummary> | undefined;

	private constructor(o: RecorderOptions) {
		this.#o = {
			sysname: o.sysname,
			onBatch: o.onBatch,
			roots: o.roots ?? SYSTEM_ROOTS,
			openHidraw: o.openHidraw ?? openHidrawDirect,
			openEvdev: o.openEvdev ?? ((node, sink) => openEvdev(node, sink)),
			batchMs: o.batchMs ?? 16,
			reconnectTimeoutMs: o.reconnectTimeoutMs ?? 10_000,
			pollMs: o.pollMs ?? 20,
			now: o.now ?? (() => process.hrtime.bigint()),
		};
		this.#startTracer = o.tracer;
		this.#offset = o.realtimeOffsetNs ?? measureRealtimeOffsetNs();
	}

	/** Opens everything (tracer first, so no report reaches hidraw unseen by it) and starts recording. */
	static async start(o: RecorderOptions): Promise<Result<Recorder, CaptureError>> {
		const r = new Recorder(o);
		const nodes = await resolveHidNodes(o.sysname, r.#o.roots);
		if (!nodes.ok) return nodes;
		if (r.#startTracer !== undefined) {
			const t = await r.#startTracer(nodes.value.sysfsPath, (rep) => r.#onTraced(rep));
			if (!t.ok) return t;
			r.#tracer = t.value;
		}
		r.#startedAt = r.#o.now();
		const opened = await r.#open(nodes.value);
		if (!opened.ok) {
			await r.#tracer?.stop();
			return opened;
		}
		r.#timer = setInterval(() => r.#flush(false), r.#o.batchMs);
		return ok(r);
	}

	get summary(): RecordingSummary {
		const s = { ...this.#counts };
		return {
			...s,
			...(this.#tracerSummary !== undefined ? { tracer: this.#tracerSummary } : {}),
			...(this.#error !== undefined ? { error: this.#error } : {}),
		};
	}

	/** Stops reading, drains the tracer, writes the last batch. Safe to call more than once. */
	stop(): Promise<RecordingSummary> {
		this.#finished ??= this.#finish();
		return this.#finished;
	}

	async #finish(): Promise<RecordingSummary> {
		this.#state = 'stopping';
		await this.#reconnecting;
		this.#stoppedAt = this.#o.now();
		// Close first, then retire the generation: readers hand over what they still hold as they close.
		await this.#closeReaders();
		this.#gen += 1;
		if (this.#tracer !== undefined) {
			// B: lines of the last reports may still be in the pipe; the tracer flushes on SIGTERM.
			this.#tracerSummary = await this.#tracer.stop();
		}
		clearInterval(this.#timer);
		this.#flush(true);
		this.#state = 'stopped';
		return this.summary;
	}

	async #open(nodes: HidNodes): Promise<Result<void, CaptureError>> {
		const gen = this.#gen;
		const h = await this.#o.openHidraw(nodes.hidraw, (m) => this.#onHidraw(gen, m));
		if (!h.ok) return h;
		const readers: EvdevReader[] = [];
		for (const ev of nodes.events) {
			const r = await this.#o.openEvdev(ev, (m) => this.#onEvdev(gen, m));
			if (!r.ok) {
				await h.value.close();
				await Promise.all(readers.map((x) => x.close()));
				return r;
			}
			readers.push(r.value);
		}
		this.#hidraw = h.value;
		this.#evdev = readers;
		this.#pendingOther.push({ kind: 'nodes', t: this.#o.now(), hidraw: nodes.hidraw, events: nodes.events });
		return ok(undefined);
	}

	async #closeReaders(): Promise<void> {
		const h = this.#hidraw;
		const e = this.#evdev;
		this.#hidraw = undefined;
		this.#evdev = [];
		await Promise.all([h?.close(), ...e.map((r) => r.close())]);
	}

	#onHidraw(gen: number, m: HidrawMessage): void {
		if (gen !== this.#gen || (this.#state !== 'recording' && this.#state !== 'stopping')) return;
		if (m.kind === 'report') {
			this.#counts.reports += 1;
			this.#pendingE.push({ kind: 'E', t: m.report.t, data: m.report.data });
		} else {
			this.#lost(m.error);
		}
	}

	#onEvdev(gen: number, m: EvdevMessage): void {
		if (gen !== this.#gen || (this.#state !== 'recording' && this.#state !== 'stopping')) return;
		if (m.kind === 'error') {
			this.#lost(m.error);
			return;
		}
		for (const event of m.events) {
			// One BigInt per event: sec * 1e6 + usec stays below 2^53 until the year 2255.
			const real = BigInt(event.sec * 1_000_000 + event.usec) * 1000n;
			this.#counts.evdevEvents += 1;
			if (event.type === EV_SYN && event.code === SYN_DROPPED) this.#counts.synDropped += 1;
			this.#pendingOther.push({ kind: 'evdev', t: real - this.#offset, node: m.node, event });
		}
	}

	#onTraced(r: TracedReport): void {
		// Reports traced before hidraw was open, or after it was closed, have no E: by design.
		if (r.t < this.#startedAt || (this.#stoppedAt !== undefined && r.t > this.#stoppedAt)) return;
		this.#counts.bpfReports += 1;
		this.#pendingB.push({ kind: 'B', t: r.t, data: r.data });
	}

	/** A node failed: the device is being re-probed (or is gone). Reopen it or give up. */
	#lost(error: CaptureError): void {
		if (this.#state !== 'recording') return;
		this.#state = 'reconnecting';
		this.#gen += 1;
		const gap: Gap = { t: this.#o.now(), until: undefined };
		this.#gaps.push(gap);
		this.#reconnecting = this.#reconnect(gap, error).finally(() => (this.#reconnecting = undefined));
	}

	async #reconnect(gap: Gap, cause: CaptureError): Promise<void> {
		await this.#closeReaders();
		const deadline = gap.t + BigInt(this.#o.reconnectTimeoutMs) * 1_000_000n;
		let last: CaptureError = cause;
		while (this.#o.now() < deadline) {
			await new Promise((r) => setTimeout(r, this.#o.pollMs));
			if (this.#state !== 'reconnecting') break;
			const nodes = await resolveHidNodes(this.#o.sysname, this.#o.roots);
			if (!nodes.ok) {
				last = nodes.error;
				if (nodes.error.code === 'device-not-found' || nodes.error.code === 'no-hidraw-node') continue;
				break;
			}
			const gen = this.#gen;
			const opened = await this.#open(nodes.value);
			if (gen !== this.#gen) return; // stop() raced us
			if (opened.ok) {
				gap.until = this.#o.now();
				this.#counts.reconnects += 1;
				this.#pendingOther.push({ kind: 'gap', t: gap.t, until: gap.until, reason: cause.message });
				this.#state = 'recording';
				return;
			}
			last = opened.error;
			if (opened.error.code === 'permission-denied') break;
		}
		gap.until = this.#o.now();
		if (this.#state === 'reconnecting') {
			this.#error = captureError(
				'reconnect-timeout',
				`${this.#o.sysname} did not come back within ${this.#o.reconnectTimeoutMs} ms after it went away (${cause.message}); last error: ${last.message}`,
			);
			this.#pendingOther.push({ kind: 'gap', t: gap.t, until: gap.until, reason: cause.message });
			void this.stop();
		}
	}

	#inGap(t: bigint): boolean {
		return this.#gaps.some((g) => t >= g.t && (g.until === undefined || t <= g.until));
	}

	/** Pairs what can be paired and hands one time-ordered batch to onBatch. */
	#flush(final: boolean): void {
		const now = this.#o.now();
		if (this.#base === undefined) {
			// Relative times start at the first record, as in hid-recorder. Wait a little after the
			// first report so the evdev events it caused (kernel-stamped earlier) are in too.
			const first = this.#pendingB.peek() ?? this.#pendingE.peek();
			if (!final && (first === undefined || now - first.t < BASE_SETTLE_NS)) return;
			let base = first?.t ?? now;
			for (const r of this.#pendingOther) {
				if (r.kind !== 'nodes' && r.t < base) base = r.t;
			}
			this.#base = base;
		}
		const hid: CaptureRecord[] = [];
		const tracing = this.#tracer !== undefined;
		while (this.#pendingE.length > 0) {
			const e = this.#pendingE.peek() as CaptureRecord;
			// B: reports whose E: can never come (taken in a gap) go out alone.
			while (this.#pendingB.length > 0 && this.#inGap((this.#pendingB.peek() as CaptureRecord).t)) {
				hid.push(this.#pendingB.shift() as CaptureRecord);
				this.#counts.unpairedB += 1;
			}
			// hidraw drops the newest report when its 64-report queue is full, so an E: may have lost
			// its predecessors: pair it with the B: it matches best, and the B:s before that go out
			// alone (unpaired). Pairing by order alone shifted every later pair after one loss.
			const b = this.#pendingB.peek();
			if (b !== undefined && b.t <= e.t) {
				const match = bestMatchingB(this.#pendingB, e, this.#pairFloor);
				// Not as close as the fix's footprint: the E:'s own B: may still be in the tracer's
				// pipe. The pipe is in order, so once a B: newer than the E: is here, none is missing.
				const newest = this.#pendingB.at(this.#pendingB.length - 1) as CaptureRecord;
				const mayStillCome = newest.t <= e.t && !final && now - e.t <= PAIR_WAIT_NS;
				if (match.distance > this.#pairFloor && mayStillCome) break;
				this.#pairFloor = Math.min(this.#pairFloor, match.distance);
				for (let i = 0; i < match.index; i++) {
					hid.push(this.#pendingB.shift() as CaptureRecord);
					this.#counts.unpairedB += 1;
				}
				hid.push(this.#pendingB.shift() as CaptureRecord, e);
			} else if (!tracing || final || b !== undefined || now - e.t > PAIR_WAIT_NS) {
				// No tracer, or its B: is not coming (lost in the ringbuf, or the B: at the head is later).
				hid.push(e);
				if (tracing) this.#counts.unpairedE += 1;
			} else {
				break; // its B: is probably still in the tracer's pipe
			}
			this.#pendingE.shift();
		}
		// A fix that drops reports leaves B: without E:; write the oldest alone to bound memory.
		const keep = final ? 0 : MAX_PENDING_B;
		while (this.#pendingB.length > keep) {
			hid.push(this.#pendingB.shift() as CaptureRecord);
			this.#counts.unpairedB += 1;
		}
		const other = this.#pendingOther;
		this.#pendingOther = [];
		if (hid.length === 0 && other.length === 0) return;
		this.#o.onBatch(mergeByTime(hid, other), this.#base);
	}
}

/**
 * How many waiting B:s one E: is compared with: more than a stalled reader loses in one run (under
 * qemu TCG a run of 1024 lost reports at 8 kHz was seen), within MAX_PENDING_B.
 */
const PAIR_WINDOW = 8192;

/**
 * The waiting B: (taken before `e` arrived) whose bytes differ least from `e`'s, earliest on ties.
 * A fix changes a few bytes of its report; neighbouring reports differ in their moving fields, so
 * the nearest B: is the report's own. `floor` is the smallest distance of pairs made so far (the
 * fix's footprint): a candidate that close is taken at once, so a capture without losses compares
 * one B: per E:, and counting stops early for candidates already worse than the best.
 */
export function bestMatchingB(
	pending: Fifo<CaptureRecord>,
	e: CaptureRecord,
	floor = 0,
): { readonly index: number; readonly distance: number } {
	let index = 0;
	let distance = Infinity;
	if (e.kind !== 'E') return { index, distance };
	for (let i = 0; i < Math.min(pending.length, PAIR_WINDOW); i++) {
		const b = pending.at(i) as CaptureRecord;
		if (b.t > e.t || b.kind !== 'B') break;
		const d = byteDistance(b.data, e.data, distance);
		if (d < distance) {
			index = i;
			distance = d;
			if (d <= floor) break;
		}
	}
	return { index, distance };
}

/** Differing bytes (a length difference counts per byte); stops counting once past `limit`. */
function byteDistance(a: Uint8Array, b: Uint8Array, limit: number): number {
	const n = Math.min(a.length, b.length);
	let d = Math.abs(a.length - b.length);
	for (let i = 0; i < n && d <= limit; i++) if (a[i] !== b[i]) d++;
	return d;
}

/** Metadata before reports at equal times, evdev events after (they are caused by the report). */
const rank = (r: CaptureRecord): number =>
	r.kind === 'nodes' || r.kind === 'gap' ? 0 : r.kind === 'evdev' ? 2 : 1;

/**
 * Merges the paired hid records (kept in their order: a B: may be older than the E: before it) with
 * the other records, which are sorted by time first.
 */
function mergeByTime(hid: CaptureRecord[], other: CaptureRecord[]): CaptureRecord[] {
	if (other.length === 0) return hid;
	// Usually already in order (one evdev node); sorting costs only when several nodes interleave.
	const inOrder = other.every((r, i) => i === 0 || (other[i - 1] as CaptureRecord).t <= r.t);
	const sorted = inOrder
		? other
		: other
				.map((r, i) => ({ r, i }))
				.sort((a, b) => (a.r.t < b.r.t ? -1 : a.r.t > b.r.t ? 1 : rank(a.r) - rank(b.r) || a.i - b.i))
				.map((x) => x.r);
	const out: CaptureRecord[] = [];
	let i = 0;
	let j = 0;
	while (i < hid.length || j < sorted.length) {
		const a = hid[i];
		const b = sorted[j];
		if (b === undefined || (a !== undefined && (a.t < b.t || (a.t === b.t && rank(a) <= rank(b))))) {
			out.push(a as CaptureRecord);
			i++;
		} else {
			out.push(b);
			j++;
		}
	}
	return out;
}

/** Records for `durationMs` and returns everything (tests, short captures). */
export async function record(
	o: Omit<RecorderOptions, 'onBatch'> & { readonly durationMs: number },
): Promise<Result<{ records: CaptureRecord[]; base: bigint; summary: RecordingSummary }, CaptureError>> {
	const records: CaptureRecord[] = [];
	let base = 0n;
	const r = await Recorder.start({
		...o,
		onBatch: (batch, b) => {
			base = b;
			for (const x of batch) records.push(x);
		},
	});
	if (!r.ok) return r;
	await new Promise((res) => setTimeout(res, o.durationMs));
	const summary = await r.value.stop();
	if (summary.error !== undefined && records.length === 0) return err(summary.error);
	return ok({ records, base, summary });
}
