// Reader thread for all uhid devices of a test process (see uhid.mjs). It answers the kernel's
// GET_REPORT/SET_REPORT requests from per-device tables, so they are answered even while the test's
// main thread is blocked in a synchronous call (execFileSync of a loader, writeFileSync to a sysfs
// bind file): the kernel re-probes the device inside such calls and waits up to 5 s per request.
// One thread per process, not per device: starting a worker costs 1.5–2 s under TCG.
//
// Control messages (from uhid.mjs, each acknowledged with { type: 'ack', seq } once applied):
//   add { id, fd, shared, getAnswers, setReportError }   remove { id }   ping { id }
//   get-answer { id, rnum, answer }   set-error { id, errno }
// Reports to the main thread: { id, type: 'output' | 'get' | 'set' | 'error', … }.
import { Buffer } from 'node:buffer';
import { readSync, writeSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';

const { eventSize, dataMax, control } = workerData;
const [STARTS, STOPS, OPENED] = [0, 1, 2]; // indexes in each device's shared Int32Array
const T = { START: 2, STOP: 3, OPEN: 4, CLOSE: 5, OUTPUT: 6, GET: 9, GET_REPLY: 10, SET: 13, SET_REPLY: 14 };
const EIO = 5;

/** @type {Map<number, { fd: number, state: Int32Array, getAnswers: Map<number, number[] | number>, setReportError: number }>} */
const devices = new Map();
const buf = Buffer.alloc(eventSize);
const idle = new Int32Array(new SharedArrayBuffer(4)); // only used to sleep

function handle(id, d) {
	const post = (m) => parentPort.postMessage({ id, ...m });
	switch (buf.readUInt32LE(0)) {
		case T.START:
			Atomics.add(d.state, STARTS, 1);
			break;
		case T.STOP:
			Atomics.add(d.state, STOPS, 1);
			break;
		case T.OPEN:
			Atomics.store(d.state, OPENED, 1);
			break;
		case T.CLOSE:
			Atomics.store(d.state, OPENED, 0);
			break;
		case T.OUTPUT: {
			const size = buf.readUInt16LE(4 + dataMax);
			post({ type: 'output', rtype: buf[4 + dataMax + 2], data: new Uint8Array(buf.subarray(4, 4 + size)) });
			break;
		}
		case T.GET: {
			const [reqId, rnum, rtype] = [buf.readUInt32LE(4), buf[8], buf[9]];
			const answer = d.getAnswers.get(rnum);
			const data = typeof answer === 'number' || answer === undefined ? [] : answer;
			const err = typeof answer === 'number' ? answer : answer === undefined ? EIO : 0;
			const reply = Buffer.alloc(12 + data.length);
			reply.writeUInt32LE(T.GET_REPLY, 0);
			reply.writeUInt32LE(reqId, 4);
			reply.writeUInt16LE(err, 8);
			reply.writeUInt16LE(data.length, 10);
			Buffer.from(data).copy(reply, 12);
			writeSync(d.fd, reply);
			post({ type: 'get', rnum, rtype, err });
			break;
		}
		case T.SET: {
			const [reqId, rnum, rtype] = [buf.readUInt32LE(4), buf[8], buf[9]];
			const data = new Uint8Array(buf.subarray(12, 12 + buf.readUInt16LE(10)));
			const reply = Buffer.alloc(10);
			reply.writeUInt32LE(T.SET_REPLY, 0);
			reply.writeUInt32LE(reqId, 4);
			reply.writeUInt16LE(d.setReportError, 8);
			writeSync(d.fd, reply);
			post({ type: 'set', rnum, rtype, data, err: d.setReportError });
			break;
		}
		default: // other types are not sent by current kernels
	}
}

/** Handle every event queued on one device; true if there was any. A read error ends the device. */
function drain(id, d) {
	let any = false;
	try {
		for (;;) {
			let n;
			try {
				n = readSync(d.fd, buf, 0, eventSize, null);
			} catch (e) {
				if (e.code === 'EAGAIN') return any;
				throw e;
			}
			if (n < 4) return any;
			handle(id, d);
			any = true;
		}
	} catch (e) {
		devices.delete(id);
		parentPort.postMessage({ id, type: 'error', message: `uhid reader: ${e.message}` });
		return any;
	}
}

/** Apply control messages. Our loop never yields to the event loop, so they are drained here. */
function receiveControl() {
	for (let r; (r = receiveMessageOnPort(control));) {
		const m = r.message;
		const d = devices.get(m.id);
		switch (m.type) {
			case 'add':
				devices.set(m.id, {
					fd: m.fd,
					state: new Int32Array(m.shared),
					getAnswers: new Map(Object.entries(m.getAnswers).map(([k, v]) => [Number(k), v])),
					setReportError: m.setReportError,
				});
				break;
			case 'remove':
				// After the ack the main thread closes the fd: never touch it again.
				devices.delete(m.id);
				break;
			case 'ping':
				// Everything the kernel queued so far is handled and reported before the ack.
				if (d) drain(m.id, d);
				break;
			case 'get-answer':
				d?.getAnswers.set(m.rnum, m.answer);
				break;
			case 'set-error':
				if (d) d.setReportError = m.errno;
				break;
			default:
		}
		parentPort.postMessage({ type: 'ack', seq: m.seq });
	}
}

parentPort.postMessage({ type: 'ready' });
for (;;) {
	receiveControl();
	let any = false;
	for (const [id, d] of devices) any = drain(id, d) || any;
	// Nothing queued: sleep 2 ms (kernel requests are answered within that).
	if (!any) Atomics.wait(idle, 0, 0, 2);
}
