// The app build: out/main/index.js (ESM), out/preload/index.cjs (sandboxed preloads must be CommonJS),
// out/renderer/ (Svelte). `electron-vite build` needs no Electron binary.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
	main: {
		build: {
			lib: { entry: resolve(root, 'main/index.ts') },
			// Native addon: loaded from node_modules at run time, never bundled.
			rolldownOptions: { external: ['node-hid'] },
		},
	},
	preload: {
		build: {
			lib: { entry: resolve(root, 'main/preload/index.ts') },
			rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
		},
	},
	renderer: {
		root: resolve(root, 'renderer'),
		plugins: [svelte()],
		build: {
			outDir: resolve(root, 'out/renderer'),
			rolldownOptions: { input: resolve(root, 'renderer/index.html') },
		},
	},
});
