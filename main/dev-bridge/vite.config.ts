// Builds the dev bridge (Node, no Electron) to out/dev-web/bridge.js for `npm run dev:web`.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
	root,
	logLevel: 'warn',
	build: {
		ssr: resolve(root, 'main/dev-bridge/cli.ts'),
		outDir: resolve(root, 'out/dev-web'),
		emptyOutDir: false,
		target: 'node20',
		minify: false,
		rolldownOptions: { output: { entryFileNames: 'bridge.js' } },
	},
});
