/** Every channel's handler, assembled from the area files (the app and the dev bridge share it). */
import type { DeviceView, Reply } from '../../app/common/ipc/contract.js';
import type { BundleService } from '../services/bundle-service.js';
import type { FixService } from '../services/fix-service.js';
import type { SessionService } from '../services/session-service.js';
import { bundleHandlers } from './bundle-ipc.js';
import { devicesHandlers } from './devices-ipc.js';
import type { Handlers } from './dispatch.js';
import { filesHandlers } from './files-ipc.js';
import { fixHandlers } from './fix-ipc.js';
import { sessionHandlers } from './session-ipc.js';

export interface Services {
	readonly bundles: BundleService;
	readonly listDevices: () => Promise<Reply<readonly DeviceView[]>>;
	readonly inbox: { takePending(): readonly string[] };
	readonly fixes: FixService;
	readonly session: SessionService;
}

export const createHandlers = (s: Services): Handlers => ({
	...bundleHandlers(s.bundles),
	...devicesHandlers(s.listDevices),
	...filesHandlers(s.inbox),
	...fixHandlers(s.fixes),
	...sessionHandlers(s.session),
});
