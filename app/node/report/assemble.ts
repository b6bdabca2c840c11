/**
 * A debug report from recordings and this machine: what `hidfix report create` and the window's
 * "Export debug report" both build. The device is the one named, or the one the recording says it
 * came from (`# Recorded by hidfix from …`); a device that is gone is described from the recording's
 * header. The sysfs descriptor goes with the recording it equals (the after one first) and is left
 * out, with a warning, when it equals neither. Warnings are for the user, not failures.
 */
import { deviceFromModalias, targetsDevice } from '../../common/bpf/device-match.js';
import type { Manifest } from '../../common/bundle/manifest.js';
import { parseRecording, type RecordedDevice } from '../../common/hid/recording.js';
import {
	hex4,
	type BuiltReport,
	type DescriptorInput,
	type LogInput,
	type ReportDevice,
} from '../../common/report/build.js';
import type { FixFacts, NodeFacts } from '../../common/report/schema.js';
import { err, ok, type Result } from '../../common/result.js';
import { resolveHidNodes, type SysfsRoots } from '../capture/sysfs-nodes.js';
import { buildDebugReport } from './build-report.js';
import { collectReportContext } from './collect.js';
import { readSysfsDevice } from './device-facts.js';
import type { SystemProbe } from './system-facts.js';

export interface AssembleInput {
	/** hid-recorder text without and with the fix. */
	readonly before?: string;
	readonly after?: string;
	/** The device's sysname when the caller names it; it must then be connected. */
	readonly device?: string;
	readonly fix?: FixFacts & { readonly manifestBytes: Uint8Array; readonly targets: Manifest['targets'] };
	readonly note: string;
	readonly includeKeyboardEvents: boolean;
	readonly helperLog: LogInput;
	readonly roots: SysfsRoots;
	readonly probe?: SystemProbe;
	readonly now: Date;
	readonly generator: string;
}

export type AssembleErrorCode =
	/** A recording without an R: header: not a hid-recorder file. */
	| 'recording-invalid'
	/** Which device is unknown, or the recordings are of another device. */
	| 'device-unknown'
	/** The named device is not connected. */
	| 'device-not-found'
	/** The report could not be built (`detail` is the report error code). */
	| 'build-failed';

export interface AssembleError {
	readonly code: AssembleErrorCode;
	readonly message: string;
	readonly reportCode?: string;
}

export interface Assembled {
	readonly built: BuiltReport;
	readonly warnings: readonly string[];
}

const RECORDED_BY =
	/^# Recorded by hidfix from ([0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4,8})\b/m;

/** The header of a recording (everything before its first report) is enough to know the device. */
function header(text: string): { device: RecordedDevice | undefined; sysname: string | undefined } {
	const first = text.search(/^[EB]: /m);
	const head = first < 0 ? text : text.slice(0, first);
	const parsed = parseRecording(head);
	return {
		device: parsed.ok ? parsed.value.devices.find((d) => d.descriptor) : undefined,
		sysname: RECORDED_BY.exec(head)?.[1],
	};
}

const equal = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
	a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

const idsOf = (sysname: string) => {
	const [bus, vid, pid] = sysname.split(/[:.]/).map((h) => Number.parseInt(h, 16));
	return { bus: bus!, vendor: vid!, product: pid! };
};

