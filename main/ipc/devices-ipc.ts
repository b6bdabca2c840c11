/** `hidfix:devices:*`: the HID devices connected now (read-only sysfs). */
import type { DeviceView, Reply } from '../../app/common/ipc/contract.js';
import type { Handlers } from './dispatch.js';

export const devicesHandlers = (
	list: () => Promise<Reply<readonly DeviceView[]>>,
): Pick<Handlers, 'hidfix:devices:list'> => ({
	'hidfix:devices:list': () => list(),
});
