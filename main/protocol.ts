/**
 * The UI is served from `app://hidfix/`, a privileged standard scheme, instead of `file://`:
 * file pages share one origin with every local file, and module scripts are refused from file:.
 * Each response carries the CSP as a header (a <meta> CSP cannot set frame-ancestors).
 */
import { protocol } from 'electron';
import { APP_CSP } from './csp.js';
import { APP_HOST, APP_SCHEME } from './ipc/trusted-sender.js';
import { readStatic } from './static-files.js';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
	// corsEnabled: Vite emits <script type="module" crossorigin>, a CORS-mode fetch, which Chromium
	// refuses for schemes not registered as CORS-enabled (reported for Electron 42 module imports; not
	// verified here without the binary). It only makes our static UI files readable cross-origin, and
	// no other origin can run in this app (navigation and new windows are blocked).
	protocol.registerSchemesAsPrivileged([
		{
			scheme: APP_SCHEME,
			privileges: { standard: true, secure: true, corsEnabled: true, supportFetchAPI: false },
		},
	]);
}

export async function appResponse(root: string, requestUrl: string): Promise<Response> {
	const url = new URL(requestUrl);
	const file = url.host === APP_HOST ? await readStatic(root, url.pathname) : undefined;
	if (file === undefined) return new Response('not found', { status: 404 });
	return new Response(file.body, {
		headers: {
			'content-type': file.type,
			'content-security-policy': APP_CSP,
			'x-content-type-options': 'nosniff',
		},
	});
}

export function serveRenderer(root: string): void {
	protocol.handle(APP_SCHEME, (request) => appResponse(root, request.url));
}
