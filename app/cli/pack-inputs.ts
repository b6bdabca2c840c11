/**
 * Reading `hidfix pack` inputs from disk: the manifest fields file (with `created`/`expires`
 * defaults) and the program and source files under their archive names.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { ManifestFields, PackFile } from '../node/bundle/pack.js';
import { UsageError } from './context.js';

/** Default validity of a packed test fix when the fields file gives no `expires`. */
export const DEFAULT_VALIDITY_DAYS = 90;
const DERIVED = ['schema', 'programs', 'sources'];

const utcSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function readFields(path: string, now: Date): Promise<ManifestFields> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(await readFile(path, 'utf8'));
	} catch (e) {
		throw new UsageError(`cannot read manifest fields ${path}: ${(e as Error).message}`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new UsageError(`${path} must hold a JSON object of manifest fields`);
	}
	const fields = parsed as Record<string, unknown>;
	for (const k of DERIVED) {
		if (k in fields)
			throw new UsageError(`${path}: "${k}" is derived by hidfix pack from the files; remove it`);
	}
	fields.created ??= utcSeconds(now);
	if (fields.expires === undefined && typeof fields.created === 'string') {
		const created = Date.parse(fields.created);
		if (!Number.isNaN(created))
			fields.expires = utcSeconds(new Date(created + DEFAULT_VALIDITY_DAYS * 86_400_000));
	}
	// Shape and values are checked by the manifest validator after merging, with JSON paths.
	return fields as unknown as ManifestFields;
}

async function walk(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const ent of await readdir(dir, { withFileTypes: true })) {
		// Dot files (.git, editor swap files) are never part of a fix's source.
		if (ent.name.startsWith('.')) continue;
		const p = join(dir, ent.name);
		if (ent.isDirectory()) out.push(...(await walk(p)));
		else if (ent.isFile()) out.push(p);
	}
	return out.sort();
}

export async function readPrograms(paths: readonly string[], cwd: string): Promise<PackFile[]> {
	return Promise.all(
		paths.map(async (p) => ({ name: `programs/${basename(p)}`, bytes: await readFile(resolve(cwd, p)) })),
	);
}

/** A file becomes `src/<name>`; a directory contributes its files as `src/<dir name>/<relative path>`. */
export async function readSources(
	paths: readonly string[],
	readme: string | undefined,
	cwd: string,
): Promise<PackFile[]> {
	const out: PackFile[] = [];
	for (const p of paths) {
		const abs = resolve(cwd, p);
		if ((await stat(abs)).isDirectory()) {
			for (const f of await walk(abs)) {
				out.push({
					name: `src/${basename(abs)}/${relative(abs, f).split('\\').join('/')}`,
					bytes: await readFile(f),
				});
			}
		} else {
			out.push({ name: `src/${basename(abs)}`, bytes: await readFile(abs) });
		}
	}
	if (readme !== undefined) out.push({ name: 'README.md', bytes: await readFile(resolve(cwd, readme)) });
	return out;
}
