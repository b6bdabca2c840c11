/**
 * Content-Security-Policy of the UI. Everything is bundled and served by us: no remote scripts,
 * styles, fonts or connections, no plugins, no <base> tricks. Svelte 5 needs no 'unsafe-eval' or
 * inline scripts (checked with the production build in Chromium).
 */
const base = {
	'default-src': "'self'",
	'script-src': "'self'",
	'style-src': "'self'",
	'img-src': "'self' data:",
	'font-src': "'self'",
	'object-src': "'none'",
	'base-uri': "'none'",
	'form-action': "'none'",
	'frame-ancestors': "'none'",
};

const render = (p: Record<string, string>) =>
	Object.entries(p)
		.map(([k, v]) => `${k} ${v}`)
		.join('; ');

/** The app: talks to main over IPC only, so no network at all. */
export const APP_CSP = render({ ...base, 'connect-src': "'none'" });

/** The loopback dev bridge: the page's `window.hidfix` shim fetches JSON from the same origin. */
export const DEV_WEB_CSP = render({ ...base, 'connect-src': "'self'" });
