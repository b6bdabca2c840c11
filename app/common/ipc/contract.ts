/**
 * The one IPC contract between the sandboxed renderer and the Electron main process.
 *
 * Declared once here: the preload builds `{…} satisfies HidfixApi`, main registers one handler per
 * channel through `handle<K>()`, and the renderer's `api.ts` is the only caller. Methods are intents
 * ("open this bundle", "list devices"), never a generic invoke. Every reply is data, not an exception:
 * Electron keeps only the `message` of an error thrown across IPC, so codes travel in {@link Reply}.
 */
import type { BundleErrorCode } from '../bundle/errors.js';
import type { Manifest } from '../bundle/manifest.js';
import type { Risk } from '../bpf/capabilities.js';
import type { HelperErrorCode, RecordingCounts } from '../elevation/protocol.js';

/** Codes the IPC boundary adds to the bundle codes (docs/bundle-format.md §8 lists those). */
export const IPC_ERROR_CODES = [
	/** The payload failed validation: a renderer bug or a compromised renderer. */
	'bad-request',
	/** The call came from a frame that is not the app's own page. */
	'sender-not-allowed',
	/** The renderer asked for a path main never offered it (file association, dialog, allowed dir). */
	'path-not-allowed',
	/** An allowed_signers file is unreadable, malformed, or writable by others. */
	'trust-store-invalid',
	/** The HID device list could not be read from sysfs. */
	'device-list-failed',
	/** A bug: an exception escaped a handler. */
	'internal-error',
	/** Test asked for a bundle main no longer holds (opened too long ago): open it again. */
	'bundle-not-open',
	/** The user dismissed the password prompt (pkexec 126): nothing was changed. */
	'helper-cancelled',
	/** No administrator rights (pkexec 127: wrong password, not an admin, helper not installed). */
	'helper-not-authorized',
	/** The helper could not start or ended without an answer. */
	'helper-failed',
	/** A recording is already running (one at a time). */
	'recording-busy',
	/** The debug report cannot be built from what was recorded (`detail.reportCode`). */
	'report-failed',
	/** The report could not be written where the user chose. */
	'report-write-failed',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
/** Bundle codes, the IPC's own, and the privileged helper's (docs/helper.md), passed on as they are. */
export type HidfixErrorCode = BundleErrorCode | IpcErrorCode | HelperErrorCode;

export type ErrorDetail = Readonly<Record<string, string | number>>;

export type Reply<T> =
	| { readonly ok: true; readonly value: T }
	| {
			readonly ok: false;
			readonly code: HidfixErrorCode;
			readonly message: string;
			readonly detail?: ErrorDetail;
	  };

export type Failure = Extract<Reply<never>, { ok: false }>;

export const okReply = <T>(value: T): Reply<T> => ({ ok: true, value });

export function failReply(code: HidfixErrorCode, message: string, detail?: ErrorDetail): Failure {
	return detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail };
}

/** One signer whose key the user's trust store accepts (a bundle opens only with at least one). */
export interface SignerView {
	/** `SHA256:…` as `ssh-keygen -l` prints it. */
	readonly fingerprint: string;
	readonly principals: readonly string[];
	readonly keyType: string;
}

/** A manifest target in manifest spelling ("0x256C" or "*"). */
export interface TargetView {
	readonly bus: string;
	readonly group: string;
	readonly vid: string;
	readonly pid: string;
}

export interface CapabilityView {
	readonly kind: string;
	readonly risk: Risk;
	readonly summary: string;
}

export interface ProgramView {
	readonly file: string;
	readonly api: string;
	readonly size: number;
	readonly sha256: string;
	/** What the object can do, worst first (from the object itself, not from the manifest's words). */
	readonly capabilities: readonly CapabilityView[];
}

export interface SourceView {
	readonly file: string;
	readonly size: number;
	readonly sha256: string;
}

