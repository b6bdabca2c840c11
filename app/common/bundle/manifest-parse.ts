/**
 * From verified manifest bytes to a typed, semantically checked Manifest.
 *
 * Runs only after the signature over these exact bytes was accepted (parse-order discipline,
 * docs/bundle-format.md §4): shape first (unknown fields, types, formats, each with its JSON path),
 * then the rules that span fields.
 */
import { err, ok, type Result } from '../result.js';
import { bundleError, type BundleError } from './errors.js';
import { invalid } from './json-check.js';
import { parseStrictJson } from './json-strict.js';
import { MANIFEST_SCHEMA, manifestShape, type Manifest } from './manifest.js';

const DAY_MS = 86_400_000;
/** A test fix is temporary: a year is plenty and bounds the damage of a leaked old bundle. */
export const MAX_VALIDITY_DAYS = 366;
const MIN_KERNEL: Record<string, [number, number]> = { struct_ops: [6, 11], tracing: [6, 3] };

/** Milliseconds since the epoch of a shape-checked `YYYY-MM-DDTHH:MM:SSZ`, or undefined if no such time. */
export function parseUtc(text: string): number | undefined {
	const [y, mo, d, h, mi, s] = text.match(/\d+/g)!.map(Number) as [
		number,
		number,
		number,
		number,
		number,
		number,
	];
	const t = Date.UTC(y, mo - 1, d, h, mi, s);
	const back = new Date(t);
	const same =
		back.getUTCFullYear() === y &&
		back.getUTCMonth() === mo - 1 &&
		back.getUTCDate() === d &&
		back.getUTCHours() === h;
	return same && mi < 60 && s < 60 ? t : undefined;
}

function crossFieldRules(m: Manifest): Result<Manifest, BundleError> {
	const created = parseUtc(m.created);
	if (created === undefined) return invalid('created', 'is not a real calendar time');
	const expires = parseUtc(m.expires);
	if (expires === undefined) return invalid('expires', 'is not a real calendar time');
	if (expires <= created) return invalid('expires', 'must be after "created"');
	if (expires - created > MAX_VALIDITY_DAYS * DAY_MS) {
		return invalid('expires', `must be at most ${MAX_VALIDITY_DAYS} days after "created"`);
	}
	if (m.contact.issue === undefined && m.contact.email === undefined) {
		return invalid('contact', 'needs an "issue" link or an "email" so results can be sent back');
	}
	const seen = new Set<string>();
	const files = [
		...m.programs.map((p, i) => [p.file, `programs[${i}].file`] as const),
		...m.sources.map((s, i) => [s.file, `sources[${i}].file`] as const),
	];
	for (const [file, path] of files) {
		if (seen.has(file.toLowerCase())) return invalid(path, `lists "${file}" twice`);
		seen.add(file.toLowerCase());
	}
	const targets = new Set<string>();
	for (const [i, t] of m.targets.entries()) {
		const key = `${t.bus}:${t.group}:${t.vid}:${t.pid}`;
		if (targets.has(key)) return invalid(`targets[${i}]`, 'repeats an earlier target');
		targets.add(key);
	}
	const [kMaj, kMin] = m.minKernel.split('.').map(Number) as [number, number];
	for (const [i, p] of m.programs.entries()) {
		const [maj, min] = MIN_KERNEL[p.api]!;
		if (kMaj < maj || (kMaj === maj && kMin < min)) {
			return invalid('minKernel', `must be at least ${maj}.${min} for the ${p.api} program programs[${i}]`);
		}
	}
	return ok(m);
}

export function parseManifest(bytes: Uint8Array): Result<Manifest, BundleError> {
	const json = parseStrictJson(bytes);
	if (!json.ok) {
		return err(
			bundleError('manifest-not-json', `manifest.json ${json.why}. Ask the author to re-create the bundle.`, {
				entry: 'manifest.json',
			}),
		);
	}
	const v = json.value;
	if (
		typeof v === 'object' &&
		v !== null &&
		!Array.isArray(v) &&
		'schema' in v &&
		v.schema !== MANIFEST_SCHEMA
	) {
		return err(
			bundleError(
				'manifest-unsupported-schema',
				`This bundle uses manifest schema ${JSON.stringify(v.schema)}; this hidfix understands schema ${MANIFEST_SCHEMA}. Update hidfix.`,
				{ path: 'schema', actual: String(v.schema), expected: MANIFEST_SCHEMA },
			),
		);
	}
	const shaped = manifestShape(v, '');
	return shaped.ok ? crossFieldRules(shaped.value) : shaped;
}
