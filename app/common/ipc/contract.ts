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
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export type HidfixErrorCode = BundleErrorCode | IpcErrorCode;

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
}

/** Request/response channels, `hidfix:<area>:<verb>`, with their payload and value types. */
export interface InvokeMap {
	'hidfix:bundle:open': { readonly request: OpenBundleRequest; readonly value: BundleView };
	'hidfix:bundle:open-bytes': { readonly request: OpenBundleBytesRequest; readonly value: BundleView };
	'hidfix:devices:list': { readonly request: undefined; readonly value: readonly DeviceView[] };
	'hidfix:files:take-pending': { readonly request: undefined; readonly value: readonly string[] };
}

export type InvokeChannel = keyof InvokeMap;
export type RequestOf<K extends InvokeChannel> = InvokeMap[K]['request'];
export type ValueOf<K extends InvokeChannel> = InvokeMap[K]['value'];

export const CHANNELS = {
	openBundle: 'hidfix:bundle:open',
	openBundleBytes: 'hidfix:bundle:open-bytes',
	listDevices: 'hidfix:devices:list',
	takePendingFiles: 'hidfix:files:take-pending',
	/** main → renderer event: one path per message. */
	fileOpened: 'hidfix:files:opened',
} as const satisfies Record<string, `hidfix:${string}:${string}`>;
