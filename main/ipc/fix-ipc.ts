/** `hidfix:fix:*`: Test, Keep, Revert through the privileged helper. */
import type { FixService } from '../services/fix-service.js';
import type { Handlers } from './dispatch.js';

export const fixHandlers = (
	fixes: FixService,
): Pick<Handlers, 'hidfix:fix:test' | 'hidfix:fix:keep' | 'hidfix:fix:revert' | 'hidfix:fix:installed'> => ({
	'hidfix:fix:installed': () => fixes.installed(),
	'hidfix:fix:test': (req) => fixes.test(req.bundle, req.device),
	'hidfix:fix:keep': (req) => fixes.keep(req.fixId),
	'hidfix:fix:revert': (req) => fixes.revert(req.fixId),
});
