/** Typed access to the app's state objects from any component (set once in App.svelte). */
import { getContext, setContext } from 'svelte';
import type { BundleState } from './state/bundle.svelte.js';
import type { DevicesState } from './state/devices.svelte.js';
import type { FixState } from './state/fix.svelte.js';
import type { SessionState } from './state/session.svelte.js';

export interface AppState {
	readonly bundle: BundleState;
	readonly devices: DevicesState;
	readonly fix: FixState;
	readonly session: SessionState;
}

const KEY = Symbol('hidfix-app');

export const setAppContext = (state: AppState): AppState => setContext(KEY, state);

export function getAppContext(): AppState {
	const state = getContext<AppState | undefined>(KEY);
	if (state === undefined) throw new Error('getAppContext() outside <App>');
	return state;
}
