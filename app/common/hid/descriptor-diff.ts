/**
 * Item-level descriptor diff with meaning: items are aligned by a longest common subsequence of
 * their bytes, replaced runs are paired item by item when tags match, and each change is said in
 * words with the report it affects ("input report 17: Usage Maximum 3 → 5 — two more buttons").
 */
import type { ParsedDescriptor, ReportType } from './descriptor.js';
import { flagsText } from './descriptor.js';
import { Tag, type HidItem } from './items.js';
import { reportLabel } from './layout-diff.js';
import { describeItem } from './printer.js';

export interface ItemChange {
	readonly kind: 'changed' | 'added' | 'removed';
	readonly before?: HidItem;
	readonly after?: HidItem;
	/** The report the item belongs to (the next Input/Output/Feature and the Report ID in effect). */
	readonly report?: string;
	/** `Usage Maximum 3 → 5 — two more buttons` */
	readonly text: string;
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const moreFewer = (d: number, one: string, many = `${one}s`) =>
	`${WORDS[Math.abs(d)] ?? Math.abs(d)} ${d > 0 ? 'more' : 'fewer'} ${Math.abs(d) === 1 ? one : many}`;

interface Context {
	page: number;
	report: string | undefined;
}

/** Per item: usage page in effect and the report it contributes to. */
function contexts(items: readonly HidItem[]): Context[] {
	const out: Context[] = [];
	let page = 0;
	let id = 0;
	const stack: [number, number][] = [];
	const ids: number[] = [];
	for (const it of items) {
		if (it.tag === Tag.Push) stack.push([page, id]);
		if (it.tag === Tag.Pop) [page, id] = stack.pop() ?? [page, id];
		if (it.tag === Tag.UsagePage) page = it.raw;
		if (it.tag === Tag.ReportId) id = it.raw;
		ids.push(id);
		out.push({ page, report: undefined });
	}
	// The report an item contributes to: the next data main item's type, with the ID in effect there.
	let next: string | undefined;
	for (let i = items.length - 1; i >= 0; i--) {
		const it = items[i]!;
		const type: ReportType | undefined =
			it.tag === Tag.Input
				? 'input'
				: it.tag === Tag.Output
					? 'output'
					: it.tag === Tag.Feature
						? 'feature'
						: undefined;
		if (type) next = reportLabel(type, ids[i]!);
		else if (it.tag === Tag.Collection || it.tag === Tag.EndCollection) next = undefined;
		out[i]!.report = next;
	}
	return out;
}

/**
 * Aligns two item lists maximising a score: identical items 3, same tag (a changed value) 1; other
 * items are added or removed. Returns aligned index pairs in order.
 */
function align(a: readonly HidItem[], b: readonly HidItem[]): [number, number][] {
	const key = (it: HidItem) => Array.from(it.bytes).join(',');
	const ka = a.map(key);
	const kb = b.map(key);
	// Fixes usually touch a few items: align the common head and tail directly, score the middle.
	let lo = 0;
	while (lo < ka.length && lo < kb.length && ka[lo] === kb[lo]) lo++;
	let hi = 0;
	while (hi < ka.length - lo && hi < kb.length - lo && ka[ka.length - 1 - hi] === kb[kb.length - 1 - hi])
		hi++;
	const n = ka.length - lo - hi;
	const m = kb.length - lo - hi;
	const w = m + 1;
	const S = new Int32Array((n + 1) * w);
	const weight = (i: number, j: number) =>
		ka[lo + i] === kb[lo + j] ? 3 : a[lo + i]!.tag === b[lo + j]!.tag ? 1 : -1;
	for (let i = n - 1; i >= 0; i--)
		for (let j = m - 1; j >= 0; j--) {
			const wt = weight(i, j);
			const diag = wt > 0 ? S[(i + 1) * w + j + 1]! + wt : 0;
			S[i * w + j] = Math.max(diag, S[(i + 1) * w + j]!, S[i * w + j + 1]!);
		}
	const pairs: [number, number][] = [];
	for (let k = 0; k < lo; k++) pairs.push([k, k]);
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		const wt = weight(i, j);
		if (wt > 0 && S[i * w + j] === S[(i + 1) * w + j + 1]! + wt) pairs.push([lo + i++, lo + j++]);
		else if (S[(i + 1) * w + j]! >= S[i * w + j + 1]!) i++;
		else j++;
	}
	for (let k = hi; k > 0; k--) pairs.push([ka.length - k, kb.length - k]);
	return pairs;
}

