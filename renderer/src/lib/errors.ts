/**
 * The one error presenter: every code the boundary can return → a heading and what to do next.
 *
 * The core's `message` (specific: which key, which field, which date) is shown under the heading;
 * this adds the plain-language category and the next step. A `Record` over the closed code union
 * makes a new code a compile error here until someone writes its text.
 */
import type { Failure, HidfixErrorCode } from '../../../app/common/ipc/contract.js';

export type ErrorTone = 'untrusted' | 'damaged' | 'expired' | 'mismatch' | 'app';

export interface PresentedError {
	readonly code: HidfixErrorCode;
	readonly tone: ErrorTone;
	readonly title: string;
	readonly message: string;
	readonly action: string;
	/** A retry makes sense (the cause may be gone next time). */
	readonly retry: boolean;
}

interface Text {
	readonly tone: ErrorTone;
	readonly title: string;
	readonly action: string;
	readonly retry?: boolean;
}

const DAMAGED: Text = {
	tone: 'damaged',
	title: 'This file is damaged or is not a hidfix bundle',
	action: 'Download the bundle again from where you got it. If it keeps failing, tell the author.',
};
const SIGNATURE_BAD: Text = {
	tone: 'damaged',
	title: 'The signature does not match this bundle',
	action:
		'The file was changed after it was signed, or the signature is broken. Do not use it; get a fresh copy from the author.',
};
const MANIFEST_BAD: Text = {
	tone: 'damaged',
	title: 'The bundle’s description is invalid',
	action: 'The author signed a manifest hidfix cannot use. Send them the message below.',
};
const PAYLOAD_BAD: Text = {
	tone: 'damaged',
	title: 'The bundle’s files do not match what was signed',
	action: 'Do not use this bundle. Download it again; if it still fails, tell the author.',
};
const OBJECT_BAD: Text = {
	tone: 'mismatch',
	title: 'The fix does not match its own description',
	action:
		'hidfix refuses fixes whose program says something different from what you were shown. Tell the author.',
};

const HELPER_BUG: Text = {
	tone: 'app',
	title: 'The hidfix system helper failed',
	action:
		'Anything it had started is undone the next time it runs. Please report this with the message below.',
	retry: true,
};

