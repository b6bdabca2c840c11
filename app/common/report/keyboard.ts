/**
 * What counts as typed text, for redaction (notes/hid-bpf.md §9, §11.10: keyboard recordings contain
 * passwords).
 *
 * hidraw: any input field that declares a Keyboard/Keypad page (0x07) usage, variable (modifier
 * bits) or array (key slots). The descriptor says which bits of which report carry them, so only
 * those bits are blanked and the rest of the report (consumer keys, vendor bytes, a pointer in the
 * same report) stays for the developer. Mouse and tablet buttons live on the Button (0x09) and
 * Digitizer (0x0D) pages and are never touched.
 *
 * evdev: EV_KEY codes outside the BTN_* blocks of linux/input-event-codes.h, and MSC_SCAN values
 * that carry a Keyboard page usage (hid-input reports the HID usage as the scan code).
 */
import type { ParsedDescriptor } from '../hid/descriptor.js';

export const KEYBOARD_PAGE = 0x07;

/** One run of bits to blank: wire bit offset (report ID byte included) and length. */
export interface BitRun {
	readonly bit: number;
	readonly bits: number;
}

/** Keyboard bit runs per input report ID, and whether the descriptor uses report IDs. */
export interface KeyboardLayout {
	readonly numbered: boolean;
	readonly runs: ReadonlyMap<number, readonly BitRun[]>;
	/** Input report IDs the descriptor declares (to spot reports it does not know). */
	readonly known: ReadonlySet<number>;
}

const onKeyboardPage = (min: number, max: number): boolean =>
	min >>> 16 <= KEYBOARD_PAGE && max >>> 16 >= KEYBOARD_PAGE;

export function keyboardLayout(d: ParsedDescriptor): KeyboardLayout {
	const runs = new Map<number, BitRun[]>();
	const known = new Set<number>();
	for (const r of d.reports) {
		if (r.type !== 'input') continue;
		known.add(r.id);
		const base = r.id > 0 ? 8 : 0;
		for (const f of r.fields) {
			if (f.flags.constant || !f.usages.some((u) => onKeyboardPage(u.min, u.max))) continue;
			const list = runs.get(r.id) ?? [];
			list.push({ bit: base + f.bitOffset, bits: f.bitSize * f.count });
			runs.set(r.id, list);
		}
	}
	return { numbered: d.usesReportIds, runs, known };
}

export const hasKeyboardUsages = (l: KeyboardLayout): boolean => l.runs.size > 0;

function clearBits(data: Uint8Array, bit: number, bits: number): void {
	for (let i = bit; i < bit + bits && i >>> 3 < data.length; i++) data[i >>> 3]! &= ~(1 << (i & 7));
}

/**
 * Blanks the keyboard bits of one report in place, using every layout that applies (the fixed and
 * the original descriptor for an `after` capture); true when the report carried keyboard fields.
 * A report whose ID no layout declares is blanked whole (ID byte kept) when any layout has keyboard
 * fields: its meaning is unknown, so its content is not trusted to be harmless.
 */
export function redactReport(data: Uint8Array, layouts: readonly KeyboardLayout[]): boolean {
	let hit = false;
	let unknown = false;
	for (const l of layouts) {
		if (!hasKeyboardUsages(l)) continue;
		const id = l.numbered ? (data[0] ?? 0) : 0;
		if (!l.known.has(id)) {
			unknown = true;
			continue;
		}
		for (const run of l.runs.get(id) ?? []) {
			clearBits(data, run.bit, run.bits);
			hit = true;
		}
	}
	if (unknown && !hit) {
		const numbered = layouts.some((l) => l.numbered);
		data.fill(0, numbered ? 1 : 0);
		hit = true;
	}
	return hit;
}

/** `BTN_*` blocks of linux/input-event-codes.h: pointer, joystick, gamepad, digitizer, wheel, dpad, trigger-happy. */
const BUTTON_BLOCKS: readonly [number, number][] = [
	[0x100, 0x15f],
	[0x220, 0x223],
	[0x2c0, 0x2ff],
];

/** An EV_KEY code that is a keyboard key (KEY_*), not a button (BTN_*). */
export function isKeyboardKeyCode(code: number): boolean {
	return !BUTTON_BLOCKS.some(([lo, hi]) => code >= lo && code <= hi);
}
