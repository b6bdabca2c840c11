// `npm run bench`: runs every section in scripts/bench/*.mjs (each exports `title` and
// `run({ log })`) in file-name order. `node scripts/bench.mjs <section…>` runs only those sections.
// Sections import the built core from out/ (the npm script runs build:core first).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const only = process.argv.slice(2);
const sections = readdirSync(dir)
	.filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
	.sort()
	.filter((f) => only.length === 0 || only.includes(f.replace(/\.mjs$/, '')));

let failed = false;
for (const file of sections) {
	const mod = await import(pathToFileURL(join(dir, file)).href);
	console.log(`\n== ${mod.title ?? file} ==`);
	try {
		await mod.run({ log: (line) => console.log(line) });
	} catch (e) {
		failed = true;
		console.error(`${file}: ${e instanceof Error ? e.stack : e}`);
	}
}
process.exit(failed ? 1 : 0);
