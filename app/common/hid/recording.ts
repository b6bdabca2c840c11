/**
 * hid-recorder text format reader (hid-tools `man/hid-recorder.md`, hidutils/hid-recorder): lines
 * `# comment`, `D: <n>`, `R: <len> <hex…>`, `N: <name>`, `P: <phys>`, `I: <bus> <vid> <pid>`,
 * `E:`/`B: <sec>.<usec> <len> <hex…>`.
 *
 * The reader goes one line at a time over a string or string chunks and hands each event to a
 * callback as a reused view (no per-event allocation beyond a subarray), so a 1 h @ 1 kHz recording
 * streams without building 3.6 M objects. {@link parseRecording} collects everything for small files.
 */
import { err, ok, type Result } from '../result.js';
import type { RecordingError, RecordingErrorCode } from './errors.js';

export interface RecordedDevice {
	/** `D:` index; 0 when the file has none. */
	readonly index: number;
	name?: string;
	phys?: string;
	bus?: number;
	vendor?: number;
	product?: number;
	descriptor?: Uint8Array;
}

export type EventKind = 'E' | 'B';

/** A recorded report as handed to the callback: valid only during the call. */
export interface EventView {
	kind: EventKind;
	device: number;
	sec: number;
	usec: number;
	/** Bytes of the report; a view into a reused buffer. */
	data: Uint8Array;
	line: number;
}

export interface RecordedEvent {
	readonly kind: EventKind;
	readonly device: number;
	readonly sec: number;
	readonly usec: number;
	readonly data: Uint8Array;
}

export interface Recording {
	readonly devices: RecordedDevice[];
	readonly events: RecordedEvent[];
	readonly comments: string[];
}

// Hex digit values by char code, -1 for anything else.
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
	HEX[65 + i] = 10 + i;
	HEX[97 + i] = 10 + i;
}

/** Streaming reader. Feed chunks (any split), then call `end()`; the first error stops reading. */
export class RecordingReader {
	readonly devices: RecordedDevice[] = [];
	#current = 0;
	#lineNo = 0;
	#rest = '';
	#buf = new Uint8Array(256);
	#error: RecordingError | undefined;
	#dev: RecordedDevice | undefined;
	readonly #view: EventView = { kind: 'E', device: 0, sec: 0, usec: 0, data: new Uint8Array(0), line: 0 };
	readonly #onEvent: (e: EventView) => void;
	readonly #onComment: ((text: string, line: number) => void) | undefined;

	constructor(onEvent: (e: EventView) => void, onComment?: (text: string, line: number) => void) {
		this.#onEvent = onEvent;
		this.#onComment = onComment;
	}

	get error(): RecordingError | undefined {
		return this.#error;
	}

