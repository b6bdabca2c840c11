/** `hidfix:capture:*` and `hidfix:report:*`: recordings through the helper, the debug report. */
import type { SessionService } from '../services/session-service.js';
import type { Handlers } from './dispatch.js';

export const sessionHandlers = (
	session: SessionService,
): Pick<
	Handlers,
	'hidfix:capture:record' | 'hidfix:capture:stop' | 'hidfix:report:preview' | 'hidfix:report:save'
> => ({
	'hidfix:capture:record': (req) => session.record(req.device, req.seconds, req.phase),
	'hidfix:capture:stop': () => session.stop(),
	'hidfix:report:preview': (req) => session.preview(req),
	'hidfix:report:save': (req) => session.save(req),
});
