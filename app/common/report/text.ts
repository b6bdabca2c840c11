/**
 * Text hygiene for what goes into a report: device names come from firmware, notes from the user,
 * log lines from the kernel. Control characters (terminal escapes, NUL, bidi-breaking line
 * separators) would reach the developer's terminal through `hidfix report show`, so they are
 * replaced, not passed through.
 */
export const MAX_NOTE = 20_000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line: every control character (newlines included) becomes U+FFFD. */
export const safeLine = (s: string): string => s.replace(CONTROL_LINE, '\ufffd');

/** Multi-line text: CRLF → LF, tabs and newlines kept, other control characters become U+FFFD. */
export const safeText = (s: string): string => s.replace(/\r\n?/g, '\n').replace(CONTROL_TEXT, '\ufffd');

/** True when `s` has no characters {@link safeLine} would replace. */
export const isSafeLine = (s: string): boolean => !new RegExp(CONTROL_LINE.source).test(s);
export const isSafeText = (s: string): boolean => !/\r/.test(s) && !new RegExp(CONTROL_TEXT.source).test(s);
