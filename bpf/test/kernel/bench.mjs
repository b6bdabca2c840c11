// Attach/detach latency of every example fix through hidfix-loader, on uhid devices built from the
// real descriptors. Run inside the test VM by scripts/vm/bench-kernel.sh (npm run bench:kernel).
//
// For each fix, ROUNDS attach+detach cycles on one device; printed per fix (medians, ms):
//   attach   wall time of `hidfix-loader attach` (spawn .. exit; for an rdesc fix the loader
//            returns once the re-probed device is bound again)
//   in       the loader's own total (timings.totalMs); attach - in = process start-up
//   btf      the loader parsing /sys/kernel/btf/vmlinux itself: attach needs it only to inspect
//            other fixes pinned on the device; detach to know whether to wait for a re-probe
//   load     bpf_object__load() alone, i.e. the kernel verifier (+ libbpf's own BTF/CO-RE work):
//            the floor any loader pays
//   share    load / attach
//   detach   wall time of `hidfix-loader detach` (returns once the links are released and, for an
//            rdesc fix, the original descriptor is back)
//   d.btf    detach's kernel BTF parse
//   d.wait   the part of detach spent waiting for the kernel to release the link (deferred) and
//            re-probe the device
// TCG (no KVM here) makes everything 10-50x slower than on hardware; compare ratios, not ms.
import console from 'node:console';
import process from 'node:process';
import { createFromFixture, ensureModules } from './lib/uhid.mjs';
import { loader, obj } from './loader-client.mjs';

const ROUNDS = Number(process.env.HIDFIX_BENCH_ROUNDS ?? 10);

const FIXES = [
	{
		name: '0010-Microsoft__Optical-Mouse-Natural-Scroll',
		kind: 'event',
		obj: 'testing/0010-Microsoft__Optical-Mouse-Natural-Scroll',
		fixture: 'msmouse.hid.txt',
	},
	{
		name: '0010-Microsoft__Optical-Mouse-Tilt-Wheel',
		kind: 'rdesc',
		obj: 'testing/0010-Microsoft__Optical-Mouse-Tilt-Wheel',
		fixture: 'msmouse.hid.txt',
	},
	{
		name: '0010-Huion__Kamvas-Pro-19',
		kind: 'rdesc+event',
		obj: 'stable/0010-Huion__Kamvas-Pro-19',
		fixture: 'huion-kamvas-pro-19-0003-256C-006B.0002.hid.bin',
		opts: { getReportAnswers: { 5: [0x05, 0x0a] } },
	},
	{
		name: '0010-Huion__Inspiroy-2-S',
		kind: 'rdesc, probe',
		obj: 'stable/0010-Huion__Inspiroy-2-S',
		fixture: 'huion-inspiroy-2s-0003-256C-0066.0017.hid.bin',
	},
];

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (v, w = 8) => v.toFixed(1).padStart(w);

ensureModules();
console.log(`hidfix-loader attach/detach latency, ${ROUNDS} rounds per fix, medians in ms (TCG guest)`);
console.log(
	`${'fix'.padEnd(46)}${'kind'.padEnd(14)}${['attach', 'in', 'btf', 'load', 'share', 'detach', 'd.btf', 'd.wait'].map((h) => h.padStart(8)).join('')}`,
);
let failed = false;
for (const f of FIXES) {
	const dev = await createFromFixture(f.fixture, f.opts ?? {});
	const attach = [];
	const load = [];
	const btf = [];
	const inside = [];
	const detach = [];
	const dbtf = [];
	const dwait = [];
	try {
		for (let i = 0; i < ROUNDS; i++) {
			const a = loader('attach', dev.sysPath, obj(f.obj));
			if (!a.json.ok) throw new Error(`attach: ${a.json.message}`);
			attach.push(a.ms);
			load.push(a.json.timings.loadMs);
			btf.push(a.json.timings.kernelBtfMs);
			inside.push(a.json.timings.totalMs);
			const d = loader('detach', dev.sysname, obj(f.obj));
			if (!d.json.ok) throw new Error(`detach: ${d.json.message}`);
			detach.push(d.ms);
			dwait.push(d.json.timings.waitMs);
			dbtf.push(d.json.timings.kernelBtfMs);
		}
		const [am, im, bm, lm, dm, dbm, wm] = [attach, inside, btf, load, detach, dbtf, dwait].map(median);
		console.log(
			`${f.name.padEnd(46)}${f.kind.padEnd(14)}${fmt(am)}${fmt(im)}${fmt(bm)}${fmt(lm)}${(((lm / am) * 100).toFixed(0) + '%').padStart(8)}${fmt(dm)}${fmt(dbm)}${fmt(wm)}`,
		);
	} catch (e) {
		failed = true;
		console.log(`${f.name.padEnd(46)}FAILED: ${e.message}`);
	} finally {
		await dev.destroy();
		loader('detach', dev.sysname);
	}
}
process.exit(failed ? 1 : 0);
