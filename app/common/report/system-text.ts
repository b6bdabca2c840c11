/**
 * Parsers for the text the node side collects: os-release(5) and dmesg output.
 */

/** `KEY=value` lines of os-release(5), values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const raw of text.split('\n')) {
		const m = /^([A-Z0-9_]+)=(.*)$/.exec(raw.trim());
		if (!m) continue;
		let v = m[2]!;
		const q = v[0];
		if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) {
			v = v.slice(1, -1);
			if (q === '"') v = v.replace(/\\([$"'`\\])/g, '$1');
		}
		out.set(m[1]!, v);
	}
	return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The kernel log lines about one device: those naming its HID sysname (hid-core, drivers, HID-BPF),
 * or one of its node names as a whole word (`hidraw3`, `input17`, `event5`) — the names change on
 * every re-probe, so the caller passes all of them, before and after.
 */
export function filterDmesg(lines: Iterable<string>, names: readonly string[]): string[] {
	const words = names.filter((n) => n !== '');
	if (!words.length) return [];
	const re = new RegExp(`(^|[^A-Za-z0-9_])(${words.map(escape).join('|')})(?![A-Za-z0-9_])`);
	const out: string[] = [];
	for (const l of lines) if (re.test(l)) out.push(l);
	return out;
}
