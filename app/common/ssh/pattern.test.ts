import { describe, expect, it } from 'vitest';
import { matchPattern, matchPatternList } from './pattern.js';

describe('OpenSSH patterns', () => {
	it('matches * and ? like sshd', () => {
		const cases: [string, string][] = [
			['alice@example.org', 'alice@example.org'],
			['alice@example.org', '*@example.org'],
			['alice@example.org', 'ali?e@*'],
			['alice@example.org', '*'],
			['', '*'],
			['alice@example.org', 'bob@*'],
			['alice@example.org', 'alice'],
			['Alice@example.org', 'alice@*'],
			['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '*a*a*a*a*a*a*a*a*a*a*a*a*a*c'],
		];
		expect(cases.map(([t, p]) => matchPattern(t, p))).toEqual([
			true,
			true,
			true,
			true,
			true,
			false,
			false,
			false,
			false,
		]);
	});

	it('lets a negation veto the whole list', () => {
		expect([
			matchPatternList('hidfix', 'git,hidfix'),
			matchPatternList('hidfix', 'git,file'),
			matchPatternList('hidfix', 'hid*,!hidfix'),
			matchPatternList('hidfix-test', 'hid*,!hidfix'),
			matchPatternList('x', '!y'),
		]).toEqual([1, 0, -1, 1, 0]);
	});
});
