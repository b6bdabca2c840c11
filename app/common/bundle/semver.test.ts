import { describe, expect, it } from 'vitest';
import { compareSemVer, parseSemVer } from './semver.js';

const cmp = (a: string, b: string) => compareSemVer(parseSemVer(a)!, parseSemVer(b)!);

describe('semver', () => {
	it.each([
		'1.0.0',
		'0.0.1',
		'10.20.30',
		'1.0.0-rc.1',
		'1.0.0-alpha+001',
		'1.0.0+build.7',
		'1.0.0-0A.is.legal',
	])('parses %s', (v) => {
		expect(parseSemVer(v)).toBeDefined();
	});

	it.each(['1', '1.0', '01.0.0', '1.0.0-', '1.0.0-01', 'v1.0.0', '1.0.0+', ' 1.0.0', '1.0.0-a..b'])(
		'refuses %j',
		(v) => {
			expect(parseSemVer(v)).toBeUndefined();
		},
	);

	it('orders versions as semver.org §11 does', () => {
		const order = [
			'1.0.0-alpha',
			'1.0.0-alpha.1',
			'1.0.0-alpha.beta',
			'1.0.0-beta',
			'1.0.0-beta.2',
			'1.0.0-beta.11',
			'1.0.0-rc.1',
			'1.0.0',
			'1.0.1',
			'1.1.0',
			'2.0.0',
		];
		for (let i = 1; i < order.length; i++)
			expect(cmp(order[i - 1]!, order[i]!), `${order[i - 1]} < ${order[i]}`).toBeLessThan(0);
		expect(cmp('1.0.0+a', '1.0.0+b')).toBe(0);
	});
});
