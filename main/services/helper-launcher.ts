/**
 * How the app runs the privileged helper: through pkexec, so polkit asks for the password and the
 * helper gets a clean environment. Installed (deb/rpm): the root-owned launcher the polkit policy
 * names, so the dialog says "Test a device fix". From a checkout: the built helper under the app's own
 * Node (Electron as Node), which polkit treats as a generic admin command.
 */
import { join } from 'node:path';
import type { HelperLauncher } from '../../app/node/elevation/helper-client.js';

/** assets/polkit/io.github.hidfix.policy's exec.path; the packages install it root-owned. */
export const INSTALLED_HELPER = '/opt/hidfix/resources/bin/hidfix-helper';

export function helperLauncher(o: {
	readonly packaged: boolean;
	/** The app's root (Electron `app.getAppPath()`; the repository in a checkout). */
	readonly appPath: string;
	/** The Node that runs the helper from a checkout (Electron's, or plain Node for the dev bridge). */
	readonly execPath: string;
	/** Electron needs ELECTRON_RUN_AS_NODE to act as Node; pkexec clears the environment, env sets it. */
	readonly electron: boolean;
}): HelperLauncher {
	if (o.packaged) return { command: 'pkexec', args: [INSTALLED_HELPER] };
	const helper = join(o.appPath, 'out/app/helper/main.js');
	return {
		command: 'pkexec',
		args: o.electron ? ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', o.execPath, helper] : [o.execPath, helper],
	};
}