/** A bundle that verified: signature by a trusted key, valid manifest, payload hashes, objects. */
export interface BundleView {
	/** Base name of the file it came from, for the heading; never a path the renderer can reuse. */
	readonly fileName: string;
	/** SHA-256 of the bundle bytes as verified: how the renderer names this bundle to Test it. */
	readonly sha256: string;
	readonly signers: readonly SignerView[];
	/** The signed manifest's descriptive fields, exactly as verified. */
	readonly fix: Pick<
		Manifest,
		| 'id'
		| 'version'
		| 'title'
		| 'summary'
		| 'description'
		| 'author'
		| 'contact'
		| 'created'
		| 'expires'
		| 'minKernel'
		| 'capture'
	>;
	readonly targets: readonly TargetView[];
	readonly programs: readonly ProgramView[];
	readonly sources: readonly SourceView[];
	readonly compressed: boolean;
}

/** A HID device the kernel has bound right now (read-only sysfs facts). */
export interface DeviceView {
	/** Kernel name `BBBB:VVVV:PPPP.NNNN`. */
	readonly sysname: string;
	readonly name: string;
	readonly bus: number;
	readonly group: number;
	readonly vid: number;
	readonly pid: number;
	/** `/dev/hidrawN`, absent while the device re-probes or without CONFIG_HIDRAW. */
	readonly hidraw?: string;
}

export interface OpenBundleRequest {
	readonly path: string;
}

export interface OpenBundleBytesRequest {
	/** Display name only (from a file picker or a drop); main never uses it as a path. */
	readonly name: string;
	readonly bytes: Uint8Array;
}

export interface TestFixRequest {
	/** {@link BundleView.sha256} of a bundle main verified and still holds. */
	readonly bundle: string;
	/** The device to test on, `BBBB:VVVV:PPPP.NNNN`. */
	readonly device: string;
}

export interface FixIdRequest {
	/** The manifest id, `org.example.fix-name`. */
	readonly fixId: string;
}

/** A fix attached for a test (installed under /run: a reboot forgets it). */
export interface TestedFix {
	readonly fixId: string;
	readonly version: string;
	readonly title: string;
	readonly device: string;
	/** Pin-dir names under /sys/fs/bpf/hid/<device>/. */
	readonly objects: readonly string[];
	/** What the helper logged, for the debug report and the details view. */
	readonly log: readonly string[];
}

/** A fix the helper installed, read without a password at start (under test or kept). */
export interface InstalledFixView {
	readonly fixId: string;
	readonly version: string;
	readonly title: string;
	readonly state: 'testing' | 'kept';
	/** The device it was tested on. */
	readonly device: string;
	readonly objects: readonly string[];
	/** Devices with it attached now; null when that cannot be read without root. */
	readonly attachedTo: readonly string[] | null;
}

export interface ChangedFix {
	readonly fixId: string;
	readonly version: string;
	readonly log: readonly string[];
}

export type CapturePhase = 'before' | 'after';

export interface RecordRequest {
	readonly device: string;
	/** 1–3600. */
	readonly seconds: number;
	readonly phase: CapturePhase;
}

/** What a recording holds (the text stays in main, for the report). */
export interface RecordingView extends RecordingCounts {
	readonly phase: CapturePhase;
	readonly device: string;
}

export interface ReportRequest {
	/** What the user did while recording (at most 20 000 characters). */
	readonly note: string;
	readonly includeKeyboardEvents: boolean;
}

/** The content list the user reviews before saving, and what the comparison says. */
export interface ReportPreview {
	readonly entries: readonly { readonly name: string; readonly size: number; readonly description: string }[];
	readonly verdict: string | null;
	/** With the fix: what it did to the device's reports (B: against E:). */
	readonly fixEffect: string | null;
	readonly redactedReports: number;
	readonly redactedEvdevEvents: number;
	readonly keyboardUsages: boolean;
	readonly warnings: readonly string[];
}

export interface SavedReport {
	/** Base name of the saved file. */
	readonly fileName: string;
	readonly size: number;
}

