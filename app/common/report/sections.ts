/**
 * The content of the human summary, once, as plain data; markdown.ts and html.ts only render it, so
 * the two summaries cannot drift apart. Order follows what a maintainer reads first: device, fix,
 * verdict, the diffs, then the facts to check their setup against, then the user's words.
 */
import { ENTRY_ORDER, entryDescription, REPORT_JSON, SUMMARY_HTML, SUMMARY_MD } from './entries.js';
import type { BpffsFacts, CaptureFacts, DebugReport, NodeFacts, TextLogFacts } from './schema.js';

export type Block =
	| { readonly kind: 'text'; readonly text: string }
	| { readonly kind: 'list'; readonly items: readonly string[] }
	| {
			readonly kind: 'table';
			readonly head: readonly string[];
			readonly rows: readonly (readonly string[])[];
	  }
	| { readonly kind: 'pre'; readonly text: string };

export interface Section {
	readonly title: string;
	readonly blocks: readonly Block[];
}

const text = (t: string): Block => ({ kind: 'text', text: t });
const list = (items: readonly string[], empty: string): Block =>
	items.length ? { kind: 'list', items } : text(empty);
const kv = (rows: [string, string][]): Block => ({ kind: 'table', head: ['', ''], rows });

const nodes = (n: NodeFacts | null): string =>
	n ? [n.hidraw ?? '(no hidraw)', ...n.evdev].join(', ') : 'not recorded';

function capture(name: string, c: CaptureFacts | null): string[] {
	if (!c) return [name, 'not recorded', '', '', '', ''];
	return [
		name,
		String(c.hidrawReports),
		String(c.bpfReports),
		String(c.evdevEvents),
		(c.durationUs / 1e6).toFixed(3),
		`${c.redactedReports} / ${c.redactedEvdevEvents}`,
	];
}

function bpffs(b: BpffsFacts): string[] {
	if (!b.readable) return [`not readable: ${b.reason ?? 'unknown reason'}`];
	if (!b.objects.length) return ['nothing attached under /sys/fs/bpf/hid'];
	return b.objects.map((o) => `${o.device}/${o.object}: ${o.pins.join(', ') || '(no pins)'}`);
}

const log = (name: string, l: TextLogFacts): string =>
	l.readable
		? `${name}: ${l.lines} line${l.lines === 1 ? '' : 's'} in ${l.file ?? '(none)'}`
		: `${name}: not included (${l.reason ?? 'unknown reason'})`;

export function sections(r: DebugReport): Section[] {
	const d = r.device;
	const out: Section[] = [];
	out.push({
		title: 'Device',
		blocks: [
			kv([
				['Name', d.name],
				['HID device', d.sysname],
				['Bus / VID / PID', `${d.bus} / ${d.vid} / ${d.pid}`],
				['Modalias', d.modalias ?? 'unknown'],
				['Nodes without the fix', nodes(d.nodes.before)],
				['Nodes with the fix', nodes(d.nodes.after)],
			]),
		],
	});
	const f = r.fix;
	out.push({
		title: 'Fix',
		blocks: f
			? [
					kv([
						['Fix', `${f.id} ${f.version}`],
						['Title', f.title],
						[
							'Signed by',
							f.signers.map((s) => `${s.principals.join(', ')} (${s.keyType} ${s.fingerprint})`).join('; '),
						],
						['Bundle SHA-256', f.bundleSha256],
					]),
					list(
						f.programs.map((p) => `${p.file} (${p.api}) sha256:${p.sha256}`),
						'No programs.',
					),
				]
			: [text('No fix was attached for this report.')],
	});
	const verdict = [text(r.comparison?.verdict ?? 'There is no before/after pair of recordings to compare.')];
	if (r.fixEffect)
		verdict.push(
			text(
				`Inside the recording with the fix (device bytes before the fix against what user space received): ${r.fixEffect.verdict}`,
			),
		);
	out.push({ title: 'Verdict', blocks: verdict });
	const c = r.comparison;
	out.push({
		title: 'Report descriptor changes',
		blocks: [
			list(
				[...(c?.descriptor ?? []), ...(c?.layout ?? [])],
				c ? 'The descriptor did not change.' : 'Not compared.',
			),
		],
	});
	out.push({
		title: 'Event differences',
		blocks: [
			list(c?.events ?? [], c ? 'No difference in the recorded events.' : 'Not compared.'),
			...(r.fixEffect?.events.length
				? [text('Within the recording with the fix:'), list(r.fixEffect.events, '')]
				: []),
		],
	});
	out.push({
		title: 'Recordings',
		blocks: [
			{
				kind: 'table',
				head: [
					'Recording',
					'hidraw reports (E:)',
					'before-BPF reports (B:)',
					'evdev events',
					'seconds',
					'redacted reports / evdev',
				],
				rows: [capture('without the fix', r.captures.before), capture('with the fix', r.captures.after)],
			},
		],
	});
	const p = r.privacy;
	out.push({
		title: 'Privacy',
		blocks: [
			text(
				p.includeKeyboardEvents
					? 'The user chose to include keyboard key events: the recordings may contain typed text.'
					: `Keyboard key data was redacted: ${p.redactedReports} hidraw report${p.redactedReports === 1 ? '' : 's'} had their keyboard fields blanked and ${p.redactedEvdevEvents} evdev key event${p.redactedEvdevEvents === 1 ? ' was' : 's were'} replaced by a marker. Mouse and tablet buttons are kept.`,
			),
		],
	});
	const s = r.system;
	out.push({
		title: 'System',
		blocks: [
			kv([
				['Kernel', s.kernel],
				['OS', s.os?.prettyName ?? 'unknown'],
				['Kernel BTF', s.hidBpf.btf ? 'present' : 'missing (no CONFIG_DEBUG_INFO_BTF)'],
				[
					'bpffs at /sys/fs/bpf',
					s.hidBpf.bpffsMounted === null ? 'unknown' : s.hidBpf.bpffsMounted ? 'mounted' : 'not mounted',
				],
				['HID-BPF API in the kernel', s.hidBpf.api],
				[
					'udev-hid-bpf',
					s.udevHidBpf.installed ? (s.udevHidBpf.version ?? 'installed, version unknown') : 'not installed',
				],
			]),
			text('BPF objects attached at export time:'),
			list(bpffs(s.bpffs), ''),
			...(r.bpffsBefore ? [text('Before the fix was attached:'), list(bpffs(r.bpffsBefore), '')] : []),
			list(
				[log('Kernel log (dmesg)', r.dmesg), log('udevadm info', r.udevadm), log('Helper log', r.helperLog)],
				'',
			),
		],
	});
	out.push({ title: "User's note", blocks: [r.note ? { kind: 'pre', text: r.note } : text('(none)')] });
	const listed = new Map(r.entries.map((e) => [e.name, e]));
	out.push({
		title: 'Contents of this report',
		blocks: [
			{
				kind: 'table',
				head: ['File', 'Size', 'What'],
				rows: ENTRY_ORDER.filter(
					(n) => n === REPORT_JSON || n === SUMMARY_MD || n === SUMMARY_HTML || listed.has(n),
				).map((n) => [n, listed.has(n) ? `${listed.get(n)!.size} bytes` : '', entryDescription(n)]),
			},
		],
	});
	return out;
}

export const title = (r: DebugReport): string => `hidfix debug report: ${r.device.name}`;
export const subtitle = (r: DebugReport): string =>
	`${r.createdAt}, ${r.generator}, report schema ${r.schema}`;
