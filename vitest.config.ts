import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['app/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts'],
		globalSetup: ['app/test/global-setup.ts'],
		expect: { requireAssertions: true },
		testTimeout: 30_000,
	},
});
