/**
 * What a CLI command may touch, injected so tests run commands in-process with their own output
 * buffers, environment and clock (no spawning, no real ~/.config or /etc).
 */
import { trustPaths, type TrustPaths } from '../node/trust/paths.js';

export interface CliContext {
	readonly out: (text: string) => void;
	readonly err: (text: string) => void;
	readonly env: NodeJS.ProcessEnv;
	readonly cwd: string;
	readonly now: () => Date;
	/** Default `/etc/hidfix`; tests point it at a temp dir. */
	readonly systemDir?: string;
	/** Asks the user a yes/no question on a terminal; absent when there is none (scripts, pipes). */
	readonly confirm?: (question: string) => Promise<boolean>;
}

/** Trust-store and version-record paths, each overridable by a command-line option. */
export function resolvePaths(
	ctx: CliContext,
	values: { 'system-keys'?: string; 'user-keys'?: string; versions?: string },
): TrustPaths {
	const base = trustPaths({ env: ctx.env, ...(ctx.systemDir !== undefined && { systemDir: ctx.systemDir }) });
	return {
		systemPath: values['system-keys'] ?? base.systemPath,
		userPath: values['user-keys'] ?? base.userPath,
		versionsPath: values.versions ?? base.versionsPath,
	};
}

export const TRUST_OPTIONS = {
	'system-keys': { type: 'string' },
	'user-keys': { type: 'string' },
	versions: { type: 'string' },
} as const;

/** Thrown for bad command lines; the dispatcher prints it with the usage hint and exits 2. */
export class UsageError extends Error {}
