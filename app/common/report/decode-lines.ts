/**
 * What `hidfix decode` prints: the hid-decode style description of each device (items, then a
 * per-report summary) followed, for recordings, by every event with its decoded values — the same
 * text hid-recorder writes, so the output is itself a valid recording.
 */
import { compileDecoder, namedValues, type ReportDecoder } from '../hid/decoder.js';
import { parseDescriptor } from '../hid/parser.js';
import { summarizeReports } from '../hid/printer.js';
import type { RecordedDevice, Recording } from '../hid/recording.js';
import { describeEvent, deviceNumbers, formatEvent, hexBytes } from '../hid/recording-writer.js';
import { describeDescriptor } from './describe.js';
import { safeLine } from './text.js';

export interface DecodedDevice {
	readonly index: number;
	readonly name: string | null;
	readonly bus: number | null;
	readonly vendor: number | null;
	readonly product: number | null;
	readonly descriptorBytes: number;
	/** The parse error, or null. */
	readonly error: string | null;
	readonly reports: readonly string[];
}

export interface DecodedEvent {
	readonly kind: 'E' | 'B';
	readonly device: number;
	readonly time: string;
	readonly bytes: string;
	/** Decoded with the device's descriptor (`E:` only; `B:` precede any fix, so they may not match it). */
	readonly decoded: ReturnType<typeof namedValues> | null;
}

export interface DecodeOutput {
	readonly lines: string[];
	readonly devices: DecodedDevice[];
	readonly events: DecodedEvent[];
	/** Some descriptor did not parse. */
	readonly failed: boolean;
}

export function decodeRecording(rec: Pick<Recording, 'devices' | 'events'>): DecodeOutput {
	const lines: string[] = [];
	const devices: DecodedDevice[] = [];
	const decoders = new Map<number, ReportDecoder>();
	const multi = rec.devices.length > 1;
	const numbers = deviceNumbers(rec.devices);
	for (const d of rec.devices) {
		if (multi) lines.push(`D: ${numbers.get(d.index)}`);
		const bytes = d.descriptor ?? new Uint8Array(0);
		lines.push(...describeDescriptor(bytes, deviceOf(d)));
		const p = parseDescriptor(bytes);
		if (p.ok) decoders.set(d.index, compileDecoder(p.value));
		devices.push({
			index: d.index,
			name: d.name === undefined ? null : safeLine(d.name),
			bus: d.bus ?? null,
			vendor: d.vendor ?? null,
			product: d.product ?? null,
			descriptorBytes: bytes.length,
			error: p.ok ? null : p.error.message,
			reports: p.ok ? summarizeReports(p.value) : [],
		});
	}
	const events: DecodedEvent[] = [];
	let current = multi ? -1 : (rec.devices[0]?.index ?? 0);
	for (const e of rec.events) {
		if (multi && e.device !== current) {
			current = e.device;
			lines.push(`D: ${numbers.get(current) ?? current}`);
		}
		const dec = e.kind === 'E' ? decoders.get(e.device) : undefined;
		const text = dec && describeEvent(dec, e.data);
		if (text) lines.push(`# ${text}`);
		lines.push(formatEvent(e.kind, e.sec, e.usec, e.data));
		const d = dec?.decode(e.data);
		events.push({
			kind: e.kind,
			device: e.device,
			time: `${String(e.sec).padStart(6, '0')}.${String(e.usec).padStart(6, '0')}`,
			bytes: hexBytes(e.data),
			decoded: d ? namedValues(d, e.data) : null,
		});
	}
	return { lines, devices, events, failed: devices.some((d) => d.error !== null) };
}

function deviceOf(d: RecordedDevice) {
	return {
		...(d.name !== undefined && { name: d.name }),
		...(d.bus !== undefined && { bus: d.bus }),
		...(d.vendor !== undefined && { vendor: d.vendor }),
		...(d.product !== undefined && { product: d.product }),
	};
}
