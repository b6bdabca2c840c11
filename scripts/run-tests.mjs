// The project's one test command: unit tests under Node, then (when present) the BPF host tests,
// the browser tests and the real-kernel VM tests, ending with the `N passed, N failed` line CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const want = (suite) => only.length === 0 || only.includes(suite);
let passed = 0;
let failed = 0;

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
	return r.status ?? 1;
}

/** Each suite prints its own `N passed, N failed` line last; we add them up. */
function runCounted(name, cmd, args) {
	const r = spawnSync(cmd, args, { stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8' });
	process.stdout.write(r.stdout ?? '');
	const m = /(\d+) passed, (\d+) failed/.exec((r.stdout ?? '').trim().split('\n').at(-1) ?? '');
	if (!m) {
		console.error(`${name}: no result line (exit ${r.status})`);
		failed += 1;
		return;
	}
	passed += Number(m[1]);
	failed += Number(m[2]);
	if (r.status !== 0 && Number(m[2]) === 0) failed += 1;
}

if (want('deps')) {
	// Debian packages the BPF build and the kernel VM need; idempotent and quick once installed.
	const asRoot = process.getuid?.() === 0;
	const status = asRoot
		? run('bash', ['scripts/install-system-deps.sh'])
		: run('sudo', ['bash', 'scripts/install-system-deps.sh']);
	if (status !== 0) {
		console.error('deps: installing system packages failed (see above)');
		failed += 1;
	}
}

if (want('static')) {
	for (const [name, args] of [
		['typecheck', ['run', 'typecheck']],
		['lint', ['run', 'lint']],
		['format', ['run', 'format:check']],
	]) {
		if (run('npm', args) === 0) passed += 1;
		else {
			console.error(`static: ${name} failed`);
			failed += 1;
		}
	}
}

if (want('build')) {
	// Unit tests read real objects from bpf/out and the CLI tests run the built out/; build both once.
	for (const [name, cmd, args] of [
		['build:core', 'npm', ['run', 'build:core']],
		['build:bpf', 'make', ['-s', '-C', 'bpf']],
		['build:app', 'npm', ['run', 'build']],
	]) {
		if (run(cmd, args) === 0) passed += 1;
		else {
			console.error(`build: ${name} failed`);
			failed += 1;
		}
	}
}

if (want('unit')) {
	const dir = mkdtempSync(join(tmpdir(), 'hidfix-vitest-'));
	const out = join(dir, 'result.json');
	const status = run('npx', [
		'vitest',
		'run',
		'--reporter=dot',
		'--reporter=json',
		`--outputFile.json=${out}`,
	]);
	try {
		const res = JSON.parse(readFileSync(out, 'utf8'));
		passed += res.numPassedTests;
		failed += res.numFailedTests;
		if (status !== 0 && res.numFailedTests === 0) failed += 1; // a suite failed to load
	} catch {
		console.error('unit: vitest wrote no result');
		failed += 1;
	}
}

// Host-only checks of the BPF objects and the loader (no VM): objects, metadata, loader argv checks.
if (want('bpf')) runCounted('bpf', 'make', ['-s', '-C', 'bpf', 'check']);

if (want('fuzz')) runCounted('fuzz', 'node', ['scripts/fuzz-bundle.mjs', '--runs', '3000']);

if (want('kernel')) runCounted('kernel', 'bash', ['scripts/vm/test-kernel.sh']);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
