/**
 * The polkit policy the packages install: one action per helper verb, each naming the installed
 * helper and its verb (pkexec picks the action by exec.path + exec.argv1), admin authentication only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERBS } from './request.js';

const policy = readFileSync(new URL('../../assets/polkit/io.github.hidfix.policy', import.meta.url), 'utf8');
const actions = [...policy.matchAll(/<action id="([^"]+)">([^]*?)<\/action>/g)].map(([, id, body]) => ({
	id,
	annotate: Object.fromEntries(
		[...body!.matchAll(/<annotate key="([^"]+)">([^<]*)<\/annotate>/g)].map(([, k, v]) => [k, v]),
	),
	defaults: Object.fromEntries([...body!.matchAll(/<(allow_\w+)>([^<]*)<\/\1>/g)].map(([, k, v]) => [k, v])),
}));

describe('assets/polkit/io.github.hidfix.policy', () => {
	it('has exactly one action per helper verb, for the installed helper', () => {
		expect(actions.map((a) => a.annotate['org.freedesktop.policykit.exec.argv1']).sort()).toEqual(
			[...VERBS].sort(),
		);
		for (const a of actions) {
			expect(a.id).toBe(`io.github.hidfix.${a.annotate['org.freedesktop.policykit.exec.argv1']}`);
			expect(a.annotate['org.freedesktop.policykit.exec.path']).toBe(
				'/opt/hidfix/resources/bin/hidfix-helper',
			);
		}
	});

	it('asks for an administrator every time a session is not active, never allows anyone', () => {
		for (const a of actions)
			expect(a.defaults).toEqual({ allow_any: 'no', allow_inactive: 'no', allow_active: 'auth_admin_keep' });
	});
});
