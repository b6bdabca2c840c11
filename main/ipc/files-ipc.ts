/** `hidfix:files:*`: bundle paths the OS handed to the app before the page could listen. */
import { okReply } from '../../app/common/ipc/contract.js';
import type { Handlers } from './dispatch.js';

export const filesHandlers = (inbox: {
	takePending(): readonly string[];
}): Pick<Handlers, 'hidfix:files:take-pending'> => ({
	'hidfix:files:take-pending': async () => okReply(inbox.takePending()),
});
