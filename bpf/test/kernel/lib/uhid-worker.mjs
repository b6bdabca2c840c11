// Reader thread of a uhid device (see uhid.mjs). It answers the kernel's GET_REPORT/SET_REPORT
// requests from a table, so they are answered even while the test's main thread is blocked in a
// synchronous call (execFileSync of a loader, writeFileSync to a sysfs bind file): the kernel
// re-probes the device inside such calls and waits up to 5 s per unanswered request.
import { Buffer } from 'node:buffer';
import { readSync, writeSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';

const { fd, shared, eventSize, dataMax, control } = workerData;
const state = new Int32Array(shared); // [stop, starts, stops, opened]
const [STOP, STARTS, STOPS, OPENED] = [0, 1, 2, 3];
const T = { START: 2, STOP: 3, OPEN: 4, CLOSE: 5, OUTPUT: 6, GET: 9, GET_REPLY: 10, SET: 13, SET_REPLY: 14 };
const EIO = 5;

/** rnum → bytes (answer) or number (errno); updated by the main thread. */
const getAnswers = new Map(Object.entries(workerData.getAnswers).map(([k, v]) => [Number(k), v]));
let setReportError = workerData.setReportError;

/** Apply answer-table updates from the main thread. Our loop never yields to the event loop, so
 * they come through a MessagePort drained synchronously. */
function receivePending() {
	for (let r; (r = receiveMessageOnPort(control));) {
		const m = r.message;
		if (m.type === 'get-answer') getAnswers.set(m.rnum, m.answer);
		if (m.type === 'set-error') setReportError = m.errno;
		if (m.type === 'ping') {
			// Handle everything the kernel has queued so far, then answer: the main thread then
			// knows all log messages sent before the pong have arrived (ports keep order).
			while (readOne()) {
				/* handled */
			}
			parentPort.postMessage({ type: 'pong', id: m.id });
		}
	}
}

function handle(buf) {
	switch (buf.readUInt32LE(0)) {
		case T.START:
			Atomics.add(state, STARTS, 1);
			break;
		case T.STOP:
			Atomics.add(state, STOPS, 1);
			break;
		case T.OPEN:
			Atomics.store(state, OPENED, 1);
			break;
		case T.CLOSE:
			Atomics.store(state, OPENED, 0);
			break;
		case T.OUTPUT: {
			const size = buf.readUInt16LE(4 + dataMax);
			parentPort.postMessage({
				type: 'output',
				rtype: buf[4 + dataMax + 2],
				data: new Uint8Array(buf.subarray(4, 4 + size)),
			});
			break;
		}
		case T.GET: {
			const [id, rnum, rtype] = [buf.readUInt32LE(4), buf[8], buf[9]];
			const answer = getAnswers.get(rnum);
			const data = typeof answer === 'number' || answer === undefined ? [] : answer;
			const err = typeof answer === 'number' ? answer : answer === undefined ? EIO : 0;
			const reply = Buffer.alloc(12 + data.length);
			reply.writeUInt32LE(T.GET_REPLY, 0);
			reply.writeUInt32LE(id, 4);
			reply.writeUInt16LE(err, 8);
			reply.writeUInt16LE(data.length, 10);
			Buffer.from(data).copy(reply, 12);
			writeSync(fd, reply);
			parentPort.postMessage({ type: 'get', rnum, rtype, err });
			break;
		}
		case T.SET: {
			const [id, rnum, rtype] = [buf.readUInt32LE(4), buf[8], buf[9]];
			const data = new Uint8Array(buf.subarray(12, 12 + buf.readUInt16LE(10)));
			const reply = Buffer.alloc(10);
			reply.writeUInt32LE(T.SET_REPLY, 0);
			reply.writeUInt32LE(id, 4);
			reply.writeUInt16LE(setReportError, 8);
			writeSync(fd, reply);
			parentPort.postMessage({ type: 'set', rnum, rtype, data, err: setReportError });
			break;
		}
		default: // other types are not sent by current kernels
	}
}

const buf = Buffer.alloc(eventSize);

/** Read and handle one event; false when none is queued. */
function readOne() {
	let n = 0;
	try {
		n = readSync(fd, buf, 0, eventSize, null);
	} catch (e) {
		if (e.code !== 'EAGAIN') throw e;
	}
	if (n < 4) return false;
	handle(buf);
	return true;
}

try {
	while (Atomics.load(state, STOP) === 0) {
		receivePending();
		// Nothing queued: sleep 2 ms, or until the main thread sets STOP and notifies.
		if (!readOne()) Atomics.wait(state, STOP, 0, 2);
	}
} catch (e) {
	parentPort.postMessage({ type: 'error', message: `uhid reader: ${e.message}` });
}
