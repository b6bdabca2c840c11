/**
 * Semantic Versioning 2.0.0 parsing and precedence (semver.org §2, §9–§11), for manifest `version`
 * and downgrade checks. Build metadata is accepted but ignored for precedence, as the spec requires.
 */
export interface SemVer {
	readonly major: number;
	readonly minor: number;
	readonly patch: number;
	readonly prerelease: readonly (string | number)[];
}

const NUM = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUM}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER = new RegExp(
	`^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);

export function parseSemVer(text: string): SemVer | undefined {
	if (text.length > 64) return undefined;
	const m = SEMVER.exec(text);
	if (!m) return undefined;
	const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
	const prerelease =
		m[4] === undefined ? [] : m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id));
	return { major, minor, patch, prerelease };
}

function comparePre(a: readonly (string | number)[], b: readonly (string | number)[]): number {
	// A version without a pre-release ranks above any pre-release of the same core (§11.3).
	if (a.length === 0 || b.length === 0) return b.length - a.length;
	for (let i = 0; i < Math.min(a.length, b.length); i++) {
		const [x, y] = [a[i]!, b[i]!];
		if (x === y) continue;
		if (typeof x === 'number' && typeof y === 'number') return x - y;
		if (typeof x === 'number') return -1;
		if (typeof y === 'number') return 1;
		return x < y ? -1 : 1;
	}
	return a.length - b.length;
}

/** Negative when a < b, 0 when equal precedence, positive when a > b. */
export function compareSemVer(a: SemVer, b: SemVer): number {
	return (
		a.major - b.major ||
		a.minor - b.minor ||
		a.patch - b.patch ||
		Math.sign(comparePre(a.prerelease, b.prerelease))
	);
}
