/**
 * Which `.hidfix` files a command line asks the app to open.
 *
 * Linux desktops start the app as `hidfix %U` (or `%F`): plain paths or `file://` URIs. In a second
 * instance Chromium may reorder argv and add its own switches, so main passes the second instance's
 * own `process.argv` and cwd as `additionalData` and reads those instead (docs: notes/ecosystem.md §4).
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLE_EXT = /\.hidfix$/i;

/** What the second instance sent us; validated because any local process can start a second instance. */
export interface LaunchData {
	readonly argv: readonly string[];
	readonly cwd: string;
}

/** Leading argv entries that are not user arguments: the binary, plus the app path under `electron .`. */
export function argvSkip(isPackaged: boolean): number {
	return isPackaged ? 1 : 2;
}

function toPath(arg: string, cwd: string): string | undefined {
	if (/^file:/i.test(arg)) {
		try {
			// Throws for a remote host (file://otherhost/…): such a file is not ours to open.
			return fileURLToPath(arg);
		} catch {
			return undefined;
		}
	}
	// Any other URI scheme (http:, smb:, …) is not a local file.
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return undefined;
	return isAbsolute(arg) ? resolve(arg) : resolve(cwd, arg);
}

/** Absolute paths of the `.hidfix` files named on a command line, in order, without duplicates. */
export function bundlePathsFromArgv(argv: readonly string[], cwd: string, skip: number): string[] {
	const out: string[] = [];
	for (const arg of argv.slice(skip)) {
		if (arg === '' || arg.startsWith('-')) continue; // switches: ours, Chromium's, or `--`
		const path = toPath(arg, cwd);
		if (path !== undefined && BUNDLE_EXT.test(path) && !out.includes(path)) out.push(path);
	}
	return out;
}

/** Narrows `additionalData` from `second-instance`; undefined when it is not what we send. */
export function parseLaunchData(data: unknown): LaunchData | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const { argv, cwd } = data as Record<string, unknown>;
	if (!Array.isArray(argv) || argv.length > 1000 || !argv.every((a) => typeof a === 'string'))
		return undefined;
	if (typeof cwd !== 'string' || !isAbsolute(cwd)) return undefined;
	return { argv: argv as string[], cwd };
}