	/** Feeds text; complete lines are parsed now, a trailing partial line waits for more. */
	feed(chunk: string): RecordingError | undefined {
		if (this.#error) return this.#error;
		let text = this.#rest ? this.#rest + chunk : chunk;
		let start = 0;
		for (;;) {
			const nl = text.indexOf('\n', start);
			if (nl < 0) break;
			const e = this.#parse(text, start, nl);
			if (e) return e;
			start = nl + 1;
		}
		text = text.slice(start);
		this.#rest = text;
		return undefined;
	}

	end(): RecordingError | undefined {
		if (this.#error) return this.#error;
		if (this.#rest) {
			const last = this.#rest;
			this.#rest = '';
			return this.line(last);
		}
		return undefined;
	}

	#fail(code: RecordingErrorCode, message: string): RecordingError {
		this.#error = { code, line: this.#lineNo, message: `line ${this.#lineNo}: ${message}` };
		return this.#error;
	}

	#device(): RecordedDevice {
		let d = this.#dev;
		if (d?.index === this.#current) return d;
		d = this.devices.find((x) => x.index === this.#current);
		if (!d) {
			d = { index: this.#current };
			this.devices.push(d);
		}
		this.#dev = d;
		return d;
	}

	/** Parses one line (without its newline). */
	line(raw: string): RecordingError | undefined {
		return this.#parse(raw, 0, raw.length);
	}

	/** Parses `s[start, stop)` as one line; no slicing on the hot `E:` path. */
	#parse(s: string, start: number, stop: number): RecordingError | undefined {
		if (this.#error) return this.#error;
		this.#lineNo++;
		// A file saved by some editors starts with a UTF-8 byte order mark.
		if (this.#lineNo === 1 && s.charCodeAt(start) === 0xfeff) start++;
		// The Rust recorder ends data lines with a space; files may have CRLF.
		let end = stop;
		while (end > start && s.charCodeAt(end - 1) <= 32) end--;
		if (end === start) return undefined;
		const c0 = s.charCodeAt(start);
		if (c0 === 35 /* # */) {
			this.#onComment?.(s.slice(start + 1, end).replace(/^ /, ''), this.#lineNo);
			return undefined;
		}
		if (
			end - start < 2 ||
			s.charCodeAt(start + 1) !== 58 /* : */ ||
			(end - start > 2 && s.charCodeAt(start + 2) !== 32)
		)
			return this.#fail(
				'bad-line',
				`not a hid-recorder line: ${JSON.stringify(s.slice(start, Math.min(end, start + 40)))}`,
			);
		if (c0 === 69 /* E */ || c0 === 66 /* B */) return this.#event(c0 === 69 ? 'E' : 'B', s, start + 3, end);
		const raw = s.slice(start, end);
		end = raw.length;
		const body = raw.slice(3, end);
		switch (raw[0]) {
			case 'R': {
				const bytes = this.#lengthPrefixed(raw, 3, end, 'R:');
				if (!bytes) return this.#error;
				this.#device().descriptor = bytes.slice();
				return undefined;
			}
			case 'N':
				this.#device().name = body;
				return undefined;
			case 'P':
				this.#device().phys = body;
				return undefined;
			case 'I': {
				const parts = body.trim().split(/\s+/);
				const nums = parts.map((p) => (/^[0-9a-fA-F]{1,8}$/.test(p) ? parseInt(p, 16) : NaN));
				if (nums.length !== 3 || nums.some((n) => Number.isNaN(n) || n > 0xffff))
					return this.#fail(
						'bad-device-info',
						`I: needs "<bus> <vid> <pid>" in hex, got ${JSON.stringify(body)}`,
					);
				const d = this.#device();
				[d.bus, d.vendor, d.product] = nums as [number, number, number];
				return undefined;
			}
			case 'D': {
				if (!/^\s*\d+$/.test(body))
					return this.#fail('bad-device-index', `D: needs a decimal index, got ${JSON.stringify(body)}`);
				this.#current = parseInt(body, 10);
				this.#device();
				return undefined;
			}
			default:
				// Unknown prefixes are skipped, as hid-replay does, for forward compatibility.
				return undefined;
		}
	}

	/** Parses `<len> <hex> <hex> …` starting at `i`; fills the reused buffer; undefined on error. */
	#lengthPrefixed(s: string, i: number, end: number, what: string): Uint8Array | undefined {
		let len = 0;
		let digits = 0;
		while (i < end) {
			const c = s.charCodeAt(i);
			if (c < 48 || c > 57) break;
			len = len * 10 + (c - 48);
			digits++;
			i++;
		}
		if (digits === 0 || (i < end && s.charCodeAt(i) !== 32)) {
			this.#fail('bad-length', `${what} expected a decimal length`);
			return undefined;
		}
		if (this.#buf.length < len) this.#buf = new Uint8Array(Math.max(len, this.#buf.length * 2));
		const buf = this.#buf;
		let n = 0;
		while (i < end) {
			while (i < end && s.charCodeAt(i) === 32) i++;
			if (i >= end) break;
			const hi = HEX[s.charCodeAt(i)] ?? -1;
			const lo = i + 1 < end ? (HEX[s.charCodeAt(i + 1)] ?? -1) : -1;
			const after = i + 2 < end ? s.charCodeAt(i + 2) : 32;
			if (hi < 0 || lo < 0 || after !== 32) {
				this.#fail('bad-hex', `${what} byte ${n + 1} is not two hex digits`);
				return undefined;
			}
			if (n >= len) {
				this.#fail('bad-length', `${what} has more bytes than its length ${len}`);
				return undefined;
			}
			buf[n++] = (hi << 4) | lo;
			i += 2;
		}
		if (n !== len) {
			this.#fail('bad-length', `${what} declares ${len} bytes but has ${n}`);
			return undefined;
		}
		return buf.subarray(0, len);
	}

	#event(kind: EventKind, s: string, i: number, end: number): RecordingError | undefined {
		let sec = 0;
		let usec = 0;
		let dot = false;
		let digits = 0;
		let udigits = 0;
		for (; i < end; i++) {
			const c = s.charCodeAt(i);
			if (c === 46 && !dot) dot = true;
			else if (c >= 48 && c <= 57) {
				if (dot) {
					usec = usec * 10 + (c - 48);
					udigits++;
				} else {
					sec = sec * 10 + (c - 48);
					digits++;
				}
			} else break;
		}
		// `<sec>.<usec>`: both integers, as hid-tools replay.py parses them (`{sec:d}.{usec:d}`), so
		// `2.5` is 2 s 5 µs there and here; recorders always write six digits after the dot.
		if (!dot || digits === 0 || udigits === 0 || udigits > 6 || i >= end || s.charCodeAt(i) !== 32)
			return this.#fail('bad-timestamp', `${kind}: expected <sec>.<usec> timestamp`);
		const data = this.#lengthPrefixed(s, i + 1, end, `${kind}:`);
		if (!data) return this.#error;
		const dev = this.#device();
		if (!dev.descriptor) return this.#fail('event-before-descriptor', `${kind}: before the device's R: line`);
		const v = this.#view;
		v.kind = kind;
		v.device = this.#current;
		v.sec = sec;
		v.usec = usec;
		v.data = data;
		v.line = this.#lineNo;
		this.#onEvent(v);
		return undefined;
	}
}

/** Reads a whole recording into memory (events copied). */
export function parseRecording(text: string | Iterable<string>): Result<Recording, RecordingError> {
	const events: RecordedEvent[] = [];
	const comments: string[] = [];
	const reader = new RecordingReader(
		(e) => events.push({ kind: e.kind, device: e.device, sec: e.sec, usec: e.usec, data: e.data.slice() }),
		(c) => comments.push(c),
	);
	for (const chunk of typeof text === 'string' ? [text] : text) {
		const e = reader.feed(chunk);
		if (e) return err(e);
	}
	const e = reader.end();
	if (e) return err(e);
	return ok({ devices: reader.devices, events, comments });
}
