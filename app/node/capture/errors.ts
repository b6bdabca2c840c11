/**
 * The one error type of the capture boundary (sysfs resolution, readers, tracer, recorder, CLI).
 *
 * Codes are kebab-case so the CLI and the UI presenter can branch on them; `message` says what is
 * wrong and what to do; `detail` carries the path or errno it is about.
 */
export const CAPTURE_ERROR_CODES = [
	'bad-device-argument',
	'device-not-found',
	'no-hidraw-node',
	'permission-denied',
	'open-failed',
	'read-failed',
	'reconnect-timeout',
	'tracer-missing',
	'tracer-failed',
	'output-failed',
] as const;

export type CaptureErrorCode = (typeof CAPTURE_ERROR_CODES)[number];

export interface CaptureError {
	readonly code: CaptureErrorCode;
	readonly message: string;
	readonly detail?: { readonly path?: string; readonly errno?: string };
}

export function captureError(
	code: CaptureErrorCode,
	message: string,
	detail?: CaptureError['detail'],
): CaptureError {
	return detail === undefined ? { code, message } : { code, message, detail };
}

/** Maps a Node fs error to a capture error: EACCES/EPERM become the actionable "run as root" case. */
export function fromErrno(e: unknown, path: string, doing: string): CaptureError {
	const errno = (e as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
	if (errno === 'EACCES' || errno === 'EPERM') {
		return captureError(
			'permission-denied',
			`${doing} ${path}: permission denied. Recording needs root (sudo hidfix record …) or a udev rule granting access to the node.`,
			{ path, errno },
		);
	}
	return captureError('open-failed', `${doing} ${path}: ${errno}`, { path, errno });
}
