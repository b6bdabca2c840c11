import { describe, expect, it } from 'vitest';
import { filterDmesg, parseOsRelease } from './system-text.js';
import { encodeText } from './text.js';

describe('system text parsers', () => {
	it('parses os-release with double, single and no quotes, shell escapes, comments', () => {
		const m = parseOsRelease(
			'# c\nNAME="Fedora \\"Linux\\""\nID=fedora\nVERSION_ID=41\nVARIANT=\'Work station\'\nbogus line\n',
		);
		expect(Object.fromEntries(m)).toEqual({
			NAME: 'Fedora "Linux"',
			ID: 'fedora',
			VERSION_ID: '41',
			VARIANT: 'Work station',
		});
	});

	it('filters dmesg by whole names, regex characters in names taken literally', () => {
		const lines = ['a hidraw1 b', 'a hidraw10 b', 'x 0003:045E:00D1.0001: y', 'x 0003:045E:00D1X0001 y'];
		expect([filterDmesg(lines, ['hidraw1', '0003:045E:00D1.0001']), filterDmesg(lines, [])]).toEqual([
			['a hidraw1 b', 'x 0003:045E:00D1.0001: y'],
			[],
		]);
	});
});

describe('encodeText', () => {
	it('encodes like TextEncoder, including astral characters and lone surrogates', () => {
		const samples = ['E: 000000.000000 6 11 08', 'Grüße ✓ 𝄞 emoji 🖱️', 'lone \ud800 high and \udc00 low', ''];
		expect(samples.map((s) => Array.from(encodeText(s)))).toEqual(
			samples.map((s) => Array.from(new TextEncoder().encode(s))),
		);
	});
});