/** What a same-tag change means. */
function meaning(b: HidItem, a: HidItem, page: number): string {
	const d = a.raw - b.raw;
	const isButtons = page === 0x09;
	switch (a.tag) {
		case Tag.UsageMaximum:
			return a.size <= 2 ? moreFewer(d, isButtons ? 'button' : 'usage') : '';
		case Tag.UsageMinimum:
			return a.size <= 2 ? moreFewer(-d, isButtons ? 'button' : 'usage') : '';
		case Tag.ReportCount:
			return moreFewer(d, 'element');
		case Tag.ReportSize:
			return a.raw > b.raw ? 'wider elements' : 'narrower elements';
		case Tag.LogicalMaximum:
		case Tag.PhysicalMaximum:
			return b.value !== 0 ? `×${(a.value / b.value).toFixed(2).replace(/\.?0+$/, '')}` : '';
		case Tag.Input:
		case Tag.Output:
		case Tag.Feature: {
			const fb = b.raw & 1;
			const fa = a.raw & 1;
			if (fb && !fa) return 'padding becomes data';
			if (!fb && fa) return 'data becomes padding';
			return `flags ${flagsText(b.raw, 'feature')} → ${flagsText(a.raw, 'feature')}`;
		}
		default:
			return '';
	}
}

const itemText = (it: HidItem, page: number) => describeItem(it, page);
const valueText = (it: HidItem, page: number) => {
	const s = itemText(it, page);
	const open = s.indexOf('(');
	return open >= 0 ? s.slice(open + 1, -1) : s;
};

/** Item-level changes from `before` to `after`, in descriptor order. */
export function diffItems(before: ParsedDescriptor, after: ParsedDescriptor): ItemChange[] {
	const a = before.items;
	const b = after.items;
	const ca = contexts(a);
	const cb = contexts(b);
	const pairs = align(a, b);
	const out: ItemChange[] = [];
	let i = 0;
	let j = 0;
	const sameBytes = (x: HidItem, y: HidItem) =>
		x.bytes.length === y.bytes.length && x.bytes.every((v, k) => v === y.bytes[k]);
	const emitRemoved = (ri: number) => {
		const x = a[ri]!;
		const report = ca[ri]!.report;
		out.push({
			kind: 'removed',
			before: x,
			...(report ? { report } : {}),
			text: `removed ${itemText(x, ca[ri]!.page)}`,
		});
	};
	const emitAdded = (ai: number) => {
		const y = b[ai]!;
		const report = cb[ai]!.report;
		out.push({
			kind: 'added',
			after: y,
			...(report ? { report } : {}),
			text: `added ${itemText(y, cb[ai]!.page)}`,
		});
	};
	const flush = (ie: number, je: number) => {
		for (; i < ie; i++) emitRemoved(i);
		for (; j < je; j++) emitAdded(j);
		if (ie >= a.length || je >= b.length) return;
		const x = a[i]!;
		const y = b[j]!;
		if (!sameBytes(x, y)) {
			const pageB = ca[i]!.page;
			const pageA = cb[j]!.page;
			const m = meaning(x, y, pageA);
			const report = cb[j]!.report ?? ca[i]!.report;
			out.push({
				kind: 'changed',
				before: x,
				after: y,
				...(report ? { report } : {}),
				text: `${x.name} ${valueText(x, pageB)} → ${valueText(y, pageA)}${m ? ` — ${m}` : ''}`,
			});
		}
		i++;
		j++;
	};
	for (const [pi, pj] of pairs) flush(pi, pj);
	flush(a.length, b.length);
	return out;
}

/** `input report 17: Usage Maximum 3 → 5 — two more buttons` */
export const itemChangeLine = (c: ItemChange): string => (c.report ? `${c.report}: ${c.text}` : c.text);
