/**
 * What `hidfix decode` was given, turned into a recording-shaped value: a hid-recorder file, a raw
 * descriptor file (`*.hid.bin`, `rdesc.bin`, sysfs `report_descriptor`), or a live `/dev/hidrawN`
 * (its descriptor read from sysfs: Node has no ioctl for HIDIOCGRDESC, and sysfs holds the same
 * bytes, notes/hid-bpf.md §3).
 */
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { decodeUtf8 } from '../../common/bundle/utf8.js';
import { parseRecording, type Recording } from '../../common/hid/recording.js';
import { REPORT_LIMITS } from '../../common/report/archive.js';
import { reportError, type ReportError } from '../../common/report/errors.js';
import { err, ok, type Result } from '../../common/result.js';
import { hidrawSysname, parseUevent, readSysfsDevice } from './device-facts.js';
import { readReportBytes } from './report-file.js';

export type DecodeSource = 'recording' | 'descriptor' | 'hidraw';

/** Larger than any real descriptor (HID_MAX_DESCRIPTOR_SIZE is 4096), small enough to refuse a random file. */
const MAX_DESCRIPTOR = 65_536;

function looksLikeRecording(text: string): boolean {
	const first = text.split('\n').find((l) => l.trim() !== '');
	return first !== undefined && /^(#|[A-Z]: ?)/.test(first);
}

async function ueventDevice(path: string) {
	const text = await readFile(join(dirname(path), 'uevent'), 'utf8').catch(() => undefined);
	const u = parseUevent(text ?? '');
	const [bus, vendor, product] = (u.get('HID_ID') ?? '').split(':').map((x) => Number.parseInt(x, 16));
	return {
		...(u.has('HID_NAME') && { name: u.get('HID_NAME')! }),
		...(bus !== undefined && !Number.isNaN(bus) && { bus, vendor: vendor ?? 0, product: product ?? 0 }),
	};
}

export async function readDecodeInput(
	path: string,
	sysfs = '/sys',
): Promise<Result<{ source: DecodeSource; recording: Pick<Recording, 'devices' | 'events'> }, ReportError>> {
	if (/^\/dev\/hidraw\d+$/.test(path)) {
		const sysname = await hidrawSysname(path, sysfs);
		if (!sysname.ok) return sysname;
		const d = await readSysfsDevice(sysname.value, sysfs);
		if (!d.ok) return d;
		const { name, bus, vendor, product, descriptor } = d.value;
		return ok({
			source: 'hidraw',
			recording: { devices: [{ index: 0, name, bus, vendor, product, descriptor }], events: [] },
		});
	}
	const bytes = await readReportBytes(path, REPORT_LIMITS, 'the file');
	if (!bytes.ok) return bytes;
	const text = decodeUtf8(bytes.value);
	if (text !== undefined && looksLikeRecording(text)) {
		const rec = parseRecording(text);
		if (!rec.ok)
			return err(
				reportError('recording-invalid', `${path} is not a valid hid-recorder file: ${rec.error.message}`, {
					entry: path,
					line: rec.error.line,
				}),
			);
		if (!rec.value.devices.some((d) => d.descriptor))
			return err(
				reportError(
					'recording-invalid',
					`${path} has no R: line (no report descriptor): nothing to decode.`,
					{ entry: path },
				),
			);
		return ok({ source: 'recording', recording: rec.value });
	}
	if (bytes.value.length === 0 || bytes.value.length > MAX_DESCRIPTOR)
		return err(
			reportError(
				'descriptor-invalid',
				`${path} is neither a hid-recorder file nor a report descriptor (${bytes.value.length} bytes).`,
				{ entry: path },
			),
		);
	// A sysfs report_descriptor has a uevent beside it with the device's name and ids.
	const dev = path.endsWith('/report_descriptor') ? await ueventDevice(path) : {};
	return ok({
		source: 'descriptor',
		recording: { devices: [{ index: 0, ...dev, descriptor: bytes.value }], events: [] },
	});
}
