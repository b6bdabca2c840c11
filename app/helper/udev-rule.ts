/**
 * The udev rule that attaches an installed fix whenever its device appears (plug-in, boot, re-probe):
 * one line per manifest target, matching the kernel's HID MODALIAS, running hidfix-loader on the
 * installed object. Pure text; the helper writes it.
 */
import type { Target } from '../common/bundle/manifest.js';
import type { FixRecord } from '../node/elevation/fix-record.js';

/** `hid:b0003g*v0000045Ep000000D1`: MODALIAS has 4 hex digits of bus and group, 8 of vendor and product. */
export function modaliasGlob(t: Target): string {
	const part = (v: string, width: number) => (v === '*' ? '*' : v.slice(2).padStart(width, '0'));
	return `hid:b${part(t.bus, 4)}g${part(t.group, 4)}v${part(t.vid, 8)}p${part(t.pid, 8)}`;
}

/** Paths go into the rule unquoted-safe only: no spaces, quotes, `%` or `$` (udev would expand them). */
const SAFE_PATH = /^\/[A-Za-z0-9_./+-]+$/;

export function udevRule(record: FixRecord, dir: string, loader: string, state: 'testing' | 'kept'): string {
	for (const p of [dir, loader])
		if (!SAFE_PATH.test(p)) throw new Error(`hidfix: path ${JSON.stringify(p)} cannot go into a udev rule`);
	const lines = [
		`# hidfix: ${record.title.replace(/[\r\n]/g, ' ')} (${record.id} ${record.fixVersion})`,
		state === 'testing'
			? '# Under test: this runtime rule and the fix disappear at reboot. Revert: hidfix-helper detach ' +
				record.id
			: '# Kept by the user. Remove: hidfix-helper detach ' + record.id,
		'ACTION!="add|bind", GOTO="hidfix_end"',
		'SUBSYSTEM!="hid", GOTO="hidfix_end"',
	];
	for (const t of record.targets) {
		const run = record.objects.map((o) => `RUN+="${loader} attach /sys%p ${dir}/${o.file}"`).join(', ');
		lines.push(`ENV{MODALIAS}=="${modaliasGlob(t)}", ${run}`);
	}
	lines.push('LABEL="hidfix_end"', '');
	return lines.join('\n');
}
