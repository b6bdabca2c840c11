/**
 * The one error type of the privileged helper's boundary, shared with the app
 * (app/common/elevation/protocol.ts). The unprivileged side shows `message` to the user as is, so every
 * message says what happened and what to do; `code` is for the app's logic.
 */
import type { HelperError, HelperErrorCode } from '../common/elevation/protocol.js';

export type { HelperError, HelperErrorCode } from '../common/elevation/protocol.js';

export const helperError = (
	code: HelperErrorCode,
	message: string,
	detail?: Readonly<Record<string, unknown>>,
): HelperError => (detail === undefined ? { code, message } : { code, message, detail });
