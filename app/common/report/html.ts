/**
 * The HTML summary (summary.html): one self-contained file a developer opens from a mail or an
 * issue attachment. No script, no external resource (inline CSS only, and a Content-Security-Policy
 * that forbids anything else, as a second line of defence); every piece of report text is escaped,
 * since device names come from firmware and the note from the user.
 */
import type { DebugReport } from './schema.js';
import { sections, subtitle, title, type Block } from './sections.js';

const ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};
export const htmlEscape = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const CSS = [
	'body{font:15px/1.45 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}',
	'h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}',
	'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}',
	'pre{background:#f4f4f4;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere}',
	'code,td{overflow-wrap:anywhere}.sub{color:#666}',
].join('');

function block(b: Block): string {
	switch (b.kind) {
		case 'text':
			return `<p>${htmlEscape(b.text)}</p>`;
		case 'list':
			return `<ul>${b.items.map((i) => `<li>${htmlEscape(i)}</li>`).join('')}</ul>`;
		case 'pre':
			return `<pre>${htmlEscape(b.text)}</pre>`;
		case 'table': {
			const head = b.head.some((h) => h !== '')
				? `<tr>${b.head.map((h) => `<th>${htmlEscape(h)}</th>`).join('')}</tr>`
				: '';
			const rows = b.rows
				.map((r) => `<tr>${r.map((c) => `<td>${htmlEscape(c)}</td>`).join('')}</tr>`)
				.join('\n');
			return `<table>${head}\n${rows}</table>`;
		}
	}
}

export function renderHtml(r: DebugReport): string {
	const body: string[] = [
		`<h1>${htmlEscape(title(r))}</h1>`,
		`<p class="sub">${htmlEscape(subtitle(r))}</p>`,
	];
	for (const s of sections(r)) {
		body.push(`<h2>${htmlEscape(s.title)}</h2>`);
		for (const b of s.blocks) if (b.kind !== 'list' || b.items.length) body.push(block(b));
	}
	return [
		'<!DOCTYPE html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
		`<title>${htmlEscape(title(r))}</title>`,
		`<style>${CSS}</style>`,
		'</head>',
		'<body>',
		...body,
		'</body>',
		'</html>',
		'',
	].join('\n');
}
