/**
 * The checked path every request takes, without Electron: sender verdict → argument count →
 * the contract's validator → handler, with exceptions turned into `internal-error`. `handle.ts`
 * wires it to `ipcMain`; the dev bridge wires the same handlers to HTTP.
 */
import {
	failReply,
	type InvokeChannel,
	type Reply,
	type RequestOf,
	type ValueOf,
} from '../../app/common/ipc/contract.js';
import { VALIDATORS } from '../../app/common/ipc/validate.js';

export type Handler<K extends InvokeChannel> = (request: RequestOf<K>) => Promise<Reply<ValueOf<K>>>;

/** One handler per channel: a missing one is a compile error where the set is assembled. */
export type Handlers = { readonly [K in InvokeChannel]: Handler<K> };

export async function dispatch<K extends InvokeChannel>(
	channel: K,
	handler: Handler<K>,
	trusted: boolean,
	args: readonly unknown[],
): Promise<Reply<ValueOf<K>>> {
	if (!trusted) return failReply('sender-not-allowed', `${channel}: the caller is not the hidfix window.`);
	if (args.length > 1)
		return failReply('bad-request', `${channel}: expected one argument, got ${args.length}`);
	const request = VALIDATORS[channel](args[0]);
	if (!request.ok) return request.error;
	try {
		return await handler(request.value as RequestOf<K>);
	} catch (e) {
		console.error(`hidfix: ${channel} handler failed`, e);
		return failReply('internal-error', 'Something went wrong inside hidfix. Please report this as a bug.', {
			channel,
		});
	}
}
