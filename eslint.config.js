// Lint, and the layering table of docs/architecture.md made executable: who may import whom.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'zlib', 'stream', 'util'];
const banned = (groups, message) => ({
	'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
	// bpf/ is C, except the real-kernel tests, which are linted like the rest.
	{
		ignores: [
			'out/**',
			'release/**',
			'node_modules/**',
			'bpf/*',
			'!bpf/test/',
			'bpf/test/*',
			'!bpf/test/kernel/',
			'.cache/**',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	...svelte.configs.recommended,
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
	},
	{
		files: [
			'scripts/**',
			'*.js',
			'*.mjs',
			'*.config.ts',
			'app/**/*.ts',
			'main/**/*.ts',
			'bpf/test/kernel/**/*.mjs',
			'main/test/**/*.mjs',
		],
		languageOptions: { globals: globals.node },
	},
	{ files: ['renderer/**/*.ts', 'renderer/**/*.svelte'], languageOptions: { globals: globals.browser } },
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/consistent-type-imports': 'error',
		},
	},
	{
		files: ['app/common/**/*.ts'],
		ignores: ['app/common/**/*.test.ts'],
		rules: banned(
			[...nodeBuiltins, 'electron', 'svelte', '**/node/**', '**/helper/**', '**/main/**', '**/renderer/**'],
			'app/common is the pure core: no Node, Electron, DOM or upper layers.',
		),
	},
	{
		files: ['app/node/**/*.ts'],
		rules: banned(
			['electron', '**/helper/**', '**/main/**', '**/renderer/**'],
			'app/node may use app/common and Node only.',
		),
	},
	{
		files: ['app/helper/**/*.ts'],
		ignores: ['app/helper/**/*.test.ts'],
		// SECURITY: the privileged helper runs as root; it may not pull npm packages or UI code.
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(?!node:|\\.\\.?/).*',
							message:
								'app/helper runs as root: Node builtins (node:*) and project files only, no npm packages.',
						},
						{
							group: ['**/main/**', '**/renderer/**', '**/cli/**'],
							message: 'app/helper may use app/common and app/node only.',
						},
					],
				},
			],
		},
	},
	{
		files: ['main/**/*.ts'],
		rules: banned(
			['**/app/helper/**', '**/renderer/**'],
			'main talks to the helper only through the helper protocol over pkexec.',
		),
	},
	{
		files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
		rules: banned(
			[...nodeBuiltins, 'electron', '**/main/**', '**/app/node/**', '**/app/helper/**'],
			'renderer sees only app/common and the preload API.',
		),
	},
);
