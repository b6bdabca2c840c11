/**
 * Which bundle paths the renderer may ask main to open.
 *
 * SECURITY: the renderer is untrusted, and "open this path" from it must not become "read any file
 * the user can read" (error messages would echo what they found). The app opens only paths the OS
 * handed to main (file association, second instance); the dev bridge only files under one directory.
 * Either way the decision is made here, in main, from main's own records.
 */
import { realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

export interface PathPolicy {
	/** The path to open when allowed (canonical where it matters), undefined when refused. */
	allow(path: string): Promise<string | undefined>;
}

/** Paths main itself received from the OS and offered to the renderer. */
export class OfferedPaths implements PathPolicy {
	readonly #paths = new Set<string>();

	offer(path: string): void {
		this.#paths.add(path);
	}

	async allow(path: string): Promise<string | undefined> {
		return this.#paths.has(path) ? path : undefined;
	}
}

/** Regular paths below `dir` after resolving symbolic links (dev bridge and tests). */
export function underDirectory(dir: string): PathPolicy {
	return {
		async allow(path) {
			try {
				const [root, real] = await Promise.all([realpath(dir), realpath(resolve(dir, path))]);
				return real.startsWith(root + sep) ? real : undefined;
			} catch {
				return undefined;
			}
		},
	};
}
