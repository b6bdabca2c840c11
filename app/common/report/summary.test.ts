import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../node/bundle/hash.js';
import { mouseInputs, msmouse, recording, mouseEvents } from '../../node/report/report-kit.test-helper.js';
import { decodeUtf8 } from '../bundle/utf8.js';
import { parseRecording } from '../hid/recording.js';
import { buildReport } from './build.js';
import { mdEscape } from './markdown.js';

const HOSTILE_NAME = '<script>alert(1)</script> "Mouse" & \u001b[31mred\u001b[0m\nN: injected';
const HOSTILE_NOTE =
	'It broke </pre><script src="https://evil.example/x.js"></script>\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n``` fence';

function hostile() {
	const dev = { ...msmouse(), name: HOSTILE_NAME };
	const r = buildReport(
		mouseInputs({
			device: {
				sysname: '0003:045E:00D1.0001',
				name: HOSTILE_NAME,
				bus: 3,
				vendor: 0x45e,
				product: 0xd1,
				modalias: null,
			},
			before: { recording: recording(dev, mouseEvents('E')) },
			note: HOSTILE_NOTE,
		}),
		{ sha256Hex },
	);
	if (!r.ok) throw new Error(r.error.message);
	return (name: string) => decodeUtf8(r.value.entries.find((e) => e.name === name)!.bytes)!;
}

describe('summaries', () => {
	it('HTML is self-contained: no script, no external resource, a CSP that forbids both', () => {
		const html = hostile()('summary.html');
		expect({
			script: /<script/i.test(html),
			external: /<[^>]*\s(src|href)\s*=/i.test(html),
			handlers: /<[^>]+\son\w+=/i.test(html),
			csp: html.includes(`content="default-src 'none'; style-src 'unsafe-inline'"`),
		}).toEqual({ script: false, external: false, handlers: false, csp: true });
	});

	it('HTML escapes the device name and the note, and keeps no control character', () => {
		const html = hostile()('summary.html');
		expect(html).toContain(
			'<h1>hidfix debug report: &lt;script&gt;alert(1)&lt;/script&gt; &quot;Mouse&quot; &amp; \ufffd[31mred\ufffd[0m\ufffdN: injected</h1>',
		);
		expect(html).toContain(
			'<pre>It broke &lt;/pre&gt;&lt;script src=&quot;https://evil.example/x.js&quot;&gt;&lt;/script&gt;\n[click](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;\n``` fence</pre>',
		);
		// eslint-disable-next-line no-control-regex
		expect(/[\u0000-\u0008\u000b-\u001f]/.test(html)).toBe(false);
	});

	it('Markdown escapes markup in text and fences the note longer than its own backticks', () => {
		const md = hostile()('summary.md');
		expect(md).toContain('# hidfix debug report: \\<script\\>alert(1)\\</script\\> "Mouse" \\& ');
		expect(md).toContain('````text\nIt broke </pre>');
		expect(md).not.toMatch(/^N: injected/m);
		expect([
			mdEscape('[x](javascript:alert(1))'),
			mdEscape('- item'),
			mdEscape('0.032'),
			mdEscape('a_b|c'),
		]).toEqual(['\\[x\\](javascript:alert(1))', '\\- item', '0.032', 'a\\_b\\|c']);
	});

	it('a newline in the device name cannot inject lines into the recordings', () => {
		const get = hostile();
		const rec = parseRecording(get('rdesc-before.txt'));
		expect(rec.ok && [rec.value.devices.length, rec.value.devices[0]!.name]).toEqual([
			1,
			'<script>alert(1)</script> "Mouse" & \ufffd[31mred\ufffd[0m\ufffdN: injected',
		]);
	});

	it('the summary has the sections a maintainer asks for, in order', () => {
		const r = buildReport(mouseInputs(), { sha256Hex });
		const md = r.ok ? decodeUtf8(r.value.entries[1]!.bytes)! : '';
		expect(md.match(/^## .*/gm)).toEqual([
			'## Device',
			'## Fix',
			'## Verdict',
			'## Report descriptor changes',
			'## Event differences',
			'## Recordings',
			'## Privacy',
			'## System',
			"## User's note",
			'## Contents of this report',
		]);
		expect(md).toContain(
			'| Signed by | dev@example.org (ssh-ed25519 SHA256:7e0dKtPzXGsOl0I5wQdV3bq6mS7xo0l8wzPo4qT5Y2A) |',
		);
		expect(md).toContain('| Bundle SHA-256 | ' + 'b'.repeat(64) + ' |');
		expect(md).toContain('- input report 17: added Usage (Button 4)');
		expect(md).toContain('| after.hid.txt | ');
	});
});
