/**
 * Report descriptor parser: items → collections, reports and field layout, with the Linux kernel's
 * rules and limits (drivers/hid/hid-core.c, hid_open_report and friends), so that what we show is
 * what the kernel will do with a fixed descriptor.
 */
import { err, ok, type Result } from '../result.js';
import type {
	DescriptorNote,
	HidCollection,
	HidField,
	HidReport,
	ParsedDescriptor,
	ReportType,
} from './descriptor.js';
import { decodeFlags } from './descriptor.js';
import type { DescriptorError, DescriptorErrorCode } from './errors.js';
import { readItems, Tag, type HidItem } from './items.js';
import { HID_MAX_USAGES, LocalState } from './parser-local.js';

export { HID_MAX_USAGES };

/** Kernel limits (include/linux/hid.h). */
export const HID_GLOBAL_STACK_SIZE = 4;
export const HID_MAX_BUFFER_SIZE = 16384;
export const HID_MAX_REPORT_SIZE_BITS = 256;

interface Globals {
	usagePage: number;
	logicalMin: number;
	logicalMax: number;
	physicalMin: number;
	physicalMax: number;
	unitExponent: number;
	unit: number;
	reportSize: number;
	reportId: number;
	reportCount: number;
}

interface ReportBuilder {
	type: ReportType;
	id: number;
	bitSize: number;
	fields: HidField[];
}

const MAIN_TYPES: Readonly<Record<number, ReportType>> = {
	[Tag.Input]: 'input',
	[Tag.Output]: 'output',
	[Tag.Feature]: 'feature',
};

