/**
 * OpenSSH `allowed_signers` files (ssh-keygen(1), ALLOWED SIGNERS), pure parser and formatter.
 *
 *     principal[,principal…] [option[,option…]] keytype base64-key [comment]
 *
 * Principals are a pattern list (may be double-quoted). Options: `namespaces="list"`,
 * `valid-after="time"`, `valid-before="time"` (keywords case-insensitive, values quoted, as
 * OpenSSH requires). `cert-authority` is recognised and refused: hidfix has no certificate support,
 * and silently ignoring the line would hide that from the user. Any problem is a `store-parse` error
 * naming the file and line — a trust file we only half understand is not used at all (fail closed).
 */
import { ok, type Result } from '../result.js';
import { base64Decode, base64Encode } from '../ssh/base64.js';
import { parsePublicKeyBlob, type SshPublicKey } from '../ssh/public-key.js';
import { parseSshTime, type SshTime } from './ssh-time.js';
import { trustErr, type TrustError } from './trust-error.js';

export interface AllowedSigner {
	/** 1-based line in its file. */
	readonly line: number;
	/** The principals pattern list as written (without quotes), e.g. `alice@example.org,*@kernel.org`. */
	readonly principals: string;
	/** `namespaces=` pattern list, if present. */
	readonly namespaces?: string;
	readonly validAfter?: SshTime;
	readonly validBefore?: SshTime;
	readonly key: SshPublicKey;
	/** Text after the key (ssh-keygen ignores it; hidfix shows it in `keys list`). */
	readonly comment: string;
}

