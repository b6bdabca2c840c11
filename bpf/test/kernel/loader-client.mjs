// Helpers shared by loader.test.mjs and fixes.test.mjs: run bpf/out/hidfix-loader and read bpffs.
// Not a test file (no .test.mjs suffix).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, URL } from 'node:url';

const OUT = fileURLToPath(new URL('../../out/', import.meta.url));

/** The loader under test, built by `make -C bpf`. */
export const LOADER = `${OUT}hidfix-loader`;

/** Path of a built object: `obj('testing/0010-Microsoft__Optical-Mouse-Natural-Scroll')`. */
export function obj(name) {
	const path = `${OUT}${name}.bpf.o`;
	if (!existsSync(path)) throw new Error(`${path} missing: run \`make -C bpf\``);
	return path;
}

/** bpffs pin dir name of an object path, as udev-hid-bpf computes it (':' and '.' -> '_'). */
export function objDirName(path) {
	return path.split('/').at(-1).replace(/\.o$/, '').replace(/[:.]/g, '_');
}

/** `/sys/fs/bpf/hid/<dev>` for a HID sysname. */
export function bpffsDeviceDir(sysname) {
	return `/sys/fs/bpf/hid/${sysname.replace(/[:.]/g, '_')}`;
}

/** Pins under `/sys/fs/bpf/hid/<dev>/<obj>/`, or null if the dir does not exist. */
export function pinsOf(sysname, objectPath) {
	const dir = `${bpffsDeviceDir(sysname)}/${objDirName(objectPath)}`;
	return existsSync(dir) ? readdirSync(dir).sort() : null;
}

/**
 * Run hidfix-loader; it must print exactly one JSON object on stdout.
 *
 * @param {string[]} args
 * @returns {{ status: number, json: any, stderr: string, ms: number }}
 */
export function loader(...args) {
	const t0 = performance.now();
	const r = spawnSync(LOADER, args, { encoding: 'utf8', timeout: 60_000 });
	const ms = performance.now() - t0;
	if (r.error) throw r.error;
	const lines = r.stdout.trim().split('\n');
	assert.equal(
		lines.length,
		1,
		`hidfix-loader ${args.join(' ')} printed ${lines.length} lines:\n${r.stdout}`,
	);
	let json;
	try {
		json = JSON.parse(lines[0]);
	} catch (e) {
		throw new Error(`hidfix-loader ${args.join(' ')}: stdout is not JSON (${e.message}):\n${r.stdout}`);
	}
	return { status: r.status, json, stderr: r.stderr, ms };
}

/** Run the loader and assert success; returns the JSON. */
export function loaderOk(...args) {
	const r = loader(...args);
	assert.equal(r.json.ok, true, `hidfix-loader ${args.join(' ')} failed: ${JSON.stringify(r.json, null, 1)}`);
	assert.equal(r.status, 0);
	return r.json;
}

/** `attach <sysfs path> <object>` and assert success. */
export function attach(dev, objectPath, ...extra) {
	return loaderOk('attach', `/sys/bus/hid/devices/${dev.sysname}`, objectPath, ...extra);
}

/** `detach <sysname> <object>` and assert success. */
export function detach(dev, objectPath) {
	return loaderOk('detach', dev.sysname, objectPath);
}
