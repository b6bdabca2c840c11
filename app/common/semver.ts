/**
 * Strict Semantic Versioning 2.0.0: parse and precedence compare, pure.
 *
 * Strict means the grammar of semver.org exactly — no `v` prefix, no leading zeros, no missing
 * parts — because version strings feed the downgrade check and a lenient parser is a bypass.
 */

export interface Semver {
	readonly major: number;
	readonly minor: number;
	readonly patch: number;
	/** Dot-separated pre-release identifiers; empty for a release. */
	readonly prerelease: readonly string[];
	/** Build metadata; ignored for precedence. */
	readonly build: readonly string[];
}

const NUM = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUM}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER = new RegExp(
	`^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);
const MAX_LENGTH = 256;

/** Parses a strict semver string, or `undefined`. */
export function parseSemver(text: string): Semver | undefined {
	if (text.length > MAX_LENGTH) return undefined;
	const m = SEMVER.exec(text);
	if (!m) return undefined;
	const [major, minor, patch] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
	if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
	return {
		major,
		minor,
		patch,
		prerelease: m[4] === undefined ? [] : m[4].split('.'),
		build: m[5] === undefined ? [] : m[5].split('.'),
	};
}

/** Precedence per semver.org §11: -1 if a < b, 0 if equal precedence, 1 if a > b. */
export function compareSemver(a: Semver, b: Semver): -1 | 0 | 1 {
	for (const k of ['major', 'minor', 'patch'] as const) {
		if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
	}
	const pa = a.prerelease;
	const pb = b.prerelease;
	if (pa.length === 0 || pb.length === 0) {
		if (pa.length === pb.length) return 0;
		return pa.length === 0 ? 1 : -1; // a release outranks its pre-releases
	}
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const x = pa[i];
		const y = pb[i];
		if (x === undefined) return -1;
		if (y === undefined) return 1;
		const xn = /^\d+$/.test(x);
		const yn = /^\d+$/.test(y);
		if (xn && yn) {
			const d = BigInt(x) - BigInt(y);
			if (d !== 0n) return d < 0n ? -1 : 1;
		} else if (xn !== yn) {
			return xn ? -1 : 1; // numeric identifiers have lower precedence
		} else if (x !== y) {
			return x < y ? -1 : 1; // ASCII order
		}
	}
	return 0;
}
