import { describe, expect, it } from 'vitest';
import { compareSemver, parseSemver } from './semver.js';

const cmp = (a: string, b: string) => compareSemver(parseSemver(a)!, parseSemver(b)!);

describe('strict semver', () => {
	it('parses the full grammar', () => {
		expect(parseSemver('1.2.3-rc.1+build.5')).toEqual({
			major: 1,
			minor: 2,
			patch: 3,
			prerelease: ['rc', '1'],
			build: ['build', '5'],
		});
	});

	it('refuses loose versions', () => {
		const bad = [
			'v1.2.3',
			'1.2',
			'01.2.3',
			'1.2.3-',
			'1.2.3-01',
			'1.2.3+',
			' 1.2.3',
			'1.2.3 ',
			'1.2.3-a..b',
			'99999999999999999.0.0',
			`1.2.3-${'a'.repeat(300)}`,
		];
		expect(bad.map(parseSemver)).toEqual(bad.map(() => undefined));
	});

	it('orders by semver.org §11', () => {
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
			'10.0.0',
		];
		for (let i = 0; i + 1 < order.length; i++) {
			expect([cmp(order[i]!, order[i + 1]!), cmp(order[i + 1]!, order[i]!)]).toEqual([-1, 1]);
		}
		expect([cmp('1.0.0+a', '1.0.0+b'), cmp('1.0.0-1', '1.0.0-1')]).toEqual([0, 0]);
	});
});
