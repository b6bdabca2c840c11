// Web build of the renderer for the loopback dev bridge (npm run dev:web, Chromium tests): the same
// app plus renderer/dev/web-shim.ts, injected before the app's script, as window.hidfix.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

const here = resolve(import.meta.dirname, '../../renderer');

const injectShim = (): Plugin => ({
	name: 'hidfix-dev-web-shim',
	transformIndexHtml: {
		order: 'pre',
		handler: () => [{ tag: 'script', attrs: { type: 'module', src: './dev/web-shim.ts' }, injectTo: 'head' }],
	},
});

export default defineConfig({
	root: here,
	base: './',
	logLevel: 'warn',
	plugins: [svelte(), injectShim()],
	build: { outDir: resolve(here, '../out/dev-web/renderer'), emptyOutDir: true, minify: false },
});