const TEXT: Readonly<Record<HidfixErrorCode, Text>> = {
	'bundle-unreadable': {
		tone: 'app',
		title: 'The file could not be read',
		action: 'Check that the file still exists and that you can open it, then try again.',
		retry: true,
	},
	'bundle-too-large': { ...DAMAGED, title: 'This file is too large to be a hidfix bundle' },
	'gzip-corrupt': DAMAGED,
	'gzip-too-large': DAMAGED,
	'gzip-trailing-data': DAMAGED,
	'tar-truncated': { ...DAMAGED, title: 'This bundle is incomplete (cut off)' },
	'tar-bad-checksum': DAMAGED,
	'tar-bad-header': DAMAGED,
	'tar-bad-padding': DAMAGED,
	'tar-missing-end': DAMAGED,
	'tar-trailing-data': DAMAGED,
	'too-many-entries': DAMAGED,
	'entry-extended-header': DAMAGED,
	'entry-link': DAMAGED,
	'entry-special-file': DAMAGED,
	'entry-directory': DAMAGED,
	'entry-type-unknown': DAMAGED,
	'entry-path-unsafe': DAMAGED,
	'entry-path-not-allowed': DAMAGED,
	'entry-duplicate': DAMAGED,
	'entry-too-large': DAMAGED,
	'manifest-missing': DAMAGED,
	'manifest-not-first': DAMAGED,
	'signature-missing': {
		tone: 'untrusted',
		title: 'This bundle is not signed',
		action: 'hidfix only runs fixes signed by someone you trust. Ask the author for a signed bundle.',
	},
	'signature-malformed': SIGNATURE_BAD,
	'signature-invalid': SIGNATURE_BAD,
	'signature-wrong-namespace': {
		tone: 'untrusted',
		title: 'This signature is not meant for hidfix fixes',
		action:
			'The key signed something else (for example a git commit). Ask the author to sign the bundle for hidfix.',
	},
	'signature-untrusted': {
		tone: 'untrusted',
		title: 'Signed by someone you have not trusted yet',
		action:
			'Only continue if you know who this is. Get the developer’s public key from them (their bug tracker comment or website), check its fingerprint matches the one above, then run: hidfix keys add --principal THEIR-NAME THEIR-KEY.pub — and open the bundle again.',
	},
	'signature-key-expired': {
		tone: 'untrusted',
		title: 'The signer’s key has expired in your trusted keys',
		action: 'If you still trust this developer, add their key again with a later date (hidfix keys add).',
	},
	'signature-key-not-yet-valid': {
		tone: 'untrusted',
		title: 'The signer’s key is not valid yet',
		action: 'Check your computer’s date and time.',
		retry: true,
	},
	'manifest-not-json': MANIFEST_BAD,
	'manifest-unsupported-schema': {
		...MANIFEST_BAD,
		title: 'This bundle needs a newer hidfix',
		action: 'Update hidfix, then open the bundle again.',
	},
	'manifest-unknown-field': MANIFEST_BAD,
	'manifest-missing-field': MANIFEST_BAD,
	'manifest-wrong-type': MANIFEST_BAD,
	'manifest-invalid-value': MANIFEST_BAD,
	'bundle-expired': {
		tone: 'expired',
		title: 'This fix has expired',
		action: 'Ask the author for a current version (or check your computer’s date and time).',
	},
	'bundle-not-yet-valid': {
		tone: 'expired',
		title: 'This fix is dated in the future',
		action: 'Check your computer’s date and time, then try again.',
		retry: true,
	},
	'bundle-downgrade': {
		tone: 'expired',
		title: 'You already accepted a newer version of this fix',
		action: 'Use the newer version. An older one could bring back a problem that was fixed.',
	},
	'version-record-invalid': {
		tone: 'app',
		title: 'hidfix’s record of accepted versions is damaged',
		action: 'The file was kept as it is; see the message below for its location.',
	},
	'payload-unlisted': PAYLOAD_BAD,
	'payload-missing': PAYLOAD_BAD,
	'payload-size-mismatch': PAYLOAD_BAD,
	'payload-hash-mismatch': PAYLOAD_BAD,
	'object-unreadable': OBJECT_BAD,
	'object-target-mismatch': OBJECT_BAD,
	'object-api-mismatch': OBJECT_BAD,
	'bad-request': {
		tone: 'app',
		title: 'hidfix sent itself an invalid request',
		action: 'This is a bug in hidfix. Please report it with the message below.',
	},
	'sender-not-allowed': {
		tone: 'app',
		title: 'The request did not come from the hidfix window',
		action: 'Restart hidfix. If this keeps happening, please report it.',
	},
	'path-not-allowed': {
		tone: 'app',
		title: 'hidfix may not open that file',
		action: 'Open the bundle by double-clicking it, or with “Choose a bundle…”.',
	},
	'trust-store-invalid': {
		tone: 'app',
		title: 'Your list of trusted keys cannot be used',
		action: 'Fix or remove the file named below (hidfix keys list shows what it contains), then try again.',
		retry: true,
	},
	'device-list-failed': {
		tone: 'app',
		title: 'The list of connected devices could not be read',
		action: 'Try again. Devices are read from /sys/bus/hid/devices.',
		retry: true,
	},
	'internal-error': {
		tone: 'app',
		title: 'Something went wrong inside hidfix',
		action: 'Try again; if it keeps failing, please report it.',
		retry: true,
	},
	// Test / Keep / Revert: the privileged helper's answers (docs/helper.md).
	'bundle-not-open': {
		tone: 'app',
		title: 'This bundle is no longer open',
		action: 'Open the bundle again, then test it.',
	},
	'helper-cancelled': {
		tone: 'app',
		title: 'Nothing was changed',
		action: 'The password prompt was closed. Test again when you are ready.',
		retry: true,
	},
	'helper-not-authorized': {
		tone: 'app',
		title: 'hidfix did not get administrator rights',
		action:
			'Ask the person who administers this computer to test the fix, or to check that hidfix is installed completely.',
		retry: true,
	},
	'helper-failed': HELPER_BUG,
	internal: HELPER_BUG,
	'not-root': HELPER_BUG,
	'bundle-rejected': {
		tone: 'untrusted',
		title: 'The system refused this bundle',
		action:
			'Fixes are loaded into the kernel only for signers the administrator trusts (/etc/hidfix/allowed_signers). The message says why; nothing was changed.',
	},
	'trust-unusable': {
		tone: 'app',
		title: 'The system’s trust settings cannot be read',
		action:
			'An administrator should check /etc/hidfix/allowed_signers and /var/lib/hidfix. Nothing was changed.',
	},
	'device-not-found': {
		tone: 'app',
		title: 'The device is not connected',
		action: 'Plug it in, wait a moment, then test again.',
		retry: true,
	},
	'device-not-targeted': {
		tone: 'mismatch',
		title: 'This fix is not for that device',
		action: 'Choose the device the fix was made for. Nothing was changed.',
	},
	'loader-failed': {
		tone: 'mismatch',
		title: 'The kernel did not accept the fix',
		action:
			'Nothing was changed. Export a debug report and send it to the author: the message below is for them.',
	},
	'already-installed': {
		tone: 'app',
		title: 'This fix is already active',
		action: 'Revert it first if you want to test it again.',
	},
	'not-installed': {
		tone: 'app',
		title: 'This fix is not installed',
		action: 'There is nothing to keep or revert.',
	},
	'record-failed': {
		tone: 'app',
		title: 'The device could not be recorded',
		action: 'Check that it is still connected, then record again.',
		retry: true,
	},
	'recording-busy': {
		tone: 'app',
		title: 'A recording is already running',
		action: 'Wait for it to end, or press Stop.',
	},
	'report-failed': {
		tone: 'app',
		title: 'The debug report could not be put together',
		action: 'Record again; if it keeps failing, please report it with the message below.',
		retry: true,
	},
	'report-write-failed': {
		tone: 'app',
		title: 'The debug report could not be saved there',
		action: 'Choose another folder (one you can write to, with free space).',
		retry: true,
	},
	'install-failed': {
		tone: 'app',
		title: 'The fix could not be installed or removed',
		action: 'What was started has been undone. An administrator should look at the message below.',
		retry: true,
	},
};

