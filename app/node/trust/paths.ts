/**
 * Where trust lives. System store `/etc/hidfix/allowed_signers` (root-managed), user store
 * `$XDG_CONFIG_HOME/hidfix/allowed_signers`, version records `$XDG_STATE_HOME/hidfix/versions.json`.
 * Every root is injectable so tests never touch the real /etc or ~.
 */
import { homedir as osHomedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface TrustPaths {
	readonly systemPath: string;
	readonly userPath: string;
	readonly versionsPath: string;
}

export interface TrustPathsOptions {
	readonly env?: NodeJS.ProcessEnv;
	readonly homedir?: string;
	/** Default `/etc/hidfix`. */
	readonly systemDir?: string;
}

export const SYSTEM_TRUST_DIR = '/etc/hidfix';

/** Resolves the paths per the XDG Base Directory spec (relative XDG values are ignored, as it says). */
export function trustPaths(opts: TrustPathsOptions = {}): TrustPaths {
	const env = opts.env ?? process.env;
	const home = opts.homedir ?? osHomedir();
	const xdg = (name: string, fallback: string) => {
		const v = env[name];
		return v && isAbsolute(v) ? v : join(home, fallback);
	};
	return {
		systemPath: join(opts.systemDir ?? SYSTEM_TRUST_DIR, 'allowed_signers'),
		userPath: join(xdg('XDG_CONFIG_HOME', '.config'), 'hidfix', 'allowed_signers'),
		versionsPath: join(xdg('XDG_STATE_HOME', join('.local', 'state')), 'hidfix', 'versions.json'),
	};
}
