/**
 * HID usage page and usage names, from the generated HUT tables.
 *
 * The tables are parsed lazily into maps on first lookup (a few thousand entries, once per process).
 * Pages 0xFF00–0xFFFF are vendor-defined (HUT §3); names for them are synthesised unless the tables
 * define the page (hut ships the Wacom page 0xFF0D).
 */
import { HUT_PAGES, type HutRule } from './usage-tables.generated.js';

interface Page {
	readonly name: string;
	readonly usages: ReadonlyMap<number, string> | HutRule;
}

let pages: Map<number, Page> | undefined;

function table(): Map<number, Page> {
	if (pages) return pages;
	pages = new Map();
	for (const [id, name, data] of HUT_PAGES) {
		if (typeof data !== 'string') {
			pages.set(id, { name, usages: data });
			continue;
		}
		const usages = new Map<number, string>();
		for (const line of data.split('\n')) {
			const sp = line.indexOf(' ');
			if (sp > 0) usages.set(parseInt(line.slice(0, sp), 16), line.slice(sp + 1));
		}
		pages.set(id, { name, usages });
	}
	return pages;
}

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

/** True for the vendor-defined usage page range 0xFF00–0xFFFF. */
export const isVendorPage = (page: number): boolean => page >= 0xff00 && page <= 0xffff;

/** The page's HUT name, `Vendor Defined Page 0xff00` for vendor pages, `0x00xx` for unknown ones. */
export function usagePageName(page: number): string {
	const p = table().get(page);
	if (p) return p.name;
	return isVendorPage(page) ? `Vendor Defined Page ${hex4(page)}` : hex4(page);
}

/** The HUT name of a usage if the tables know it (rules included), else undefined. */
export function knownUsageName(page: number, id: number): string | undefined {
	const p = table().get(page);
	if (!p) return undefined;
	if (p.usages instanceof Map) return p.usages.get(id);
	const rule = p.usages as HutRule;
	return id >= rule.first && id <= rule.last ? `${rule.prefix} ${id}` : undefined;
}

/** A usage name for display: the HUT name, else `Vendor Usage 0x0001` on vendor pages, else `0x0001`. */
export function usageName(page: number, id: number): string {
	return knownUsageName(page, id) ?? (isVendorPage(page) ? `Vendor Usage ${hex4(id)}` : hex4(id));
}

/** Name of a 32-bit extended usage (page << 16 | id). */
export const usageName32 = (usage: number): string => usageName(usage >>> 16, usage & 0xffff);

/** `Generic Desktop / X` style label for a 32-bit usage. */
export const usageLabel = (usage: number): string =>
	`${usagePageName(usage >>> 16)} / ${usageName(usage >>> 16, usage & 0xffff)}`;
