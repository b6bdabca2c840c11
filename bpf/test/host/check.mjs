// Host-side checks of the BPF build, no HID-BPF kernel needed (`make -C bpf check`): every object
// carries the udev-hid-bpf `.hid_bpf_config` encoding with the ids its file header names, a
// `.struct_ops.link` struct hid_bpf_ops and a GPL license; the loader's `check` names what this
// kernel lacks, and argv validation holds. Prints `N passed, N failed` and exits non-zero on failure.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import console from 'node:console';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const OUT = fileURLToPath(new URL('../../out/', import.meta.url));
const LOADER = `${OUT}hidfix-loader`;

/** Objects and the HID_DEVICE entries their sources declare: [bus, group, vid, pid]. */
const OBJECTS = {
	'testing/0010-Microsoft__Optical-Mouse-Natural-Scroll': [[0x03, 0x0001, 0x045e, 0x00d1]],
	'testing/0010-Microsoft__Optical-Mouse-Tilt-Wheel': [[0x03, 0x0001, 0x045e, 0x00d1]],
	'stable/0010-Huion__Kamvas-Pro-19': [[0x03, 0x0004, 0x256c, 0x006b]],
	'stable/0010-Huion__Inspiroy-2-S': [[0x03, 0x0001, 0x256c, 0x0066]],
	'bad/wrong-device': [[0x03, 0x0000, 0x256c, 0x006b]],
	'bad/verifier-reject': [[0x03, 0x0001, 0x045e, 0x00d1]],
	'bad/second-rdesc': [[0x03, 0x0001, 0x045e, 0x00d1]],
};

/**
 * Decode `.hid_bpf_config` the way udev-hid-bpf does: DataSec -> Var -> Union -> Struct fields
 * name/bus/group/vid/pid -> Ptr -> Array.nr_elems.
 */
function hidBpfConfig(types) {
	const byId = new Map(types.map((t) => [t.id, t]));
	const sec = types.find((t) => t.kind === 'DATASEC' && t.name === '.hid_bpf_config');
	assert.ok(sec, 'no DATASEC .hid_bpf_config');
	const entries = [];
	for (const v of sec.vars) {
		const union = byId.get(byId.get(v.type_id).type_id);
		assert.equal(union.kind, 'UNION');
		for (const m of union.members) {
			const s = byId.get(m.type_id);
			assert.equal(s.kind, 'STRUCT');
			const f = Object.fromEntries(
				s.members.map((x) => [x.name, byId.get(byId.get(x.type_id).type_id).nr_elems]),
			);
			assert.deepEqual(Object.keys(f), ['name', 'bus', 'group', 'vid', 'pid']);
			entries.push([f.bus, f.group, f.vid, f.pid]);
		}
	}
	return entries;
}

const results = [];
function check(name, fn) {
	try {
		fn();
		results.push([name, null]);
	} catch (e) {
		results.push([name, e]);
	}
}

for (const [name, expected] of Object.entries(OBJECTS)) {
	const path = `${OUT}${name}.bpf.o`;
	check(`${name}: .hid_bpf_config, struct_ops, license`, () => {
		assert.ok(existsSync(path), `${path} missing (make -C bpf)`);
		const { types } = JSON.parse(
			execFileSync('bpftool', ['-j', 'btf', 'dump', 'file', path], { encoding: 'utf8' }),
		);
		assert.deepEqual(hidBpfConfig(types), expected);
		const ops = types.find((t) => t.kind === 'DATASEC' && t.name === '.struct_ops.link');
		assert.ok(ops, 'no .struct_ops.link section (HID_BPF_OPS)');
		const ops_var = types.find((t) => t.id === ops.vars[0].type_id);
		assert.equal(types.find((t) => t.id === ops_var.type_id).name, 'hid_bpf_ops');
		const sections = execFileSync('llvm-objdump-19', ['-h', path], { encoding: 'utf8' });
		assert.match(sections, / license /);
	});
}

function loader(...args) {
	const r = spawnSync(LOADER, args, { encoding: 'utf8', timeout: 30_000 });
	return { status: r.status, json: JSON.parse(r.stdout) };
}

check('hidfix-loader check names every missing piece (or reports support)', () => {
	const r = loader('check');
	if (r.json.ok) {
		assert.equal(r.status, 0);
		return;
	}
	assert.equal(r.status, r.json.code === 'permission-denied' ? 9 : 8);
	assert.ok(r.json.missing.length > 0);
	for (const m of r.json.missing) assert.match(m.code, /^[a-z]+(-[a-z]+)*$/);
	if (!r.json.checks.hidBpfStructOps)
		assert.match(r.json.message, /CONFIG_HID_BPF|legacy HID-BPF/, r.json.message);
});

check('hidfix-loader refuses non-HID paths and bad names before touching the kernel', () => {
	assert.deepEqual(
		[loader('attach', '/etc/passwd', 'x.bpf.o').status, loader('attach', 'a;b', 'x').status],
		[3, 2],
	);
	assert.equal(loader('detach', '0003:045E:00D1.0001', 'a b').json.code, 'usage');
	assert.equal(loader('frobnicate').json.code, 'usage');
});

let failed = 0;
for (const [name, e] of results) {
	if (e) {
		failed++;
		console.log(`not ok - ${name}\n  ${e.message.split('\n').join('\n  ')}`);
	} else {
		console.log(`ok - ${name}`);
	}
}
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
