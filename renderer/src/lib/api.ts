/**
 * The renderer's only door to main: `window.hidfix`, set by the preload (or, in a plain browser,
 * by the dev bridge's shim). Components and state classes import from here, never from `window`.
 */
import type { HidfixApi } from '../../../app/common/ipc/contract.js';

declare global {
	interface Window {
		readonly hidfix?: HidfixApi;
	}
}

export class BridgeMissingError extends Error {
	constructor() {
		super('window.hidfix is missing: the page was loaded without the hidfix preload or dev bridge.');
	}
}

/** The bridge; a missing one is a packaging bug, so it throws (and App shows it as such). */
export function api(): HidfixApi {
	const bridge = window.hidfix;
	if (bridge === undefined) throw new BridgeMissingError();
	return bridge;
}
