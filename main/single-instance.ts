/**
 * One hidfix per user session: a second start hands its files to the first and exits.
 *
 * The second instance's own argv and cwd travel as `additionalData`, because the `argv` Electron
 * passes to `second-instance` can be reordered and carry extra Chromium switches.
 */
import { parseLaunchData, type LaunchData } from './open-files.js';

/** The two `app` members this needs, so tests can pass the electron mock or a plain object. */
export interface SingleInstanceApp {
	requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
	on(
		event: 'second-instance',
		listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
	): unknown;
}

/** False when another instance holds the lock (it got our files; we should quit). */
export function claimSingleInstance(
	app: SingleInstanceApp,
	launch: LaunchData,
	onSecondLaunch: (data: LaunchData) => void,
): boolean {
	if (!app.requestSingleInstanceLock({ argv: [...launch.argv], cwd: launch.cwd })) return false;
	app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
		// Fall back to Electron's view only when the data is not ours (an older hidfix, another tool).
		onSecondLaunch(parseLaunchData(additionalData) ?? { argv, cwd: workingDirectory });
	});
	return true;
}
