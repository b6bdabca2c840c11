/**
 * Errors are data at boundaries: every fallible core operation returns a Result whose error carries a
 * closed code (per boundary) and a message a user can act on. Throwing is reserved for bugs.
 */
export type Result<T, E> =
	{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

/** Exhaustiveness guard for discriminated unions: a new variant becomes a compile error here. */
export function assertNever(x: never, what = 'value'): never {
	throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
