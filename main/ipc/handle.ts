/**
 * The one place that registers `ipcMain` handlers: typed by the contract's channel map, with the
 * sender check and the payload validator (see dispatch.ts) applied before any service code runs.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { InvokeChannel } from '../../app/common/ipc/contract.js';
import { dispatch, type Handler, type Handlers } from './dispatch.js';
import { isAppFrame } from './trusted-sender.js';

/** Decides whether an invoke comes from our page. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export const appFrameOnly: SenderCheck = (event) => isAppFrame(event.senderFrame);

export function handle<K extends InvokeChannel>(
	channel: K,
	handler: Handler<K>,
	isTrusted: SenderCheck = appFrameOnly,
): void {
	ipcMain.handle(channel, (event, ...args: unknown[]) => dispatch(channel, handler, isTrusted(event), args));
}

export function handleAll(handlers: Handlers, isTrusted: SenderCheck = appFrameOnly): void {
	for (const channel of Object.keys(handlers) as InvokeChannel[]) {
		handle(channel, handlers[channel] as Handler<typeof channel>, isTrusted);
	}
}
