import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../common/report/build.js';
import { REPORT_LIMITS } from '../../common/report/archive.js';
import { sha256Hex } from '../bundle/hash.js';
import { fakeSysfs } from '../capture/fake-sysfs.test-helper.js';
import { buildDebugReport } from './build-report.js';
import { hidrawSysname, readSysfsDevice } from './device-facts.js';
import { mouseInputs, msmouse } from './report-kit.test-helper.js';
import { readReport, saveReport, writeReportFile } from './report-file.js';

const built = () => {
	const r = buildReport(mouseInputs(), { sha256Hex });
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
};

describe('saving and opening .hidfix-report files', () => {
	it('saves atomically with mode 0600; tar(1) lists the entries and extracts them unchanged', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-report-'));
		const path = join(dir, 'mouse.hidfix-report');
		const b = built();
		expect(await saveReport(b.entries, path)).toEqual({ ok: true, value: undefined });
		expect([readdirSync(dir), statSync(path).mode & 0o777]).toEqual([['mouse.hidfix-report'], 0o600]);
		const listed = execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n');
		expect(listed).toEqual(b.entries.map((e) => e.name));
		const after = execFileSync('tar', ['-xOf', path, 'after.hid.txt']);
		expect(new Uint8Array(after)).toEqual(b.entries.find((e) => e.name === 'after.hid.txt')!.bytes);
	});

	it('reads back what it saved (built with the native encoder, same bytes as the pure one)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-report-'));
		const b = built();
		const native = buildDebugReport(mouseInputs());
		expect(native.ok && native.value.entries.map((e) => sha256Hex(e.bytes))).toEqual(
			b.entries.map((e) => sha256Hex(e.bytes)),
		);
		await saveReport(b.entries, join(dir, 'r.hidfix-report'));
		const r = await readReport(join(dir, 'r.hidfix-report'));
		expect(r.ok && r.value.report).toEqual(b.report);
	});

	it('a report made by tar(1) from extracted files opens too (stock tools both ways)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-report-'));
		const b = built();
		for (const e of b.entries) writeFileSync(join(dir, e.name), e.bytes);
		execFileSync('tar', ['--format=ustar', '-cf', 'again.hidfix-report', ...b.entries.map((e) => e.name)], {
			cwd: dir,
		});
		const r = await readReport(join(dir, 'again.hidfix-report'));
		expect(r.ok && r.value.report.device.sysname).toBe('0003:045E:00D1.0001');
	});

	it('refuses what is not a regular file, too large, or not writable, with codes', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hidfix-report-'));
		execFileSync('mkfifo', [join(dir, 'fifo')]);
		writeFileSync(join(dir, 'big'), new Uint8Array(4096));
		const codes = [
			await readReport(join(dir, 'fifo')),
			await readReport(dir),
			await readReport(join(dir, 'absent')),
			await readReport(join(dir, 'big'), { ...REPORT_LIMITS, maxReportBytes: 1000 }),
			await writeReportFile(join(dir, 'no/such/dir/r.hidfix-report'), new Uint8Array(1)),
		].map((r) => (r.ok ? 'ok' : r.error.code));
		expect([codes, readdirSync(dir).sort()]).toEqual([
			['report-unreadable', 'report-unreadable', 'report-unreadable', 'report-too-large', 'write-failed'],
			['big', 'fifo'],
		]);
	});
});

describe('sysfs device facts', () => {
	it('reads name, ids, modalias and descriptor; maps /dev/hidrawN to the HID device', async () => {
		const fake = fakeSysfs();
		const rdesc = msmouse().descriptor!;
		fake.add({
			sysname: '0003:045E:00D1.0001',
			hidraw: 3,
			rdesc,
			uevent:
				'DRIVER=hid-generic\nHID_ID=0003:0000045E:000000D1\nHID_NAME=Microsoft Optical Mouse\nMODALIAS=hid:b0003g0001v0000045Ep000000D1\n',
		});
		expect([
			await readSysfsDevice('0003:045E:00D1.0001', fake.roots.sysfs),
			await hidrawSysname('/dev/hidraw3', fake.roots.sysfs),
			(await hidrawSysname('/dev/hidraw9', fake.roots.sysfs)).ok,
			(await hidrawSysname('/dev/sda', fake.roots.sysfs)).ok,
		]).toEqual([
			{
				ok: true,
				value: {
					sysname: '0003:045E:00D1.0001',
					name: 'Microsoft Optical Mouse',
					bus: 3,
					vendor: 0x45e,
					product: 0xd1,
					modalias: 'hid:b0003g0001v0000045Ep000000D1',
					descriptor: new Uint8Array(rdesc),
				},
			},
			{ ok: true, value: '0003:045E:00D1.0001' },
			false,
			false,
		]);
		fake.cleanup();
	});
});
