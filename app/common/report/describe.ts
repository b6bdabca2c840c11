/**
 * The decoded form of a report descriptor as it goes into `rdesc-*.txt` and `hidfix decode`: the
 * hid-decode / hid-recorder header (items as `#` comments, then `R:`, `N:`, `I:`), so the file is
 * itself a valid hid-recorder file without events, followed by a per-report summary.
 */
import { parseDescriptor } from '../hid/parser.js';
import { summarizeReports } from '../hid/printer.js';
import { formatDeviceHeader } from '../hid/recording-writer.js';
import { safeLine } from './text.js';

export interface DescribedDevice {
	readonly name?: string;
	readonly bus?: number;
	readonly vendor?: number;
	readonly product?: number;
}

export function describeDescriptor(bytes: Uint8Array, device: DescribedDevice = {}): string[] {
	const lines = formatDeviceHeader({
		index: 0,
		descriptor: bytes,
		// A name with a newline would end the N: line early and inject lines into the file.
		...(device.name !== undefined && { name: safeLine(device.name) }),
		...(device.bus !== undefined && { bus: device.bus }),
		...(device.vendor !== undefined && { vendor: device.vendor }),
		...(device.product !== undefined && { product: device.product }),
	});
	const parsed = parseDescriptor(bytes);
	if (!parsed.ok) return lines;
	lines.push(`# Report descriptor length: ${bytes.length} bytes`);
	for (const note of parsed.value.notes) lines.push(`# Note at byte ${note.offset}: ${note.message}`);
	lines.push('# Reports:', ...summarizeReports(parsed.value).map((l) => `#   ${l}`));
	return lines;
}
