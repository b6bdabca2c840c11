/**
 * The services behind the IPC, wired the same way for the Electron app and the dev bridge: bundles
 * verified and held by hash, Test/Keep/Revert and the session (recordings, report) through one
 * helper client. Only what differs is passed in: trust paths, how to run the helper, where to save.
 */
import type { DeviceView, Reply } from '../../app/common/ipc/contract.js';
import { helperClient, type HelperLauncher } from '../../app/node/elevation/helper-client.js';
import type { SysfsRoots } from '../../app/node/capture/sysfs-nodes.js';
import type { InstallRoots } from '../../app/node/elevation/install-layout.js';
import type { TrustStorePaths } from '../../app/node/trust/store.js';
import type { Services } from '../ipc/handlers.js';
import { createBundleService } from './bundle-service.js';
import { listHidDevices } from './device-service.js';
import { createFixService } from './fix-service.js';
import type { PathPolicy } from './path-policy.js';
import { createSessionService } from './session-service.js';

export interface AppServiceOptions {
	readonly trust: TrustStorePaths;
	readonly paths: PathPolicy;
	readonly inbox: Services['inbox'];
	readonly helper: HelperLauncher;
	readonly generator: string;
	readonly chooseSavePath: (defaultName: string) => Promise<string | undefined>;
	readonly sysfs?: SysfsRoots;
	readonly now?: () => Date;
	/** Where the helper installs fixes (default: the system's). */
	readonly installRoots?: InstallRoots;
}

export function createAppServices(o: AppServiceOptions): Services {
	const bundles = createBundleService({ trust: o.trust, paths: o.paths, ...(o.now && { now: o.now }) });
	const helper = helperClient(o.helper);
	const held = (sha256: string) => bundles.held(sha256);
	const session = createSessionService({
		helper,
		held,
		trust: o.trust,
		generator: o.generator,
		chooseSavePath: o.chooseSavePath,
		...(o.sysfs && { roots: o.sysfs }),
		...(o.now && { now: o.now }),
	});
	const listDevices = (): Promise<Reply<readonly DeviceView[]>> => listHidDevices(o.sysfs);
	return {
		bundles,
		listDevices,
		inbox: o.inbox,
		fixes: createFixService({
			held,
			helper,
			session,
			...(o.installRoots && { installRoots: o.installRoots }),
		}),
		session,
	};
}