export async function assembleReport(i: AssembleInput): Promise<Result<Assembled, AssembleError>> {
	const fail = (code: AssembleErrorCode, message: string) => err({ code, message });
	const heads: { before?: ReturnType<typeof header>; after?: ReturnType<typeof header> } = {};
	for (const phase of ['before', 'after'] as const) {
		const text = i[phase];
		if (text === undefined) continue;
		const h = header(text);
		if (!h.device)
			return fail(
				'recording-invalid',
				`The ${phase} recording has no device header (R: line); give a recording from hidfix record or hid-recorder.`,
			);
		heads[phase] = h;
	}
	const { before, after } = heads;
	const recorded = (after ?? before)?.device;
	if (!recorded) return fail('recording-invalid', 'A report needs at least one recording.');

	const sysname = i.device ?? after?.sysname ?? before?.sysname;
	if (sysname === undefined)
		return fail(
			'device-unknown',
			'The recording does not say which device it is from (not made by hidfix record); name the connected device.',
		);
	const ids = idsOf(sysname);
	for (const r of [before, after])
		if (
			r?.device &&
			(r.device.bus !== ids.bus || r.device.vendor !== ids.vendor || r.device.product !== ids.product)
		)
			return fail(
				'device-unknown',
				`The recording is of ${hex4(r.device.vendor ?? 0).slice(2)}:${hex4(r.device.product ?? 0).slice(2)}, but ${sysname} is ${hex4(ids.vendor).slice(2)}:${hex4(ids.product).slice(2)}; pick the matching device.`,
			);

	const live = await readSysfsDevice(sysname, i.roots.sysfs);
	if (!live.ok && i.device !== undefined)
		return fail('device-not-found', `${live.error.message} The device must be connected to be named.`);
	const warnings: string[] = [];
	let device: ReportDevice;
	let nodes: NodeFacts | undefined;
	const descriptors: { before?: DescriptorInput; after?: DescriptorInput } = {};
	if (before?.device?.descriptor) descriptors.before = { hidraw: before.device.descriptor };
	if (after?.device?.descriptor) descriptors.after = { hidraw: after.device.descriptor };
	if (live.ok) {
		const { descriptor, ...facts } = live.value;
		device = facts;
		const n = await resolveHidNodes(sysname, i.roots);
		if (n.ok) nodes = { hidraw: n.value.hidraw, evdev: n.value.events };
		// sysfs has the descriptor in use now: it belongs to whichever recording it matches, the latest first.
		if (equal(descriptor, after?.device?.descriptor))
			descriptors.after = { ...descriptors.after, sysfs: descriptor };
		else if (equal(descriptor, before?.device?.descriptor))
			descriptors.before = { ...descriptors.before, sysfs: descriptor };
		else
			warnings.push(
				`${sysname}'s report descriptor differs from the recordings' (the fix was attached or removed since?); the sysfs copy is left out.`,
			);
	} else {
		device = {
			sysname,
			name: recorded.name ?? '',
			bus: ids.bus,
			vendor: ids.vendor,
			product: ids.product,
			modalias: null,
		};
		warnings.push(`${sysname} is not connected: the device facts come from the recording's header.`);
	}

	if (i.fix) {
		const group = device.modalias === null ? undefined : deviceFromModalias(device.modalias)?.group;
		const ids = {
			bus: device.bus,
			vid: device.vendor,
			pid: device.product,
			...(group !== undefined && { group }),
		};
		if (!targetsDevice(i.fix.targets, ids))
			warnings.push(
				`${i.fix.id} does not target ${sysname} (${i.fix.targets.map((t) => `${t.vid.slice(2)}:${t.pid.slice(2)}`).join(', ')}); is it the right fix?`,
			);
	}

	const context = await collectReportContext(sysname, [nodes], i.probe);
	const { targets: _targets, ...fix } = i.fix ?? { targets: [] };
	const built = buildDebugReport({
		createdAt: i.now,
		generator: i.generator,
		device,
		...(i.before !== undefined && { before: { recording: i.before } }),
		...(i.after !== undefined && { after: { recording: i.after, ...(nodes && { nodes }) } }),
		descriptors,
		...(i.fix && { fix: fix as FixFacts & { manifestBytes: Uint8Array } }),
		system: context.system,
		udevadm: live.ok ? context.udevadm : { reason: `${sysname} is not connected` },
		dmesg: context.dmesg,
		helperLog: i.helperLog,
		note: i.note,
		includeKeyboardEvents: i.includeKeyboardEvents,
	});
	if (!built.ok)
		return err({ code: 'build-failed', message: built.error.message, reportCode: built.error.code });
	return ok({ built: built.value, warnings });
}
