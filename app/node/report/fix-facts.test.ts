/**
 * A report about a real signed bundle: the natural-scroll golden (Microsoft 045E:00D1, an
 * event-only fix that negates the wheel byte of report 17) opened with the real reader, and
 * recordings whose after-capture carries the transformed reports (E:) next to the device's own (B:).
 */
import { describe, expect, it } from 'vitest';
import { openBundle } from '../bundle/open-bundle.js';
import { sha256Hex } from '../bundle/hash.js';
import { golden, NOW, storeFromFile } from '../../test/fixtures/bundles/kit.js';
import { buildDebugReport } from './build-report.js';
import { fixFacts } from './fix-facts.js';
import { ev, mouseInputs, msmouse, recording } from './report-kit.test-helper.js';

/** Scrolls: wheel byte 4 = +1, +1, +2 as the device sends it. */
const scroll = (kind: 'E' | 'B', sign = 1) =>
	[1, 1, 2].map((w, i) => ev(i * 10, kind, 0x11, 0x00, 0x00, 0x00, (sign * w) & 0xff, 0x00));

describe('fixFacts and a report about an event-only fix', () => {
	const bytes = golden('natural-scroll.hidfix');
	const opened = openBundle(bytes, { trust: storeFromFile('allowed_signers'), now: NOW });
	if (!opened.ok) throw new Error(opened.error.message);
	const fix = fixFacts(opened.value, bytes);

	it('takes id, version, signers, program hashes and the exact manifest bytes from the opened bundle', () => {
		expect({ ...fix, manifestBytes: fix.manifestBytes.length }).toEqual({
			id: 'org.hidfix.test.microsoft-natural-scroll',
			version: '2.1.0-rc.1',
			title: opened.value.manifest.title,
			bundleSha256: sha256Hex(bytes),
			signers: [
				{
					fingerprint: expect.stringMatching(/^SHA256:/),
					principals: expect.any(Array),
					keyType: 'ssh-ed25519',
				},
			],
			programs: opened.value.manifest.programs.map((p) => ({
				file: p.file,
				sha256: p.sha256,
				api: 'struct_ops',
			})),
			manifestBytes: opened.value.manifestBytes.length,
		});
	});

	it('the verdict and the in-recording fix effect show the inverted wheel; the manifest is archived', () => {
		const dev = msmouse();
		const after = scroll('B').flatMap((b, i) => [b, scroll('E', -1)[i]!]);
		const r = buildDebugReport(
			mouseInputs({
				fix,
				before: { recording: recording(dev, scroll('E')) },
				after: { recording: recording(dev, after) },
				descriptors: { before: { sysfs: dev.descriptor! }, after: { sysfs: dev.descriptor! } },
			}),
		);
		if (!r.ok) throw new Error(r.error.message);
		const { report, entries } = r.value;
		expect([report.comparison?.verdict, report.comparison?.events, report.fixEffect?.events]).toEqual([
			'The report descriptor is unchanged (196 bytes). Changed in the captures: Wheel (range 1..2 → -2..-1).',
			['report 17: Wheel: range 1..2 → -2..-1'],
			['report 17: Wheel: range 1..2 → -2..-1'],
		]);
		expect([report.fix?.bundleSha256, entries.find((e) => e.name === 'manifest.json')?.bytes]).toEqual([
			sha256Hex(bytes),
			opened.value.manifestBytes,
		]);
	});
});