/** Parses a report descriptor; malformed input is a typed error with the offending byte offset. */
export function parseDescriptor(bytes: Uint8Array): Result<ParsedDescriptor, DescriptorError> {
	if (bytes.length === 0) return err({ code: 'empty', offset: 0, message: 'empty report descriptor' });
	const itemsResult = readItems(bytes);
	if (!itemsResult.ok) return itemsResult;
	const items = itemsResult.value;

	const fail = (code: DescriptorErrorCode, item: HidItem | number, message: string) => {
		const offset = typeof item === 'number' ? item : item.offset;
		return err({ code, offset, message: `${message} (byte ${offset})` });
	};

	let g: Globals = {
		usagePage: 0,
		logicalMin: 0,
		logicalMax: 0,
		physicalMin: 0,
		physicalMax: 0,
		unitExponent: 0,
		unit: 0,
		reportSize: 0,
		reportId: 0,
		reportCount: 0,
	};
	const stack: Globals[] = [];
	const collections: HidCollection[] = [];
	const open: number[] = [];
	const reports = new Map<string, ReportBuilder>();
	const order: ReportBuilder[] = [];
	const notes: DescriptorNote[] = [];
	let usesReportIds = false;

	const local = new LocalState(notes);

	for (const item of items) {
		const v = item.raw;
		if (item.type === 'global') {
			switch (item.tag) {
				case Tag.UsagePage:
					g.usagePage = v & 0xffff;
					break;
				case Tag.LogicalMinimum:
					g.logicalMin = item.value;
					break;
				case Tag.LogicalMaximum:
					// Kernel: the maximum is signed only when the minimum is negative.
					g.logicalMax = g.logicalMin < 0 ? item.value : v;
					break;
				case Tag.PhysicalMinimum:
					g.physicalMin = item.value;
					break;
				case Tag.PhysicalMaximum:
					g.physicalMax = g.physicalMin < 0 ? item.value : v;
					break;
				case Tag.UnitExponent:
					g.unitExponent = item.value;
					break;
				case Tag.Unit:
					g.unit = v;
					break;
				case Tag.ReportSize:
					if (v > HID_MAX_REPORT_SIZE_BITS)
						return fail(
							'invalid-report-size',
							item,
							`Report Size ${v} is over the kernel's limit of 256 bits`,
						);
					g.reportSize = v;
					break;
				case Tag.ReportCount:
					if (v > HID_MAX_USAGES)
						return fail(
							'invalid-report-count',
							item,
							`Report Count ${v} is over the kernel's limit of ${HID_MAX_USAGES}`,
						);
					g.reportCount = v;
					break;
				case Tag.ReportId:
					if (v === 0 || v > 255) return fail('invalid-report-id', item, `Report ID ${v} is invalid (1–255)`);
					g.reportId = v;
					usesReportIds = true;
					break;
				case Tag.Push:
					if (stack.length === HID_GLOBAL_STACK_SIZE)
						return fail(
							'push-overflow',
							item,
							`Push nested deeper than the kernel's ${HID_GLOBAL_STACK_SIZE} levels`,
						);
					stack.push({ ...g });
					break;
				case Tag.Pop: {
					const top = stack.pop();
					if (!top) return fail('pop-without-push', item, 'Pop without a matching Push');
					g = top;
					break;
				}
				default:
					// The kernel refuses the whole descriptor on an unknown global tag.
					return fail('unknown-global-item', item, `unknown global item tag 0x${item.tag.toString(16)}`);
			}
		} else if (item.type === 'local') {
			const problem = local.apply(item, g.usagePage);
			if (problem) return fail('unbalanced-delimiter', item, problem);
		} else if (item.type === 'main') {
			local.concatenateLastUsagePage(g.usagePage);
			const type = MAIN_TYPES[item.tag];
			if (type) {
				const size = g.reportSize;
				const n = g.reportCount;
				if (size === 0 && n > 0)
					return fail('invalid-report-size', item, `${item.name} with Report Size 0 and Report Count ${n}`);
				// hid_add_field: the maximum is read as s32 when the minimum is negative, else as u32, and
				// a range that ends below its start makes the kernel refuse the whole descriptor.
				const logicalMax = g.logicalMin < 0 ? g.logicalMax | 0 : g.logicalMax >>> 0;
				if (logicalMax < g.logicalMin)
					return fail(
						'invalid-logical-range',
						item,
						`${item.name} with Logical Minimum ${g.logicalMin} above Logical Maximum ${logicalMax}`,
					);
				const key = `${type}:${g.reportId}`;
				let rep = reports.get(key);
				if (!rep) {
					rep = { type, id: g.reportId, bitSize: 0, fields: [] };
					reports.set(key, rep);
					order.push(rep);
				}
				const offset = rep.bitSize;
				rep.bitSize += size * n;
				if (rep.bitSize > (HID_MAX_BUFFER_SIZE - 1) * 8)
					return fail(
						'report-too-long',
						item,
						`${type} report ${g.reportId} is longer than ${HID_MAX_BUFFER_SIZE - 1} bytes`,
					);
				if (n > 0) {
					rep.fields.push({
						reportType: type,
						reportId: g.reportId,
						bitOffset: offset,
						bitSize: size,
						count: n,
						rawFlags: v,
						flags: decodeFlags(v),
						usages: local.usages.map(({ min, max }) => ({ min, max })),
						logicalMin: g.logicalMin,
						logicalMax,
						physicalMin: g.physicalMin,
						physicalMax: g.physicalMax,
						unit: g.unit,
						unitExponent: g.unitExponent,
						collection: open.length ? open[open.length - 1]! : -1,
						itemOffset: item.offset,
					});
				}
			} else if (item.tag === Tag.Collection) {
				const parent = open.length ? open[open.length - 1]! : -1;
				const first = local.usages[0];
				collections.push({
					index: collections.length,
					kind: v,
					usage: first ? first.min : 0,
					parent,
					depth: open.length,
					itemOffset: item.offset,
				});
				open.push(collections.length - 1);
			} else if (item.tag === Tag.EndCollection) {
				if (!open.length)
					return fail('end-collection-underflow', item, 'End Collection without an open Collection');
				open.pop();
			} else {
				notes.push({
					offset: item.offset,
					message: `unknown main item tag 0x${item.tag.toString(16)} ignored`,
				});
			}
			local.reset();
		} else {
			notes.push({ offset: item.offset, message: `reserved item type ignored` });
		}
	}
	if (open.length)
		return fail(
			'unbalanced-collection',
			bytes.length,
			`${open.length} Collection(s) not closed at end of descriptor`,
		);
	if (local.delimiterOpen)
		return fail('unbalanced-delimiter', bytes.length, 'Delimiter open at end of descriptor');

	const reportList: HidReport[] = order.map((r) => ({
		type: r.type,
		id: r.id,
		bitSize: r.bitSize,
		byteSize: r.bitSize === 0 ? (r.id > 0 ? 1 : 0) : ((r.bitSize - 1) >> 3) + 1 + (r.id > 0 ? 1 : 0),
		fields: r.fields,
	}));
	return ok({ bytes, items, collections, reports: reportList, usesReportIds, notes });
}

/** Finds a report by type and ID. */
export function findReport(d: ParsedDescriptor, type: ReportType, id: number): HidReport | undefined {
	return d.reports.find((r) => r.type === type && r.id === id);
}

/** The collections enclosing a field, outermost first. */
export function collectionPath(d: ParsedDescriptor, index: number): HidCollection[] {
	const path: HidCollection[] = [];
	for (let i = index; i >= 0; i = d.collections[i]!.parent) path.unshift(d.collections[i]!);
	return path;
}
