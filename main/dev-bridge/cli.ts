/**
 * `npm run dev:web`: serve the web build through the dev bridge and print the URL.
 *
 *   node out/dev-web/bridge.js [--bundles DIR] [--user-keys FILE] [--system-keys FILE]
 *                              [--sysfs DIR] [--now ISO-TIME] [BUNDLE…]
 *
 * Defaults: the golden fixture bundles, the user's real trust store, the real /sys. Test keys are
 * never trusted by default; pass `--user-keys app/test/fixtures/bundles/keys/allowed_signers` to see
 * a golden bundle as trusted.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM_ROOTS } from '../../app/node/capture/sysfs-nodes.js';
import { trustPaths } from '../../app/node/trust/paths.js';
import { startBridge } from './server.js';

const here = import.meta.dirname; // out/dev-web
const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		bundles: { type: 'string', default: resolve(here, '../../app/test/fixtures/bundles') },
		'user-keys': { type: 'string' },
		'system-keys': { type: 'string' },
		sysfs: { type: 'string' },
		now: { type: 'string' },
	},
});
const base = trustPaths();
const now = values.now === undefined ? undefined : new Date(values.now);
if (now !== undefined && Number.isNaN(now.getTime())) throw new Error(`--now ${values.now} is not a date`);

const bridge = await startBridge({
	rendererDir: resolve(here, 'renderer'),
	bundleDir: resolve(values.bundles),
	trust: {
		systemPath: values['system-keys'] ?? base.systemPath,
		userPath: values['user-keys'] ?? base.userPath,
	},
	sysfs: values.sysfs === undefined ? SYSTEM_ROOTS : { sysfs: resolve(values.sysfs), dev: '/dev' },
	...(now && { now: () => now }),
	pending: positionals.map((p) => resolve(p)),
});
process.stdout.write(
	`hidfix dev bridge: ${bridge.url}  (bundles from ${resolve(values.bundles)}; Ctrl-C stops)\n`,
);
