/**
 * `report.json` schema v1: the machine-readable heart of a `.hidfix-report` (docs/debug-report.md §4).
 *
 * Everything a maintainer asks for when triaging a HID-BPF fix (notes/hid-bpf.md §9) is either a
 * field here or an archive entry this file lists with its size and SHA-256. Nullable fields are
 * always present (null = not collected, with a reason where the user could do something about it),
 * so a reader never has to guess whether a field was forgotten or not applicable.
 */
export const REPORT_FORMAT = 'hidfix-debug-report';
export const REPORT_SCHEMA = 1;

export type Phase = 'before' | 'after';

/** An archive entry other than report.json and the two summaries. */
export interface EntryFacts {
	readonly name: string;
	readonly size: number;
	readonly sha256: string;
	readonly description: string;
}

export interface NodeFacts {
	readonly hidraw: string | null;
	readonly evdev: readonly string[];
}

export interface DeviceFacts {
	/** HID sysname, e.g. `0003:045E:00D1.0001`. */
	readonly sysname: string;
	readonly name: string;
	/** `0x0003`, `0x045E`, `0x00D1`: the manifest's spelling. */
	readonly bus: string;
	readonly vid: string;
	readonly pid: string;
	readonly modalias: string | null;
	readonly nodes: { readonly before: NodeFacts | null; readonly after: NodeFacts | null };
}

export interface SignerFacts {
	readonly fingerprint: string;
	readonly principals: readonly string[];
	readonly keyType: string;
}

export interface FixFacts {
	readonly id: string;
	readonly version: string;
	readonly title: string;
	/** SHA-256 of the `.hidfix` file as the user opened it. */
	readonly bundleSha256: string;
	readonly signers: readonly SignerFacts[];
	readonly programs: readonly { readonly file: string; readonly sha256: string; readonly api: string }[];
}

export interface CaptureFacts {
	readonly file: string;
	/** `E:` lines: hidraw reports as user space saw them. */
	readonly hidrawReports: number;
	/** `B:` lines: the same reports before any HID-BPF program (tracer). */
	readonly bpfReports: number;
	readonly evdevEvents: number;
	/** First to last report, µs. */
	readonly durationUs: number;
	/** Reports whose keyboard fields were blanked (0 when kept or none). */
	readonly redactedReports: number;
	readonly redactedEvdevEvents: number;
}

export interface BlobFacts {
	readonly file: string;
	readonly size: number;
	readonly sha256: string;
}

export interface DescriptorFacts {
	/** `<sysfs>/report_descriptor`. */
	readonly sysfs: BlobFacts | null;
	/** HIDIOCGRDESC on the hidraw node. */
	readonly hidraw: BlobFacts | null;
	/** The hid-decode style text of the sysfs (else hidraw) descriptor. */
	readonly decoded: string | null;
}

export type HidBpfApi = 'struct_ops' | 'tracing' | 'none' | 'unknown';

export interface BpfObjectFacts {
	/** Directory under `/sys/fs/bpf/hid/`: the device's sysname with `:` and `.` as `_`. */
	readonly device: string;
	/** Object directory, e.g. `0010-Huion__Kamvas_Pro_19_bpf`. */
	readonly object: string;
	readonly pins: readonly string[];
}

export interface BpffsFacts {
	readonly readable: boolean;
	readonly reason: string | null;
	readonly objects: readonly BpfObjectFacts[];
}

export interface SystemFacts {
	/** `uname -r`. */
	readonly kernel: string;
	readonly os: {
		readonly prettyName: string | null;
		readonly id: string | null;
		readonly versionId: string | null;
	} | null;
	readonly hidBpf: {
		/** `/sys/kernel/btf/vmlinux` exists (CONFIG_DEBUG_INFO_BTF). */
		readonly btf: boolean;
		/** A bpf file system is mounted at /sys/fs/bpf; null when it could not be checked. */
		readonly bpffsMounted: boolean | null;
		/** Which HID-BPF API the kernel BTF names: `hid_bpf_ops` (6.11+) or the 6.3–6.10 hooks. */
		readonly api: HidBpfApi;
	};
	/** Everything pinned under /sys/fs/bpf/hid at export time: ours and udev-hid-bpf's. */
	readonly bpffs: BpffsFacts;
	readonly udevHidBpf: { readonly installed: boolean; readonly version: string | null };
}

export interface TextLogFacts {
	/** Collected at all (dmesg needs privileges on many systems). */
	readonly readable: boolean;
	readonly reason: string | null;
	readonly lines: number;
	readonly file: string | null;
}

export interface ComparisonFacts {
	readonly verdict: string;
	/** Item-level descriptor changes with what they mean. */
	readonly descriptor: readonly string[];
	/** Report layout changes (sizes, fields). */
	readonly layout: readonly string[];
	/** Per-field event differences between the captures. */
	readonly events: readonly string[];
}

export interface PrivacyFacts {
	/** The user chose to keep keyboard key data. */
	readonly includeKeyboardEvents: boolean;
	/** The device's descriptor declares Keyboard/Keypad usages. */
	readonly keyboardUsages: boolean;
	readonly redactedReports: number;
	readonly redactedEvdevEvents: number;
}

export interface DebugReport {
	readonly format: typeof REPORT_FORMAT;
	readonly schema: typeof REPORT_SCHEMA;
	/** UTC `YYYY-MM-DDTHH:MM:SSZ`. */
	readonly createdAt: string;
	readonly generator: string;
	readonly device: DeviceFacts;
	readonly fix: FixFacts | null;
	readonly captures: { readonly before: CaptureFacts | null; readonly after: CaptureFacts | null };
	readonly descriptors: { readonly before: DescriptorFacts | null; readonly after: DescriptorFacts | null };
	/** Before capture (no fix) against after capture (fix attached). */
	readonly comparison: ComparisonFacts | null;
	/** Within the after capture: `B:` (device bytes) against `E:` (what the fix made of them). */
	readonly fixEffect: ComparisonFacts | null;
	readonly system: SystemFacts;
	readonly bpffsBefore: BpffsFacts | null;
	readonly udevadm: TextLogFacts;
	readonly dmesg: TextLogFacts;
	readonly helperLog: TextLogFacts;
	readonly privacy: PrivacyFacts;
	/** What the user wrote: what they did, what they expected. */
	readonly note: string;
	readonly entries: readonly EntryFacts[];
}
