// Virtual HID devices through /dev/uhid: the kernel treats them like real hardware (hid-core parses
// the descriptor, hid-generic binds, hidraw and evdev nodes appear, HID-BPF programs attach).
//
// Struct layouts follow include/uapi/linux/uhid.h (all __packed__, little-endian on x86):
//   struct uhid_event { __u32 type; union { … } u; }            payload at offset 4
//   uhid_create2_req  name[128] phys[64] uniq[64] u16 rd_size u16 bus u32 vendor u32 product
//                     u32 version u32 country u8 rd_data[4096]          (4372 bytes)
//   uhid_input2_req   u16 size, u8 data[4096]
//   uhid_output_req   u8 data[4096], u16 size, u8 rtype
//   uhid_get_report_req      u32 id, u8 rnum, u8 rtype
//   uhid_get_report_reply_req u32 id, u16 err, u16 size, u8 data[4096]
//   uhid_set_report_req      u32 id, u8 rnum, u8 rtype, u16 size, u8 data[4096]
//   uhid_set_report_reply_req u32 id, u16 err
// /dev/uhid is opened non-blocking and polled by a worker thread (uhid-worker.mjs): a blocking
// read() could never be interrupted at destroy(), and answering from the main thread's event loop
// would deadlock whenever the test blocks in a synchronous call that makes the kernel re-probe.
import { execFileSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { loadRdesc, loadRecording, idsFromName } from './fixtures.mjs';
import { listHidDevices, readSysfsRdesc, readUevent, resolveHidNodes, HID_DEVICES } from './sysfs.mjs';
import { DEFAULT_TIMEOUT_MS, waitFor } from './wait.mjs';

/** `enum uhid_event_type` values used here. */
export const UHID = Object.freeze({
	DESTROY: 1,
	START: 2,
	STOP: 3,
	OPEN: 4,
	CLOSE: 5,
	OUTPUT: 6,
	GET_REPORT: 9,
	GET_REPORT_REPLY: 10,
	CREATE2: 11,
	INPUT2: 12,
	SET_REPORT: 13,
	SET_REPORT_REPLY: 14,
});

/** `enum uhid_report_type`. */
export const UHID_REPORT = Object.freeze({ FEATURE: 0, OUTPUT: 1, INPUT: 2 });

const EVENT_SIZE = 4 + 4372; // sizeof(struct uhid_event): type + largest member (create2)
const DATA_MAX = 4096;
let instance = 0;

/**
 * Load the modules kernel tests need: uhid, hid-generic (nothing autoloads without udevd) and evdev.
 * Idempotent. Throws a clear error outside the test VM.
 */
export function ensureModules() {
	try {
		execFileSync('modprobe', ['-a', 'uhid', 'hid-generic', 'evdev'], { timeout: 30_000, stdio: 'pipe' });
	} catch (e) {
		throw new Error(
			`modprobe uhid hid-generic evdev failed (${e.stderr?.toString().trim() || e.message}). ` +
				'Kernel tests need a kernel with uhid and CONFIG_HID_BPF: run them with `npm run test:kernel`.',
		);
	}
	if (!existsSync('/dev/uhid')) throw new Error('/dev/uhid missing after modprobe uhid');
}

/**
 * @typedef {object} UhidOptions
 * @property {Uint8Array} rdesc     report descriptor (≤ 4096 bytes)
 * @property {string} [name]        device name (HID_NAME), default `hidfix test device`
 * @property {string} [phys]        physical path (HID_PHYS); must be unique among live devices because
 *                                  it is how the new sysfs device is found. Default: generated.
 * @property {string} [uniq]        serial (HID_UNIQ), default ''
 * @property {number} [bus]         BUS_USB = 3 (default), BUS_BLUETOOTH = 5, BUS_I2C = 0x18
 * @property {number} [vendor]      default 0x1234
 * @property {number} [product]     default 0x5678
 * @property {number} [version]
 * @property {number} [country]
 * @property {Record<number, Uint8Array | number[] | number>} [getReportAnswers]
 *   Answers to GET_REPORT by report number: bytes (report ID first for numbered reports) or an errno.
 *   Unlisted reports get EIO. Requests are answered by a reader thread, so a test may block its
 *   main thread (execFileSync) while the kernel re-probes; the kernel waits up to 5 s per request.
 * @property {number} [setReportError] errno for SET_REPORT requests (default 0 = accept); all are
 *   logged in `setReports`. Matters for mice with a Resolution Multiplier feature (msmouse): when
 *   accepted, hid-input switches to hi-res wheel (REL_WHEEL_HI_RES 30 per unit, REL_WHEEL only
 *   every few units); with 5 (EIO) each wheel unit gives REL_WHEEL 1 + REL_WHEEL_HI_RES 120.
 * @property {number} [timeoutMs]   how long to wait for the device to be bound (default DEFAULT_TIMEOUT_MS, 20 s)
 */

/**
 * The process-wide reader thread (uhid-worker.mjs), started on first use. Unref'd: it never keeps
 * a test process alive (an open uhid fd is closed, and its device destroyed, at exit).
 */
let reader;
let seq = 0;

async function getReader() {
	if (!reader) {
		const { port1, port2 } = new MessageChannel();
		const worker = new Worker(new URL('./uhid-worker.mjs', import.meta.url), {
			workerData: { eventSize: EVENT_SIZE, dataMax: DATA_MAX, control: port2 },
			transferList: [port2],
		});
		const r = { worker, control: port1, ready: false, error: undefined, acks: new Set(), devices: new Map() };
		worker.on('message', (m) => {
			if (m.type === 'ready') r.ready = true;
			else if (m.type === 'ack') r.acks.add(m.seq);
			else r.devices.get(m.id)?.(m);
		});
		worker.on('error', (e) => (r.error = e));
		worker.on('exit', (code) => (r.error ??= new Error(`uhid reader thread exited (${code})`)));
		worker.unref();
		port1.unref();
		reader = r;
	}
	const r = reader;
	await waitFor(() => (throwIf(r.error), r.ready), { what: 'the uhid reader thread to start' });
	return r;
}

function throwIf(error) {
	if (error) throw error;
}

/** Send a control message to the reader thread and wait until it has been applied. */
async function control(message) {
	const r = await getReader();
	const s = ++seq;
	r.control.postMessage({ ...message, seq: s });
	await waitFor(() => (throwIf(r.error), r.acks.delete(s)), {
		what: `the uhid reader thread (${message.type})`,
	});
}

/** A uhid device. Create with {@link createUhidDevice} or {@link createFromFixture}. */
export class UhidDevice {
	/** @type {import('./sysfs.mjs').HidNodes} Nodes as of the last resolve/reresolve. */
	nodes;
	/** @type {{ rtype: number, data: Uint8Array }[]} UHID_OUTPUT reports received (e.g. LEDs). */
	outputs = [];
	/** @type {{ rnum: number, rtype: number, err: number }[]} GET_REPORT requests and our errno. */
	getReports = [];
	/** @type {{ rnum: number, rtype: number, data: Uint8Array, err: number }[]} SET_REPORT requests. */
	setReports = [];
	/** The options it was created with (rdesc, ids, name, phys…). */
	options;

	#fd;
	#id;
	#state; // Int32Array shared with the reader thread: [starts, stops, opened]
	#error;
	#startsAtResolve = 0;

	/** Internal: use createUhidDevice(). @param {UhidOptions} options */
	constructor(options) {
		this.options = options;
		this.#id = ++seq;
		this.#state = new Int32Array(new SharedArrayBuffer(3 * 4));
	}

	/**
	 * Open /dev/uhid, register with the reader thread, then UHID_CREATE2. Registering first matters:
	 * the kernel's first GET/SET_REPORT arrives during the initial probe.
	 *
	 * @param {UhidOptions} o
	 */
	static async create(o) {
		const dev = new UhidDevice(o);
		const r = await getReader();
		r.devices.set(dev.#id, (m) => dev.#onMessage(m));
		dev.#fd = openSync('/dev/uhid', constants.O_RDWR | constants.O_NONBLOCK);
		await control({
			type: 'add',
			id: dev.#id,
			fd: dev.#fd,
			shared: dev.#state.buffer,
			getAnswers: Object.fromEntries(
				Object.entries(o.getReportAnswers ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : [...v]]),
			),
			setReportError: o.setReportError ?? 0,
		});
		const ev = Buffer.alloc(EVENT_SIZE);
		ev.writeUInt32LE(UHID.CREATE2, 0);
		cString(ev, 4, 128, o.name);
		cString(ev, 132, 64, o.phys);
		cString(ev, 196, 64, o.uniq);
		ev.writeUInt16LE(o.rdesc.length, 260);
		ev.writeUInt16LE(o.bus, 262);
		ev.writeUInt32LE(o.vendor, 264);
		ev.writeUInt32LE(o.product, 268);
		ev.writeUInt32LE(o.version, 272);
		ev.writeUInt32LE(o.country, 276);
		Buffer.from(o.rdesc).copy(ev, 280);
		try {
			writeSync(dev.#fd, ev);
			// hid_add_device runs in a kernel worker after the write returns; find it by its phys.
			const sysname = await waitFor(
				() =>
					listHidDevices().find((s) => {
						try {
							return readUevent(`${HID_DEVICES}/${s}/uevent`).HID_PHYS === o.phys;
						} catch {
							return false; // a device vanishing while we scan
						}
					}),
				{ timeoutMs: o.timeoutMs, what: `uhid device "${o.name}" (${o.phys}) in ${HID_DEVICES}` },
			);
			dev.nodes = resolveHidNodes(sysname);
			await dev.waitBound({ timeoutMs: o.timeoutMs });
			return dev;
		} catch (e) {
			await dev.destroy().catch(() => {});
			throw e;
		}
	}

	#onMessage(m) {
		if (m.type === 'output') this.outputs.push({ rtype: m.rtype, data: m.data });
		else if (m.type === 'get') this.getReports.push({ rnum: m.rnum, rtype: m.rtype, err: m.err });
		else if (m.type === 'set')
			this.setReports.push({ rnum: m.rnum, rtype: m.rtype, data: m.data, err: m.err });
		else if (m.type === 'error') this.#error = new Error(m.message);
	}

	get sysname() {
		return this.nodes.sysname;
	}
	get sysPath() {
		return this.nodes.sysPath;
	}
	/** `hid_id` for HID-BPF attach (stays the same across reconnects). */
	get hidId() {
		return this.nodes.hidId;
	}
	/** `/dev/hidrawN` as of the last (re)resolve. */
	get hidraw() {
		return this.nodes.hidraw;
	}
	/** `/dev/input/eventN` nodes as of the last (re)resolve. */
	get evdev() {
		return this.nodes.evdev;
	}
	/** Number of UHID_START events seen: a driver (re)bound. Each reconnect adds one. */
	get starts() {
		return Atomics.load(this.#state, 0);
	}
	/** Number of UHID_STOP events seen (driver unbound). */
	get stops() {
		return Atomics.load(this.#state, 1);
	}
	/** True between UHID_OPEN and UHID_CLOSE (someone has the hidraw or an evdev node open). */
	get opened() {
		return Atomics.load(this.#state, 2) === 1;
	}

	/**
	 * Set the answer to GET_REPORT for report number `rnum` (for later requests).
	 *
	 * @param {number} rnum report ID (0 for unnumbered)
	 * @param {Uint8Array | number[] | number} answer bytes (report ID first for numbered reports) or an errno
	 */
	async setGetReportAnswer(rnum, answer) {
		this.#check();
		await control({
			type: 'get-answer',
			id: this.#id,
			rnum,
			answer: typeof answer === 'number' ? answer : [...answer],
		});
	}

	/** Make later SET_REPORT requests fail with `errno` (0 = accept, the default). */
	async setSetReportError(errno) {
		this.#check();
		await control({ type: 'set-error', id: this.#id, errno });
	}

	/**
	 * Wait until the reader thread has handled every request the kernel queued so far, so that
	 * `getReports`/`setReports`/`outputs` are complete. These logs arrive as messages from the
	 * reader thread, i.e. only while this thread's event loop runs: call this after synchronous
	 * code (e.g. `hidrawInfo(…, { getFeature })`) and before asserting on them.
	 */
	async sync() {
		this.#check();
		await control({ type: 'ping', id: this.#id });
	}

	/**
	 * Send one input report (UHID_INPUT2), as if the device sent it over USB.
	 *
	 * @param {Uint8Array | number[]} bytes the report, report ID first for numbered reports
	 */
	send(bytes) {
		this.#check();
		if (bytes.length > DATA_MAX) throw new RangeError(`report of ${bytes.length} bytes > ${DATA_MAX}`);
		const ev = Buffer.alloc(4 + 2 + bytes.length);
		ev.writeUInt32LE(UHID.INPUT2, 0);
		ev.writeUInt16LE(bytes.length, 4);
		Buffer.from(bytes).copy(ev, 6);
		writeSync(this.#fd, ev);
	}

	/** Current report descriptor from sysfs (the fixed one if a HID-BPF rdesc fixup is attached). */
	readSysfsRdesc() {
		return readSysfsRdesc(this.nodes.sysPath);
	}

	/**
	 * Wait until the device is bound to a driver and has its hidraw node, then resolve its nodes.
	 *
	 * @param {{ timeoutMs?: number }} [opts]
	 * @returns {Promise<import('./sysfs.mjs').HidNodes>}
	 */
	async waitBound({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
		const sysname = this.nodes.sysname;
		this.nodes = await waitFor(
			() => {
				this.#check();
				let n;
				try {
					n = resolveHidNodes(sysname);
				} catch (e) {
					if (e.code === 'ENOENT') return false; // nodes being torn down/recreated right now
					throw e;
				}
				return n.driver && n.hidraw && existsSync(n.hidraw) && n.evdev.every((e) => existsSync(e)) && n;
			},
			{ timeoutMs, what: `${sysname} to be bound with a hidraw node` },
		);
		this.#startsAtResolve = this.starts;
		return this.nodes;
	}

	/**
	 * Re-resolve hidraw/evdev after a reconnect. Attaching or detaching a HID-BPF rdesc fixup (or a
	 * driver rebind) re-probes the device: input devices come back with new numbers, the hidraw node
	 * is recreated, and fds opened before are dead. Reopen nodes after this returns.
	 *
	 * @param {{ expectReconnect?: boolean, timeoutMs?: number }} [opts]
	 *   expectReconnect (default true): also wait until a new UHID_START was seen since the last
	 *   resolve, i.e. the re-probe really happened (so a slow re-probe is not mistaken for done).
	 *   Pass false after operations that may or may not reconnect (event-only programs do not).
	 * @returns {Promise<import('./sysfs.mjs').HidNodes>}
	 */
	async reresolve({ expectReconnect = true, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
		if (expectReconnect) {
			const before = this.#startsAtResolve;
			await waitFor(() => (this.#check(), this.starts > before), {
				timeoutMs,
				what: `${this.nodes.sysname} to reconnect (UHID_START)`,
			});
		}
		return this.waitBound({ timeoutMs });
	}

	/**
	 * Destroy the device (UHID_DESTROY) and wait until its sysfs dir is gone. Safe to call twice.
	 *
	 * @param {{ timeoutMs?: number }} [opts]
	 */
	async destroy({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
		if (this.#fd === undefined) return;
		const fd = this.#fd;
		this.#fd = undefined;
		try {
			// The reader must let go of the fd before it is closed (the number could be reused).
			await control({ type: 'remove', id: this.#id });
			reader.devices.delete(this.#id);
			const ev = Buffer.alloc(4);
			ev.writeUInt32LE(UHID.DESTROY, 0);
			writeSync(fd, ev);
		} finally {
			closeSync(fd);
		}
		const sysname = this.nodes?.sysname;
		if (sysname)
			await waitFor(() => !existsSync(`${HID_DEVICES}/${sysname}`), {
				timeoutMs,
				what: `${sysname} to disappear from sysfs`,
			});
	}

	/** Rethrow an error from the reader thread in the caller's stack. */
	#check() {
		throwIf(this.#error ?? reader?.error);
		if (this.#fd === undefined) throw new Error('uhid device already destroyed');
	}
}

function cString(buf, offset, size, value) {
	const bytes = Buffer.from(value, 'utf8').subarray(0, size - 1);
	bytes.copy(buf, offset);
}

/**
 * Create a uhid device and wait until it is bound (driver, hidraw node, evdev nodes).
 *
 * @param {UhidOptions} opts
 * @returns {Promise<UhidDevice>} with `.nodes` resolved: `{sysname, sysPath, hidId, driver, hidraw,
 *   inputs, evdev}`. Call `destroy()` when done (an `after()` hook is a good place).
 */
export async function createUhidDevice(opts) {
	const o = {
		name: 'hidfix test device',
		phys: `hidfix-uhid/${process.pid}/${++instance}`,
		uniq: '',
		bus: 3,
		vendor: 0x1234,
		product: 0x5678,
		version: 0,
		country: 0,
		timeoutMs: DEFAULT_TIMEOUT_MS,
		...opts,
	};
	if (!(o.rdesc instanceof Uint8Array) || o.rdesc.length === 0 || o.rdesc.length > DATA_MAX)
		throw new RangeError('rdesc must be a Uint8Array of 1–4096 bytes');
	if (!existsSync('/dev/uhid')) ensureModules();
	// Another live device with the same phys would make the lookup below ambiguous.
	if (listHidDevices().some((s) => readUevent(`${HID_DEVICES}/${s}/uevent`).HID_PHYS === o.phys))
		throw new Error(`a HID device with phys "${o.phys}" already exists`);

	return UhidDevice.create(o);
}

/**
 * Create a uhid device from a fixture in app/test/fixtures.
 * `*.hid.txt` (hid-recorder): name and ids from its `N:`/`I:` lines. `*.hid.bin`: ids from the
 * linuxwacom-style name (`…-0003-256C-006B.0002.hid.bin`) when present, else the defaults.
 *
 * @param {string} fixture file name, e.g. `msmouse.hid.txt`
 * @param {Partial<UhidOptions>} [overrides] any option, e.g. `{ vendor: 0x1234 }`
 * @returns {Promise<UhidDevice>}
 */
export async function createFromFixture(fixture, overrides = {}) {
	let base;
	if (fixture.endsWith('.hid.txt')) {
		const r = loadRecording(fixture);
		base = { rdesc: r.rdesc, name: r.name || fixture, bus: r.bus, vendor: r.vendor, product: r.product };
	} else {
		base = { rdesc: loadRdesc(fixture), name: fixture.replace(/\.hid\.bin$/, ''), ...idsFromName(fixture) };
	}
	return createUhidDevice({ ...base, ...overrides });
}
