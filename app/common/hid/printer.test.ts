import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDescriptor } from './parser.js';
import { bytesFromPrinted, describeItem, printItems, summarizeReports } from './printer.js';
import { readItems } from './items.js';
import { unitText } from './units.js';

const FIX = new URL('../../test/fixtures/', import.meta.url);

/**
 * Our item line as hid-decode (hid-tools 0.12) prints it. The layout is the same (bytes padded to 30,
 * one space of indent per open collection, description padded to 35, offset); only names differ,
 * where hid-tools' tables (hidtools/data/*.hut, hid.py) are not the HUT's wording.
 */
function asHidTools(line: string): string {
	const [, head, desc, offset] = /^(.{30} \/\/ )(.*?) +(\d+)$/.exec(line)!;
	const named = desc!
		.replace('Usage Page (Consumer)', 'Usage Page (Consumer Devices)')
		.replace('Usage Page (Keyboard/Keypad)', 'Usage Page (Keyboard)')
		.replace('(Contact Identifier)', '(Contact Id)')
		.replace('(Contact Count Maximum)', '(Contact Max)')
		// hid.py's unit systems: SILinear, EnglishLinear, …
		.replace(/\((SI|English) (Linear|Rotation):/, '($1$2:')
		// hid-tools names page 0xff00 and its usages 1 and 2; other vendor usages are %02x.
		.replace('Vendor Defined Page 0xff00)', 'Vendor Defined Page 1)')
		.replace(/Usage \(Vendor Usage 0x000([12])\)/, 'Usage (Vendor Usage $1)')
		.replace(/Vendor Usage 0x00([0-9a-f]{2})\)/, 'Vendor Usage 0x$1)')
		// Its Button page names no buttons: Usage (Button 5) is a "Vendor Usage".
		.replace(
			/Usage \(Button (\d+)\)/,
			(_m, n: string) => `Usage (Vendor Usage 0x${Number(n).toString(16).padStart(2, '0')})`,
		);
	return named === desc ? line : `${head}${named.padEnd(35)} ${offset}`;
}

describe('printItems', () => {
	it('prints msmouse exactly as hid-recorder did, up to hid-tools naming', () => {
		const text = readFileSync(new URL('msmouse.hid.txt', FIX), 'utf8');
		const theirs = text.split('\n').filter((l) => l.startsWith('# 0x'));
		const d = parseDescriptor(bytesFromPrinted(theirs.join('\n')));
		expect(d.ok).toBe(true);
		if (!d.ok) return;
		expect(printItems(d.value).map((l) => `# ${asHidTools(l)}`)).toEqual(theirs);
	});

	// `hid-decode FILE.hid.bin` of hid-tools 0.12, kept in app/test/fixtures/hid-decode/.
	it.each(readdirSync(new URL('hid-decode/', FIX)).filter((f) => f.endsWith('.txt')))(
		'prints %s as hid-decode does, up to naming',
		(name) => {
			const theirs = readFileSync(new URL(`hid-decode/${name}`, FIX), 'utf8').split('\n');
			const bytes = new Uint8Array(readFileSync(new URL(name.replace(/\.txt$/, '.hid.bin'), FIX)));
			const d = parseDescriptor(bytes);
			expect(d.ok).toBe(true);
			if (!d.ok) return;
			expect(printItems(d.value).map((l) => `# ${asHidTools(l)}`)).toEqual(
				theirs.filter((l) => l.startsWith('# 0x')),
			);
			// hid-decode writes the R: line from the bytes it parsed: the same bytes.
			expect(theirs).toContain(
				`R: ${bytes.length} ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}`,
			);
		},
	);

	it('describes every item kind', () => {
		const bytes = Uint8Array.from([
			0x0b, 0x30, 0x00, 0x01, 0x00, 0x19, 0x01, 0x29, 0x03, 0x55, 0x0e, 0x65, 0x11, 0x67, 0x01, 0x10, 0x00,
			0x00, 0xa4, 0xb4, 0xa9, 0x01, 0xa9, 0x00, 0x39, 0x02, 0x79, 0x04, 0x91, 0x83, 0xb2, 0x02, 0x01, 0xa1,
			0x80, 0x0c,
		]);
		const r = readItems(bytes);
		expect(r.ok && r.value.map((i) => describeItem(i, 0x09))).toEqual([
			'Usage (Generic Desktop / X)',
			'Usage Minimum (1)',
			'Usage Maximum (3)',
			'Unit Exponent (-2)',
			'Unit (SI Linear: cm)',
			'Unit (SI Linear: s)',
			'Push',
			'Pop',
			'Delimiter (Open)',
			'Delimiter (Close)',
			'Designator Index (2)',
			'String Index (4)',
			'Output (Cnst,Var,Abs,Vol)',
			'Feature (Data,Var,Abs,Buff)',
			'Collection (Vendor Defined (0x80))',
			'Reserved (0x0c) (0)',
		]);
	});

	it('reads C arrays with /* */ comments back into bytes', () => {
		expect(
			Array.from(
				bytesFromPrinted('\t0x05, 0x09,\t/* Usage Page (Button) */\n\t0x09, 0x4a,\t/* Usage (0x4a) */'),
			),
		).toEqual([0x05, 0x09, 0x09, 0x4a]);
	});
});

describe('summarizeReports', () => {
	it('gives a compact per-report view of the Inspiroy pen', () => {
		const d = parseDescriptor(
			new Uint8Array(readFileSync(new URL('huion-inspiroy-2s-0003-256C-0066.0017.hid.bin', FIX))),
		);
		expect(d.ok && summarizeReports(d.value)).toEqual([
			'Input report 10 (0x0a): 10 bytes in Application Digitizers / Stylus',
			'  bits 0..5 (1×6) Digitizers / Tip Switch, Barrel Switch, Eraser, Invert, Invert, Invert  Data,Var,Abs  logical 0..1',
			'  bits 6..6 (1×1) Digitizers / In Range  Data,Var,Abs  logical 0..1',
			'  bits 7..7 (1×1) padding',
			'  bits 8..39 (16×2) Generic Desktop / X, Y  Data,Var,Abs  logical 0..32767, physical 0..2048 English Linear: in³ ×10^-3',
			'  bits 40..55 (16×1) Digitizers / Tip Pressure  Data,Var,Abs  logical 0..8191, physical 0..2048 English Linear: in³ ×10^-3',
			'  bits 56..71 (8×2) Digitizers / X Tilt, Y Tilt  Data,Var,Abs  logical -127..127, physical 0..2048 English Linear: in³ ×10^-3',
		]);
	});

	it('names units', () => {
		expect([
			unitText(0),
			unitText(0x13),
			unitText(0x11),
			unitText(0xf011),
			unitText(0x14),
			unitText(0xe121),
		]).toEqual([
			'None',
			'English Linear: in',
			'SI Linear: cm',
			'SI Linear: cm·s⁻¹',
			'English Rotation: deg',
			'SI Linear: cm²·g·s⁻²',
		]);
	});
});
