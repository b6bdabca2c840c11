/**
 * The functions behind `hidfix keys list|add|remove` (the CLI in app/cli only parses arguments and
 * prints). They edit only the user store; the system store is read-only here (managed by root).
 */
import { readFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../common/result.js';
import { parsePublicKeyLine, type SshPublicKey } from '../../common/ssh/public-key.js';
import { HIDFIX_NAMESPACE } from '../../common/ssh/sshsig.js';
import { bytesEqual } from '../../common/ssh/wire.js';
import {
	formatAllowedSigner,
	parseAllowedSignerLine,
	parseAllowedSigners,
	type AllowedSigner,
} from '../../common/trust/allowed-signers.js';
import type { TrustSource, TrustStoreEntry } from '../../common/trust/decide.js';
import { formatSshTimeUtc, parseSshTime, type SshTime } from '../../common/trust/ssh-time.js';
import { trustError, type TrustError } from '../../common/trust/trust-error.js';
import { fingerprintSha256, keygenListLine } from '../ssh/fingerprint.js';
import { readTrustFileIfExists, withFileLock, writeFileAtomic } from './files.js';
import { loadStoreFile } from './store.js';

// eslint-disable-next-line no-control-regex -- a key comment must not smuggle terminal escapes into `keys list`
const CONTROL = /[\x00-\x1f\x7f]/g;

export interface KeyListing {
	readonly source: TrustSource;
	readonly path: string;
	readonly line: number;
	readonly fingerprint: string;
	/** Exactly what `ssh-keygen -lf` prints for this key and comment, e.g. `256 SHA256:… alice (ED25519)`. */
	readonly keygenLine: string;
	readonly principals: string;
	readonly namespaces?: string;
	readonly validAfter?: string;
	readonly validBefore?: string;
}

export interface KeysPaths {
	readonly systemPath: string;
	readonly userPath: string;
}

function toListing(e: TrustStoreEntry): KeyListing {
	return {
		source: e.source,
		path: e.path,
		line: e.line,
		fingerprint: fingerprintSha256(e.key),
		keygenLine: keygenListLine(e.key, e.comment.replace(CONTROL, '')),
		principals: e.principals.replace(CONTROL, '?'),
		...(e.namespaces !== undefined && { namespaces: e.namespaces }),
		...(e.validAfter !== undefined && { validAfter: e.validAfter.text }),
		...(e.validBefore !== undefined && { validBefore: e.validBefore.text }),
	};
}

/** `hidfix keys list`: system entries then user entries. */
export async function keysList(paths: KeysPaths): Promise<Result<KeyListing[], TrustError>> {
	const out: KeyListing[] = [];
	for (const [source, path] of [
		['system', paths.systemPath],
		['user', paths.userPath],
	] as const) {
		const entries = await loadStoreFile(path, source);
		if (!entries.ok) return entries;
		out.push(...entries.value.map(toListing));
	}
	return ok(out);
}

/** One line per key: the `ssh-keygen -lf` line, then principals, options and where it comes from. */
export function formatKeyListing(k: KeyListing): string {
	const extra = [
		k.namespaces !== undefined ? `namespaces=${k.namespaces}` : '',
		k.validAfter !== undefined ? `valid-after=${k.validAfter}` : '',
		k.validBefore !== undefined ? `valid-before=${k.validBefore}` : '',
	].filter(Boolean);
	return `${k.keygenLine}\t${k.principals}${extra.length ? ` [${extra.join(' ')}]` : ''}\t(${k.source}: ${k.path}:${k.line})`;
}

export interface KeysAddOptions {
	readonly userPath: string;
	/** A public key line (`ssh-ed25519 AAAA… comment`) or the path of a `.pub` file. */
	readonly key: string;
	/** One principal (pattern allowed, e.g. `*@kernel.org`); usually the author's e-mail. */
	readonly principal: string;
	/** Optional expiry: a Date, or `YYYYMMDD[HHMM[SS]][Z]` text. */
	readonly validBefore?: Date | string;
	/** Default `hidfix`: the key is trusted for hidfix signatures only. */
	readonly namespaces?: string;
	/** For the "already expired" check; default now. */
	readonly now?: Date;
}

const KEY_LINE_START = /^\s*(ssh-ed25519|ecdsa-sha2-nistp\d+|ssh-rsa|ssh-dss|sk-\S+)\s/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
const PRINCIPAL = /^[^\s",#!\x00-\x1f\x7f][^\s",\x00-\x1f\x7f]*$/;

/** Reads the `key` argument: a key line as given, otherwise the first key line of that file. */
export async function readPublicKeyArg(
	arg: string,
): Promise<Result<{ key: SshPublicKey; comment: string }, TrustError>> {
	let line = arg;
	if (!KEY_LINE_START.test(arg)) {
		try {
			const text = await readFile(arg, 'utf8');
			line = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
		} catch (e) {
			return err(
				trustError(
					'bad-input',
					`"${arg}" is neither a public key line nor a readable file: ${(e as Error).message}`,
				),
			);
		}
	}
	if (line.includes('PRIVATE KEY'))
		return err(
			trustError('bad-input', `${arg} is a private key. Give the public key (the .pub file) instead.`),
		);
	const parsed = parsePublicKeyLine(line);
	if (!parsed.ok) return err(trustError('bad-input', parsed.error.message, parsed.error.detail));
	return ok(parsed.value);
}

/** `hidfix keys add`: appends one `allowed_signers` line to the user store (atomically). */
export async function keysAdd(opts: KeysAddOptions): Promise<Result<KeyListing, TrustError>> {
	if (!PRINCIPAL.test(opts.principal))
		return err(
			trustError(
				'bad-input',
				`"${opts.principal}" is not a usable principal: one name such as alice@example.org, without spaces, quotes or commas.`,
			),
		);
	const key = await readPublicKeyArg(opts.key);
	if (!key.ok) return key;
	let validBefore: SshTime | undefined;
	if (opts.validBefore !== undefined) {
		validBefore =
			typeof opts.validBefore === 'string'
				? parseSshTime(opts.validBefore)
				: formatSshTimeUtc(opts.validBefore);
		if (!validBefore || Number.isNaN(validBefore.epochSeconds))
			return err(
				trustError(
					'bad-input',
					`"${String(opts.validBefore)}" is not a date (use YYYYMMDD or YYYYMMDDHHMM[SS][Z]).`,
				),
			);
		const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
		if (validBefore.epochSeconds < now)
			return err(trustError('bad-input', `The expiry ${validBefore.text} is already in the past.`));
	}
	return withFileLock(opts.userPath, async () => {
		const current = await readUserStore(opts.userPath);
		if (!current.ok) return current;
		const { text: before, entries } = current.value;
		const dup = entries.find(
			(e) => bytesEqual(e.key.blob, key.value.key.blob) && e.principals === opts.principal,
		);
		if (dup)
			return err(
				trustError(
					'key-exists',
					`${fingerprintSha256(key.value.key)} is already trusted for ${opts.principal} (${opts.userPath} line ${dup.line}).`,
				),
			);
		const line = formatAllowedSigner({
			principals: opts.principal,
			namespaces: opts.namespaces ?? HIDFIX_NAMESPACE,
			...(validBefore !== undefined && { validBefore }),
			key: key.value.key,
			comment: key.value.comment.replace(CONTROL, ''),
		});
		const prefix = before === '' || before.endsWith('\n') ? before : `${before}\n`;
		const lineNo = prefix === '' ? 1 : prefix.split('\n').length;
		// Parse what we are about to write: a line we could not read back must never reach the store.
		const added = parseAllowedSignerLine(line, lineNo, opts.userPath);
		if (!added.ok || !added.value)
			return err(added.ok ? trustError('bad-input', 'Empty entry.') : added.error);
		const written = await writeFileAtomic(opts.userPath, `${prefix}${line}\n`);
		if (!written.ok) return written;
		return ok(toListing({ ...added.value, source: 'user', path: opts.userPath }));
	});
}

/** The user store's text and entries (empty when the file does not exist). */
async function readUserStore(
	path: string,
): Promise<Result<{ text: string; entries: AllowedSigner[] }, TrustError>> {
	const text = await readTrustFileIfExists(path);
	if (!text.ok) return text;
	const parsed = parseAllowedSigners(text.value ?? '', path);
	if (!parsed.ok) return parsed;
	return ok({ text: text.value ?? '', entries: parsed.value });
}

export interface KeysRemoveOptions extends KeysPaths {
	/** A `SHA256:…` fingerprint, or a principal exactly as listed. */
	readonly selector: string;
}

/**
 * `hidfix keys remove`: deletes every user-store line whose key has that fingerprint, or whose
 * principals list contains that exact principal. Other lines (comments included) are kept byte for byte.
 */
export async function keysRemove(opts: KeysRemoveOptions): Promise<Result<KeyListing[], TrustError>> {
	return withFileLock(opts.userPath, async () => {
		const current = await readUserStore(opts.userPath);
		if (!current.ok) return current;
		const matches = (e: AllowedSigner) =>
			opts.selector.startsWith('SHA256:')
				? fingerprintSha256(e.key) === opts.selector
				: e.principals.split(',').includes(opts.selector);
		const removed = current.value.entries.filter(matches);
		if (removed.length === 0) {
			const system = await loadStoreFile(opts.systemPath, 'system');
			if (system.ok && system.value.some(matches))
				return err(
					trustError(
						'key-not-found',
						`${opts.selector} is trusted by the system store ${opts.systemPath}, which only an administrator can change.`,
					),
				);
			return err(
				trustError('key-not-found', `No trusted key matches ${opts.selector}. See \`hidfix keys list\`.`),
			);
		}
		const drop = new Set(removed.map((e) => e.line));
		const lines = current.value.text.split('\n');
		const kept = lines.filter((_, i) => !drop.has(i + 1));
		const written = await writeFileAtomic(opts.userPath, kept.join('\n'));
		if (!written.ok) return written;
		return ok(removed.map((e) => toListing({ ...e, source: 'user', path: opts.userPath })));
	});
}
