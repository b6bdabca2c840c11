import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUT_PAGES, HUT_SOURCE } from './usage-tables.generated.js';
import { knownUsageName, usageLabel, usageName, usageName32, usagePageName } from './usages.js';

describe('usage tables (generated from librust-hut-dev)', () => {
	it('names a few well-known usages', () => {
		expect({
			x: usageName(0x01, 0x30),
			tip: usageName(0x0d, 0x42),
			volUp: usageName(0x0c, 0xe9),
			button5: usageName(0x09, 5),
			ordinal: usageName(0x0a, 2),
			pen: usageLabel(0x000d0002),
			wacom: usagePageName(0xff0d),
		}).toEqual({
			x: 'X',
			tip: 'Tip Switch',
			volUp: 'Volume Increment',
			button5: 'Button 5',
			ordinal: 'Instance 2',
			pen: 'Digitizers / Pen',
			wacom: 'Wacom',
		});
	});

	it('synthesises vendor and unknown names', () => {
		expect([
			usagePageName(0xff00),
			usageName(0xff00, 1),
			usageName32(0xff000006),
			usagePageName(0x3f),
			usageName(0x01, 0x7fff),
			knownUsageName(0x01, 0x7fff),
			knownUsageName(0x09, 0),
		]).toEqual([
			'Vendor Defined Page 0xff00',
			'Vendor Usage 0x0001',
			'Vendor Usage 0x0006',
			'0x003f',
			'0x7fff',
			undefined,
			undefined,
		]);
	});

	it('is generated, compact and names its source', () => {
		expect(HUT_SOURCE).toMatch(/^librust-hut-dev \S+ \(hut \S+, HUT \d+\.\d+\)$/);
		const button = HUT_PAGES.find(([id]) => id === 0x09);
		expect(button?.[2]).toEqual({ prefix: 'Button', first: 1, last: 0xffff });
		expect(HUT_PAGES.length).toBeGreaterThan(30);
	});

	// Only where librust-hut-dev is installed (Debian sid): CI uses the committed file.
	const registry = '/usr/share/cargo/registry';
	const hasHut = existsSync(registry) && readdirSync(registry).some((d) => d.startsWith('hut-'));
	it.skipIf(!hasHut)('matches what scripts/gen-usage-tables.mjs generates from the installed package', () => {
		const out = join(mkdtempSync(join(tmpdir(), 'hut-')), 'tables.ts');
		const script = new URL('../../../scripts/gen-usage-tables.mjs', import.meta.url).pathname;
		execFileSync(process.execPath, [script, '--out', out], { stdio: 'pipe' });
		const committed = new URL('./usage-tables.generated.ts', import.meta.url);
		expect(readFileSync(out, 'utf8')).toBe(readFileSync(committed, 'utf8'));
	});
});
