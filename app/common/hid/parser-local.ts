/**
 * Local item state of the descriptor parser (HID 1.11 §6.2.2.8) with the kernel's rules
 * (drivers/hid/hid-core.c hid_parser_local): usages with their page, Usage Minimum/Maximum ranges
 * clamped to HID_MAX_USAGES, delimiters (only the first usage set counts). The whole state, the
 * delimiter depth included, is reset after every main item, as the kernel's memset does.
 */
import type { DescriptorNote, UsageRange } from './descriptor.js';
import { Tag, type HidItem } from './items.js';

export const HID_MAX_USAGES = 12288;

interface LocalUsage extends UsageRange {
	/** Declared with a 4-byte item: the page is part of the value and never replaced. */
	readonly extended: boolean;
}

export class LocalState {
	#usages: LocalUsage[] = [];
	#min: { value: number; extended: boolean } | undefined;
	#depth = 0;
	#branch = 0;
	readonly #notes: DescriptorNote[];

	constructor(notes: DescriptorNote[]) {
		this.#notes = notes;
	}

	get usages(): readonly UsageRange[] {
		return this.#usages;
	}

	/** True while a Delimiter set is open (an error at the end of the descriptor). */
	get delimiterOpen(): boolean {
		return this.#depth > 0;
	}

	reset(): void {
		this.#usages = [];
		this.#min = undefined;
		this.#depth = 0;
		this.#branch = 0;
	}

	#note(item: HidItem, message: string): void {
		this.#notes.push({ offset: item.offset, message });
	}

	#count(): number {
		return this.#usages.reduce((n, u) => n + (u.max - u.min + 1), 0);
	}

	/** Handles one local item; returns an error message for a malformed delimiter. */
	apply(item: HidItem, usagePage: number): string | undefined {
		const v = item.raw;
		const full = (x: number, extended: boolean) =>
			extended ? x >>> 0 : ((usagePage << 16) | (x & 0xffff)) >>> 0;
		switch (item.tag) {
			case Tag.Usage:
			case Tag.UsageMinimum:
			case Tag.UsageMaximum: {
				if (this.#branch > 1) {
					this.#note(item, 'alternative usage in a Delimiter set ignored');
					return undefined;
				}
				const extended = item.size > 2;
				if (item.tag === Tag.Usage) {
					const u = full(v, extended);
					this.#usages.push({ min: u, max: u, extended });
				} else if (item.tag === Tag.UsageMinimum) {
					this.#min = { value: v, extended };
				} else if (!this.#min) {
					this.#note(item, 'Usage Maximum without Usage Minimum ignored');
				} else {
					const ext = this.#min.extended || extended;
					const lo = full(this.#min.value, ext);
					let hi = full(v, ext);
					this.#min = undefined;
					if (hi < lo) {
						this.#note(item, 'Usage Maximum below Usage Minimum: no usages');
						return undefined;
					}
					const room = HID_MAX_USAGES - this.#count();
					if (hi - lo + 1 > room) {
						this.#note(item, `usage range clamped to the kernel's ${HID_MAX_USAGES} usages`);
						hi = lo + room - 1;
					}
					if (hi >= lo) this.#usages.push({ min: lo, max: hi, extended: ext });
				}
				return undefined;
			}
			case Tag.Delimiter:
				if (v === 1) {
					if (this.#depth !== 0) return 'nested Delimiter open';
					this.#depth++;
					this.#branch++;
				} else {
					if (this.#depth < 1) return 'Delimiter close without open';
					this.#depth--;
				}
				this.#note(item, `Delimiter (${v === 1 ? 'open' : 'close'})`);
				return undefined;
			default:
				// Designator and String items: no effect on report layout.
				return undefined;
		}
	}

	/**
	 * hid_concatenate_last_usage_page: a Usage Page after Usages and before the main item re-pages
	 * the trailing run of short usages whose page differs.
	 */
	concatenateLastUsagePage(usagePage: number): void {
		const page = usagePage << 16;
		for (let i = this.#usages.length - 1; i >= 0; i--) {
			const u = this.#usages[i]!;
			if (u.extended) continue;
			if (u.min >>> 16 === usagePage) break;
			this.#usages[i] = {
				min: (page | (u.min & 0xffff)) >>> 0,
				max: (page | (u.max & 0xffff)) >>> 0,
				extended: false,
			};
		}
	}
}
