import { describe, expect, it } from 'vitest';
import { encodeItem, encodeItems, readItems, signExtend } from './items.js';

const b = (...x: number[]) => Uint8Array.from(x);

describe('readItems', () => {
	it('reads 0/1/2/4-byte short items with signed and unsigned data', () => {
		const r = readItems(
			b(
				0xc0,
				0x15,
				0x81,
				0x26,
				0xff,
				0x00,
				0x27,
				0xff,
				0xff,
				0xff,
				0x7f,
				0x55,
				0x0e,
				0x17,
				0x00,
				0x00,
				0x00,
				0x80,
				0x95,
				0xff,
			),
		);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.map((i) => [i.offset, i.type, i.name, i.size, i.raw, i.value])).toEqual([
			[0, 'main', 'End Collection', 0, 0, 0],
			[1, 'global', 'Logical Minimum', 1, 0x81, -127],
			[3, 'global', 'Logical Maximum', 2, 255, 255],
			[6, 'global', 'Logical Maximum', 4, 0x7fffffff, 0x7fffffff],
			[11, 'global', 'Unit Exponent', 1, 0x0e, -2],
			[13, 'global', 'Logical Minimum', 4, 0x80000000, -0x80000000],
			[18, 'global', 'Report Count', 1, 255, 255],
		]);
	});

	it('names reserved tags', () => {
		const r = readItems(b(0xf0, 0x0c, 0xfc));
		expect(r.ok && r.value.map((i) => [i.type, i.name])).toEqual([
			['main', 'Reserved (0xf0)'],
			['reserved', 'Reserved (0x0c)'],
			['reserved', 'Reserved (0xfc)'],
		]);
	});

	it('rejects a long item with its offset', () => {
		expect(readItems(b(0x05, 0x01, 0xfe, 0x02, 0x10, 0xaa, 0xbb))).toEqual({
			ok: false,
			error: expect.objectContaining({ code: 'long-item', offset: 2 }),
		});
	});

	it('rejects a truncated item with its offset', () => {
		expect(readItems(b(0x05, 0x01, 0x27, 0xff, 0xff))).toEqual({
			ok: false,
			error: expect.objectContaining({ code: 'truncated-item', offset: 2 }),
		});
	});
});

describe('encodeItem', () => {
	it('picks the smallest size and round-trips through readItems', () => {
		const items = [
			encodeItem(0x04, 0x0d),
			encodeItem(0x08, 0x0238),
			encodeItem(0x14, -127, 1),
			encodeItem(0x24, 0x7fffffff),
			encodeItem(0xc0, 0),
		];
		const bytes = encodeItems(items.map((x) => ({ bytes: x })));
		expect(Array.from(bytes)).toEqual([
			0x05, 0x0d, 0x0a, 0x38, 0x02, 0x15, 0x81, 0x27, 0xff, 0xff, 0xff, 0x7f, 0xc0,
		]);
		const r = readItems(bytes);
		expect(r.ok && encodeItems(r.value)).toEqual(bytes);
	});

	it('sign-extends', () => {
		expect([
			signExtend(0xff, 8),
			signExtend(0x7f, 8),
			signExtend(0xe, 4),
			signExtend(0xffffffff, 32),
			signExtend(5, 0),
		]).toEqual([-1, 127, -2, -1, 0]);
	});
});
