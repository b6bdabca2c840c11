/** `hidfix:bundle:*`: open a bundle by offered path, or by bytes the user picked. */
import type { BundleService } from '../services/bundle-service.js';
import type { Handlers } from './dispatch.js';

export const bundleHandlers = (
	bundles: BundleService,
): Pick<Handlers, 'hidfix:bundle:open' | 'hidfix:bundle:open-bytes'> => ({
	'hidfix:bundle:open': (req) => bundles.openPath(req.path),
	'hidfix:bundle:open-bytes': (req) => bundles.openBytes(req.name, req.bytes),
});
