/**
 * Serving the built renderer from one directory, for the app's custom scheme and the dev bridge.
 *
 * SECURITY: the URL path is decoded, normalised and must stay inside `root` (no `..`, no encoded
 * slashes walking out); only regular files with a known type are served.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.woff2': 'font/woff2',
	'.json': 'application/json',
};

export interface StaticFile {
	readonly body: Uint8Array;
	readonly type: string;
}

export function staticPathFor(root: string, urlPath: string): string | undefined {
	let decoded: string;
	try {
		decoded = decodeURIComponent(urlPath);
	} catch {
		return undefined;
	}
	if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
	const rel = normalize(decoded === '/' || decoded === '' ? '/index.html' : decoded).replace(/^\/+/, '');
	if (rel.startsWith('..') || rel.split(sep).includes('..')) return undefined;
	return join(root, rel);
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile | undefined> {
	const path = staticPathFor(root, urlPath);
	const type = path === undefined ? undefined : TYPES[extname(path)];
	if (path === undefined || type === undefined) return undefined;
	try {
		if (!(await stat(path)).isFile()) return undefined;
		return { body: new Uint8Array(await readFile(path)), type };
	} catch {
		return undefined;
	}
}
