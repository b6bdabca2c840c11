/**
 * Descriptor printing: hid-decode style item lines (what hid-recorder writes as `#` comments) and a
 * compact per-report summary; plus reading such printed text back into bytes.
 */
import type { HidField, HidReport, ParsedDescriptor } from './descriptor.js';
import { collectionKindName, flagsText, usageCount, usageAt } from './descriptor.js';
import { Tag, type HidItem } from './items.js';
import { absResolution, axisKind } from './resolution.js';
import { unitText } from './units.js';
import { usageLabel, usageName, usagePageName } from './usages.js';

/** The description of one item, e.g. `Usage Page (Generic Desktop)` or `Input (Data,Var,Abs)`. */
export function describeItem(item: HidItem, usagePage: number): string {
	const v = item.value;
	switch (item.tag) {
		case Tag.Input:
			return `Input (${flagsText(item.raw, 'input')})`;
		case Tag.Output:
			return `Output (${flagsText(item.raw, 'output')})`;
		case Tag.Feature:
			return `Feature (${flagsText(item.raw, 'feature')})`;
		case Tag.Collection:
			return `Collection (${collectionKindName(item.raw)})`;
		case Tag.EndCollection:
			return 'End Collection';
		case Tag.UsagePage:
			return `Usage Page (${usagePageName(item.raw)})`;
		case Tag.Usage:
			return item.size === 4
				? `Usage (${usageLabel(item.raw)})`
				: `Usage (${usageName(usagePage, item.raw)})`;
		case Tag.UsageMinimum:
		case Tag.UsageMaximum:
			return item.size === 4 ? `${item.name} (${usageLabel(item.raw)})` : `${item.name} (${item.raw})`;
		case Tag.Unit:
			return `Unit (${unitText(item.raw)})`;
		case Tag.Push:
		case Tag.Pop:
			return item.name;
		case Tag.Delimiter:
			return `Delimiter (${item.raw === 1 ? 'Open' : 'Close'})`;
		default:
			return `${item.name} (${v})`;
	}
}

/**
 * Item lines as hid-recorder (Python) writes them after `# `:
 * `0x05, 0x01,                    // Usage Page (Generic Desktop)        0`
 * bytes padded to 30, one space of indent per open collection, description padded to 35, offset.
 */
export function printItems(d: Pick<ParsedDescriptor, 'items'>): string[] {
	const lines: string[] = [];
	let depth = 0;
	let page = 0;
	for (const item of d.items) {
		if (item.tag === Tag.EndCollection && depth > 0) depth--;
		const bytes = Array.from(item.bytes, (b) => `0x${b.toString(16).padStart(2, '0')}, `)
			.join('')
			.trimEnd();
		const desc = ' '.repeat(depth) + describeItem(item, page);
		lines.push(`${bytes.padEnd(30)} // ${desc.padEnd(35)} ${item.offset}`);
		if (item.tag === Tag.Collection) depth++;
		if (item.tag === Tag.UsagePage) page = item.raw;
	}
	return lines;
}

/**
 * Reads the bytes back from printed descriptor text: every `0xNN` token before a `//` on each line
 * (hid-decode output, hid-recorder `#` comments, or a C array in a BPF fix; `/* … *\/` comments on
 * one line are skipped).
 */
export function bytesFromPrinted(text: string): Uint8Array {
	const out: number[] = [];
	for (let line of text.split('\n')) {
		line = line.replace(/^#\s?/, '').replace(/\/\*.*?\*\//g, '');
		const cut = line.indexOf('//');
		const code = cut >= 0 ? line.slice(0, cut) : line;
		for (const m of code.matchAll(/0x([0-9a-fA-F]{1,2})\b/g)) out.push(parseInt(m[1]!, 16));
	}
	return Uint8Array.from(out);
}

function rangeText(f: HidField): string {
	let s = `logical ${f.logicalMin}..${f.logicalMax}`;
	if (f.physicalMin !== 0 || f.physicalMax !== 0) s += `, physical ${f.physicalMin}..${f.physicalMax}`;
	if (f.unit) s += ` ${unitText(f.unit)}`;
	if (f.unitExponent) s += ` ×10^${f.unitExponent}`;
	const usage = f.usages[0]?.min ?? 0;
	const res = f.flags.variable ? absResolution(f, usage) : 0;
	if (res) s += `, ${res} units/${axisKind(usage) === 'length' ? 'mm' : 'rad'}`;
	return s;
}

/** One line per field: `bits 8..23 (16×1) Generic Desktop / X  Data,Var,Abs  logical 0..32767 …`. */
export function describeField(f: HidField): string {
	const end = f.bitOffset + f.bitSize * f.count - 1;
	const where = `bits ${f.bitOffset}..${end} (${f.bitSize}×${f.count})`;
	const flags = flagsText(f.rawFlags, f.reportType);
	if (f.flags.constant || f.usages.length === 0) return `${where} padding`;
	const n = usageCount(f.usages);
	let what: string;
	if (f.flags.variable) {
		const names: string[] = [];
		for (let i = 0; i < Math.min(f.count, 8); i++)
			names.push(usageName(usageAt(f.usages, i) >>> 16, usageAt(f.usages, i) & 0xffff));
		if (f.count > 8) names.push(`… (${f.count})`);
		what = `${usagePageName(f.usages[0]!.min >>> 16)} / ${names.join(', ')}`;
	} else {
		const a = f.usages[0]!;
		const z = f.usages[f.usages.length - 1]!;
		what = `array of ${n} usage(s) ${usageLabel(a.min)}${n > 1 ? ` … ${usageName(z.max >>> 16, z.max & 0xffff)}` : ''}`;
	}
	return `${where} ${what}  ${flags}  ${rangeText(f)}`;
}

/** A compact human summary, one block per report. */
export function summarizeReports(d: ParsedDescriptor): string[] {
	const lines: string[] = [];
	for (const r of d.reports) lines.push(...summarizeReport(d, r));
	return lines;
}

export function summarizeReport(d: ParsedDescriptor, r: HidReport): string[] {
	const head = `${r.type[0]!.toUpperCase()}${r.type.slice(1)} report${r.id ? ` ${r.id} (0x${r.id.toString(16).padStart(2, '0')})` : ''}: ${r.byteSize} bytes`;
	const coll = r.fields[0] ? d.collections[r.fields[0].collection] : undefined;
	const app = coll ? ` in ${collectionKindName(coll.kind)} ${usageLabel(coll.usage)}` : '';
	return [head + app, ...r.fields.map((f) => `  ${describeField(f)}`)];
}
