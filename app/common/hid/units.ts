/**
 * HID Unit item text (HID 1.11 §6.2.2.7, table "Unit"): nibble 0 is the system, nibbles 1–6 are
 * signed 4-bit exponents of length, mass, time, temperature, current and luminous intensity.
 */
import { signExtend } from './items.js';

const SYSTEMS = ['None', 'SI Linear', 'SI Rotation', 'English Linear', 'English Rotation'];
const UNITS: readonly (readonly string[])[] = [
	// per system 1..4
	['cm', 'rad', 'in', 'deg'],
	['g', 'g', 'slug', 'slug'],
	['s', 's', 's', 's'],
	['K', 'K', '°F', '°F'],
	['A', 'A', 'A', 'A'],
	['cd', 'cd', 'cd', 'cd'],
];
const SUP: Readonly<Record<string, string>> = {
	'-': '⁻',
	'1': '¹',
	'2': '²',
	'3': '³',
	'4': '⁴',
	'5': '⁵',
	'6': '⁶',
	'7': '⁷',
	'8': '⁸',
};
const sup = (n: number): string => (n === 1 ? '' : Array.from(String(n), (c) => SUP[c] ?? c).join(''));

/** `English Linear: in`, `SI Linear: cm·s⁻¹`, `None` … */
export function unitText(raw: number): string {
	const system = raw & 0xf;
	if (system === 0) return raw === 0 ? 'None' : `0x${raw.toString(16)}`;
	const name = SYSTEMS[system] ?? `Vendor system ${system}`;
	const parts: string[] = [];
	for (let k = 1; k <= 6; k++) {
		const e = signExtend(Math.floor(raw / 16 ** k) & 0xf, 4);
		if (e !== 0) parts.push(`${UNITS[k - 1]![system - 1] ?? '?'}${sup(e)}`);
	}
	return parts.length ? `${name}: ${parts.join('·')}` : name;
}