/** Key type words OpenSSH knows; used to tell the key apart from the options field. */
const SUPPORTED_TYPES = new Set(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa']);
const KNOWN_UNSUPPORTED = /^(ssh-dss|ecdsa-sha2-nistp(384|521)|sk-.*@openssh\.com|.*-cert-v01@openssh\.com)$/;
const MAX_LINE = 16 * 1024;

/**
 * Parses a whole file. `source` (usually the path) prefixes error details. Blank lines and `#`
 * comments are skipped; any bad line fails the whole file with its line number.
 */
export function parseAllowedSigners(
	text: string,
	source = 'allowed_signers',
): Result<AllowedSigner[], TrustError> {
	const out: AllowedSigner[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const r = parseAllowedSignerLine(lines[i]!.replace(/\r$/, ''), i + 1, source);
		if (!r.ok) return r;
		if (r.value) out.push(r.value);
	}
	return ok(out);
}

/** Parses one line; `undefined` for a blank or comment line. */
export function parseAllowedSignerLine(
	text: string,
	line: number,
	source = 'allowed_signers',
): Result<AllowedSigner | undefined, TrustError> {
	const fail = (why: string) =>
		trustErr('store-parse', `${source} line ${line}: ${why}`, `${source}:${line}: ${text.slice(0, 200)}`);
	if (text.length > MAX_LINE) return fail('line is too long');
	const s = new Scanner(text);
	s.skipSpace();
	if (s.done() || s.peek() === '#') return ok(undefined);

	const principals = s.field();
	if (principals === undefined) return fail('unterminated quote in principals');
	if (principals === '') return fail('empty principals');
	s.skipSpace();

	let first = s.field();
	if (first === undefined) return fail('unterminated quote');
	let options: string | undefined;
	if (!SUPPORTED_TYPES.has(first) && !KNOWN_UNSUPPORTED.test(first)) {
		options = first;
		s.skipSpace();
		first = s.field() ?? '';
	}
	if (first === '') return fail('missing public key');
	if (!SUPPORTED_TYPES.has(first)) {
		if (KNOWN_UNSUPPORTED.test(first))
			return fail(`key type ${first} is not supported (use ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa)`);
		return fail(`"${first}" is neither a known option nor a key type`);
	}
	s.skipSpace();
	const b64 = s.field() ?? '';
	const blob = base64Decode(b64);
	if (!blob) return fail('public key is not valid base64');
	const key = parsePublicKeyBlob(blob);
	if (!key.ok) return fail(key.error.message);
	if (key.value.type !== first) return fail(`key type ${first} does not match the key (${key.value.type})`);
	s.skipSpace();
	const comment = s.rest().trimEnd();

	const opts = options === undefined ? ok({} as ParsedOptions) : parseOptions(options);
	if (!opts.ok) return fail(opts.error);
	return ok({ line, principals, ...opts.value, key: key.value, comment });
}

interface ParsedOptions {
	namespaces?: string;
	validAfter?: SshTime;
	validBefore?: SshTime;
}

function parseOptions(text: string): { ok: true; value: ParsedOptions } | { ok: false; error: string } {
	const out: ParsedOptions = {};
	let i = 0;
	for (;;) {
		const rest = text.slice(i);
		const flag = /^cert-authority(?=,|$)/i.exec(rest);
		if (flag)
			return {
				ok: false,
				error:
					'cert-authority (SSH certificates) is not supported by hidfix; list the signer\u2019s own key instead',
			};
		const kv = /^(namespaces|valid-after|valid-before)=/i.exec(rest);
		if (!kv) return { ok: false, error: `unknown option "${rest.split(',')[0]}"` };
		i += kv[0].length;
		if (text[i] !== '"') return { ok: false, error: `${kv[1]} value must be in double quotes` };
		let value = '';
		i++;
		for (;;) {
			if (i >= text.length) return { ok: false, error: `unterminated quote in ${kv[1]}` };
			if (text[i] === '\\' && text[i + 1] === '"') {
				value += '"';
				i += 2;
			} else if (text[i] === '"') {
				i++;
				break;
			} else value += text[i++];
		}
		const name = kv[1]!.toLowerCase();
		if (name === 'namespaces') {
			if (out.namespaces !== undefined) return { ok: false, error: 'namespaces given twice' };
			if (value === '') return { ok: false, error: 'namespaces is empty' };
			out.namespaces = value;
		} else {
			const t = parseSshTime(value);
			if (!t) return { ok: false, error: `${name} "${value}" is not YYYYMMDD[HHMM[SS]][Z]` };
			const field = name === 'valid-after' ? 'validAfter' : 'validBefore';
			if (out[field] !== undefined) return { ok: false, error: `${name} given twice` };
			out[field] = t;
		}
		if (i === text.length) return { ok: true, value: out };
		if (text[i] !== ',') return { ok: false, error: `unexpected "${text[i]}" after ${name}` };
		i++;
		if (i === text.length) return { ok: false, error: 'options end with a comma' };
	}
}

/** Formats one entry as an `allowed_signers` line that OpenSSH and {@link parseAllowedSigners} read back. */
export function formatAllowedSigner(entry: Omit<AllowedSigner, 'line'>): string {
	const quote = (v: string) => `"${v.replace(/"/g, '\\"')}"`;
	const principals = /[\s"#]/.test(entry.principals) ? quote(entry.principals) : entry.principals;
	const opts: string[] = [];
	if (entry.namespaces !== undefined) opts.push(`namespaces=${quote(entry.namespaces)}`);
	if (entry.validAfter !== undefined) opts.push(`valid-after=${quote(entry.validAfter.text)}`);
	if (entry.validBefore !== undefined) opts.push(`valid-before=${quote(entry.validBefore.text)}`);
	const parts = [principals];
	if (opts.length > 0) parts.push(opts.join(','));
	parts.push(entry.key.type, base64Encode(entry.key.blob));
	if (entry.comment !== '') parts.push(entry.comment);
	return parts.join(' ');
}

/** Splits on spaces/tabs; a field may contain double-quoted parts (quotes kept except around a whole field). */
class Scanner {
	#i = 0;
	constructor(readonly text: string) {}
	done(): boolean {
		return this.#i >= this.text.length;
	}
	peek(): string | undefined {
		return this.text[this.#i];
	}
	skipSpace(): void {
		while (this.text[this.#i] === ' ' || this.text[this.#i] === '\t') this.#i++;
	}
	rest(): string {
		const r = this.text.slice(this.#i);
		this.#i = this.text.length;
		return r;
	}
	/** A whitespace-delimited field; a field that starts with `"` ends at the closing quote. */
	field(): string | undefined {
		const t = this.text;
		if (t[this.#i] === '"') {
			const close = t.indexOf('"', this.#i + 1);
			if (close < 0) return undefined;
			const v = t.slice(this.#i + 1, close);
			this.#i = close + 1;
			return v;
		}
		const start = this.#i;
		let inQuote = false;
		while (this.#i < t.length) {
			const c = t[this.#i]!;
			if (c === '\\' && inQuote && t[this.#i + 1] === '"') {
				this.#i += 2;
				continue;
			}
			if (c === '"') inQuote = !inQuote;
			else if (!inQuote && (c === ' ' || c === '\t')) break;
			this.#i++;
		}
		if (inQuote) return undefined;
		return t.slice(start, this.#i);
	}
}