/** What the renderer may ask for. Promise methods resolve to a {@link Reply}; they do not reject. */
export interface HidfixApi {
	/** Opens a bundle main has offered to the renderer (file association or allowed directory). */
	openBundle(path: string): Promise<Reply<BundleView>>;
	/** Verifies bytes the user picked or dropped; nothing is written anywhere. */
	openBundleBytes(name: string, bytes: Uint8Array): Promise<Reply<BundleView>>;
	listDevices(): Promise<Reply<readonly DeviceView[]>>;
	/** Paths handed to the app before the page was ready to listen (first start, early second start). */
	takePendingFiles(): Promise<Reply<readonly string[]>>;
	/** Called for every `.hidfix` opened while the app runs; returns the unsubscribe function. */
	onOpenFile(callback: (path: string) => void): () => void;
	/** Test: one password prompt, then the helper verifies, installs for the test and attaches. */
	testFix(bundle: string, device: string): Promise<Reply<TestedFix>>;
	/** Keep the fix under test across reboots. */
	keepFix(fixId: string): Promise<Reply<ChangedFix>>;
	/** Revert: detach everywhere and remove every installed file. */
	revertFix(fixId: string): Promise<Reply<ChangedFix>>;
	/** What is under test or kept on this computer now (no password needed). */
	installedFixes(): Promise<Reply<readonly InstalledFixView[]>>;
	/** Records the device (through the helper) until the time is up or {@link stopRecording}. */
	recordDevice(device: string, seconds: number, phase: CapturePhase): Promise<Reply<RecordingView>>;
	stopRecording(): Promise<Reply<null>>;
	previewReport(note: string, includeKeyboardEvents: boolean): Promise<Reply<ReportPreview>>;
	/** Asks where to save (a save dialog), then writes the report; `null` when the user cancelled. */
	saveReport(note: string, includeKeyboardEvents: boolean): Promise<Reply<SavedReport | null>>;
}

/** Request/response channels, `hidfix:<area>:<verb>`, with their payload and value types. */
export interface InvokeMap {
	'hidfix:bundle:open': { readonly request: OpenBundleRequest; readonly value: BundleView };
	'hidfix:bundle:open-bytes': { readonly request: OpenBundleBytesRequest; readonly value: BundleView };
	'hidfix:devices:list': { readonly request: undefined; readonly value: readonly DeviceView[] };
	'hidfix:files:take-pending': { readonly request: undefined; readonly value: readonly string[] };
	'hidfix:fix:test': { readonly request: TestFixRequest; readonly value: TestedFix };
	'hidfix:fix:keep': { readonly request: FixIdRequest; readonly value: ChangedFix };
	'hidfix:fix:revert': { readonly request: FixIdRequest; readonly value: ChangedFix };
	'hidfix:fix:installed': { readonly request: undefined; readonly value: readonly InstalledFixView[] };
	'hidfix:capture:record': { readonly request: RecordRequest; readonly value: RecordingView };
	'hidfix:capture:stop': { readonly request: undefined; readonly value: null };
	'hidfix:report:preview': { readonly request: ReportRequest; readonly value: ReportPreview };
	'hidfix:report:save': { readonly request: ReportRequest; readonly value: SavedReport | null };
}

export type InvokeChannel = keyof InvokeMap;
export type RequestOf<K extends InvokeChannel> = InvokeMap[K]['request'];
export type ValueOf<K extends InvokeChannel> = InvokeMap[K]['value'];

export const CHANNELS = {
	openBundle: 'hidfix:bundle:open',
	openBundleBytes: 'hidfix:bundle:open-bytes',
	listDevices: 'hidfix:devices:list',
	takePendingFiles: 'hidfix:files:take-pending',
	testFix: 'hidfix:fix:test',
	keepFix: 'hidfix:fix:keep',
	revertFix: 'hidfix:fix:revert',
	installedFixes: 'hidfix:fix:installed',
	recordDevice: 'hidfix:capture:record',
	stopRecording: 'hidfix:capture:stop',
	previewReport: 'hidfix:report:preview',
	saveReport: 'hidfix:report:save',
	/** main → renderer event: one path per message. */
	fileOpened: 'hidfix:files:opened',
} as const satisfies Record<string, `hidfix:${string}:${string}`>;
