/**
 * `allowed_signers` timestamps: `YYYYMMDD[Z]`, `YYYYMMDDHHMM[Z]`, `YYYYMMDDHHMMSS[Z]` (also `z`),
 * local time unless suffixed with Z — the forms OpenSSH 9.2's `parse_absolute_time` accepts.
 */

export interface SshTime {
	/** The text as written, so formatting a parsed file gives it back unchanged. */
	readonly text: string;
	/** Seconds since the epoch. */
	readonly epochSeconds: number;
}

const FORM = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?([Zz]?)$/;

/** Parses a timestamp, or `undefined` if it is not one of the accepted forms or not a real date. */
export function parseSshTime(text: string): SshTime | undefined {
	const m = FORM.exec(text);
	if (!m) return undefined;
	const [y, mo, d, h = 0, mi = 0, s = 0] = m
		.slice(1, 7)
		.map((v) => (v === undefined ? undefined : Number(v)));
	const utc = m[7] !== '';
	const year = y!;
	const month = mo!;
	const day = d!;
	if (month < 1 || month > 12 || day < 1 || h > 23 || mi > 59 || s > 59) return undefined;
	// Round-trip through Date to reject 31 February and friends.
	const probe = new Date(Date.UTC(year, month - 1, day));
	if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
		return undefined;
	const ms = utc
		? Date.UTC(year, month - 1, day, h, mi, s)
		: new Date(year, month - 1, day, h, mi, s).getTime();
	return { text, epochSeconds: Math.floor(ms / 1000) };
}

/** Formats an instant as `YYYYMMDDHHMMSSZ` (UTC, unambiguous whatever the reader's time zone). */
export function formatSshTimeUtc(date: Date): SshTime {
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	const text =
		p(date.getUTCFullYear(), 4) +
		p(date.getUTCMonth() + 1) +
		p(date.getUTCDate()) +
		p(date.getUTCHours()) +
		p(date.getUTCMinutes()) +
		p(date.getUTCSeconds()) +
		'Z';
	return { text, epochSeconds: Math.floor(date.getTime() / 1000) };
}