/** hidfix-loader's codes for a kernel that cannot run HID-BPF fixes at all (bpf/loader). */
const KERNEL_CANNOT: ReadonlySet<string> = new Set([
	'kernel-no-hid-bpf',
	'kernel-too-old',
	'kernel-no-btf',
	'bpffs-not-mounted',
]);
const KERNEL_TEXT: Text = {
	tone: 'app',
	title: 'This computer’s kernel cannot run HID-BPF fixes',
	action:
		'HID-BPF fixes need Linux 6.11 or newer built with CONFIG_HID_BPF (the message says what is missing). Nothing was changed. Tell the developer which kernel you have: they may have another way to fix your device.',
};

export function presentError(f: Pick<Failure, 'code' | 'message' | 'detail'>): PresentedError {
	// The loader's code says more than "not accepted": an old kernel is not the fix's fault.
	const loaderCode = f.code === 'loader-failed' ? f.detail?.loaderCode : undefined;
	const t =
		typeof loaderCode === 'string' && KERNEL_CANNOT.has(loaderCode)
			? KERNEL_TEXT
			: (TEXT[f.code] ?? TEXT['internal-error']);
	return {
		code: f.code,
		tone: t.tone,
		title: t.title,
		message: f.message,
		action: t.action,
		retry: t.retry ?? false,
	};
}
