/**
 * OpenSSH pattern lists (ssh_config(5) PATTERNS), used by `allowed_signers` for principals and
 * `namespaces=`: `*` matches any run of characters, `?` exactly one, a list is comma-separated, and
 * an entry prefixed with `!` is a negation that vetoes the whole list when it matches.
 * Matching is case-sensitive, as sshsig.c calls it.
 */

/** Glob match with `*` and `?`; linear-time backtracking (no exponential blow-up on `*a*a*a…`). */
export function matchPattern(text: string, pattern: string): boolean {
	let t = 0;
	let p = 0;
	let starP = -1;
	let starT = 0;
	while (t < text.length) {
		const pc = pattern[p];
		if (p < pattern.length && (pc === '?' || pc === text[t])) {
			t++;
			p++;
		} else if (pc === '*') {
			starP = p++;
			starT = t;
		} else if (starP >= 0) {
			p = starP + 1;
			t = ++starT;
		} else {
			return false;
		}
	}
	while (pattern[p] === '*') p++;
	return p === pattern.length;
}

/**
 * `1` if some positive entry matches and no negated entry does, `-1` if a negated entry matches,
 * `0` if nothing matches — the three outcomes of OpenSSH's `match_pattern_list`.
 */
export function matchPatternList(text: string, list: string): 1 | 0 | -1 {
	let positive = false;
	for (const raw of list.split(',')) {
		const negated = raw.startsWith('!');
		const sub = negated ? raw.slice(1) : raw;
		if (matchPattern(text, sub)) {
			if (negated) return -1;
			positive = true;
		}
	}
	return positive ? 1 : 0;
}
