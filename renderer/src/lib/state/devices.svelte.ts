/**
 * The HID devices connected now, refreshed on demand (no polling: reading sysfs is cheap but a
 * list that reshuffles while the user reads it is not).
 */
import type { DeviceView, Failure } from '../../../../app/common/ipc/contract.js';
import { api } from '../api.js';

export type DevicesStatus =
	| { readonly kind: 'loading' }
	| { readonly kind: 'ready'; readonly devices: readonly DeviceView[] }
	| { readonly kind: 'failed'; readonly failure: Failure };

export class DevicesState {
	status = $state.raw<DevicesStatus>({ kind: 'loading' });

	async refresh(): Promise<void> {
		this.status = { kind: 'loading' };
		const reply = await api().listDevices();
		this.status = reply.ok ? { kind: 'ready', devices: reply.value } : { kind: 'failed', failure: reply };
	}
}
