/**
 * Who may call main: only the top-level frame of our own page, served from our own scheme.
 *
 * SECURITY: an iframe, a page navigated elsewhere, or devtools-injected content all still share the
 * renderer's IPC pipe; checking `senderFrame` on every call is what keeps the bridge ours
 * (vscode's validatedIpcMain and GitHub Desktop's trusted-ipc-sender do the same).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'hidfix';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The parts of Electron's WebFrameMain the check reads (so tests need no real frame). */
export interface SenderFrame {
	readonly url: string;
	readonly parent: unknown;
}

export function isAppFrame(frame: SenderFrame | null | undefined): boolean {
	if (!frame || frame.parent !== null) return false;
	let url: URL;
	try {
		url = new URL(frame.url);
	} catch {
		return false;
	}
	// Compare scheme and host, not `origin`: WHATWG URL reports origin "null" for non-special schemes.
	return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.port === '';
}
