/**
 * The Markdown summary (summary.md, and what `hidfix report show` prints). Every piece of text from
 * the report is escaped: a device name or note is data, never markup (a forge rendering the file
 * must not turn `<img src=…>` or `[x](javascript:…)` from a hostile device into HTML or a link).
 */
import type { DebugReport } from './schema.js';
import { sections, subtitle, title, type Block } from './sections.js';

/**
 * Backslash-escapes what could start markup: inline (emphasis, code, links, autolinks, raw HTML,
 * entities, table cells) anywhere, block markers (heading, quote, list) at the start. The rest of
 * the punctuation stays readable in a terminal.
 */
export const mdEscape = (s: string): string =>
	s.replace(/[\\`*_[\]<>|&~]/g, (c) => `\\${c}`).replace(/^([#+-]|\d+[.)])(?=\s|$)/, '\\$1');

function fence(text: string): string {
	const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
	const f = '`'.repeat(longest + 1);
	return `${f}text\n${text.replace(/\n$/, '')}\n${f}`;
}

function block(b: Block): string {
	switch (b.kind) {
		case 'text':
			return mdEscape(b.text);
		case 'list':
			return b.items.map((i) => `- ${mdEscape(i)}`).join('\n');
		case 'pre':
			return fence(b.text);
		case 'table': {
			const row = (cells: readonly string[]) => `| ${cells.map(mdEscape).join(' | ')} |`;
			return [row(b.head), `|${b.head.map(() => ' --- |').join('')}`, ...b.rows.map(row)].join('\n');
		}
	}
}

export function renderMarkdown(r: DebugReport): string {
	const parts = [`# ${mdEscape(title(r))}`, `_${mdEscape(subtitle(r))}_`];
	for (const s of sections(r)) {
		parts.push(`## ${mdEscape(s.title)}`);
		for (const b of s.blocks) {
			const t = block(b);
			if (t) parts.push(t);
		}
	}
	return `${parts.join('\n\n')}\n`;
}
