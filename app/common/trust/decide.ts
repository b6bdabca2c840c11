/**
 * The trust decision, pure: given the signatures that verified, the trust store and the time, which
 * principals vouch for the message — or a typed reason why nobody does.
 *
 * SECURITY: fail closed. Zero signatures, or zero from a key that is trusted *for this namespace at
 * this time*, is a {@link TrustError}. With several signatures, one trusted valid signature is enough;
 * every signature's outcome is still reported so the UI can show all of them.
 */
import { err, ok, type Result } from '../result.js';
import type { SignatureReport, VerifiedSignature, RejectedSignature } from '../ssh/verified.js';
import { matchPatternList } from '../ssh/pattern.js';
import { bytesEqual } from '../ssh/wire.js';
import type { AllowedSigner } from './allowed-signers.js';
import type { SshTime } from './ssh-time.js';
import { trustError, type TrustError } from './trust-error.js';

export type TrustSource = 'system' | 'user';

export interface TrustStoreEntry extends AllowedSigner {
	readonly source: TrustSource;
	/** File the entry came from, for messages. */
	readonly path: string;
}

export interface TrustStore {
	readonly entries: readonly TrustStoreEntry[];
}

export type TrustRefusal =
	| { readonly code: 'unknown-key' }
	| { readonly code: 'wrong-namespace'; readonly entry: TrustStoreEntry }
	| { readonly code: 'expired'; readonly entry: TrustStoreEntry; readonly validBefore: SshTime }
	| { readonly code: 'not-yet-valid'; readonly entry: TrustStoreEntry; readonly validAfter: SshTime };

export interface Voucher {
	readonly signature: VerifiedSignature;
	/** Principal patterns of every entry that accepts this key, in store order, de-duplicated. */
	readonly principals: readonly string[];
	readonly entries: readonly TrustStoreEntry[];
}

export interface TrustDecision {
	/** Never empty in an ok result. */
	readonly vouchers: readonly Voucher[];
	/** Valid signatures whose key is not trusted (here and now). */
	readonly refused: readonly { readonly signature: VerifiedSignature; readonly refusal: TrustRefusal }[];
	/** Signatures that did not verify at all (passed through from verification). */
	readonly rejected: readonly RejectedSignature[];
}

/** Why one store entry does not accept a signature now, or `undefined` if it does. */
export function entryRefusal(
	entry: TrustStoreEntry,
	namespace: string,
	nowSeconds: number,
): Exclude<TrustRefusal, { code: 'unknown-key' }> | undefined {
	if (entry.namespaces !== undefined && matchPatternList(namespace, entry.namespaces) !== 1)
		return { code: 'wrong-namespace', entry };
	// Both bounds inclusive, as ssh-keygen -Y verify treats them (checked against OpenSSH 9.2).
	if (entry.validAfter !== undefined && nowSeconds < entry.validAfter.epochSeconds)
		return { code: 'not-yet-valid', entry, validAfter: entry.validAfter };
	if (entry.validBefore !== undefined && nowSeconds > entry.validBefore.epochSeconds)
		return { code: 'expired', entry, validBefore: entry.validBefore };
	return undefined;
}

const RANK: Record<TrustRefusal['code'], number> = {
	expired: 4,
	'not-yet-valid': 3,
	'wrong-namespace': 2,
	'unknown-key': 1,
};

/** Decides whether the verified signatures are vouched for by the trust store at `now`. */
export function decideTrust(
	signatures: SignatureReport | readonly VerifiedSignature[],
	store: TrustStore,
	now: Date,
): Result<TrustDecision, TrustError> {
	const report: SignatureReport = isReport(signatures) ? signatures : { verified: signatures, rejected: [] };
	const nowSeconds = Math.floor(now.getTime() / 1000);
	// SECURITY: NaN compares false with everything, which would make every expiry pass.
	if (!Number.isFinite(nowSeconds))
		return err(trustError('bad-input', 'The current time is unknown, so key expiry cannot be checked.'));
	const vouchers: Voucher[] = [];
	const refused: { signature: VerifiedSignature; refusal: TrustRefusal }[] = [];

	for (const sig of report.verified) {
		const matching = store.entries.filter((e) => bytesEqual(e.key.blob, sig.key.blob));
		const accepting = matching.filter((e) => entryRefusal(e, sig.namespace, nowSeconds) === undefined);
		if (accepting.length > 0) {
			// Negated patterns (`!mallory`) only exclude; they name nobody who vouches.
			const principals = [
				...new Set(accepting.flatMap((e) => e.principals.split(',').filter((p) => !p.startsWith('!')))),
			];
			vouchers.push({ signature: sig, principals, entries: accepting });
			continue;
		}
		let refusal: TrustRefusal = { code: 'unknown-key' };
		for (const e of matching) {
			const r = entryRefusal(e, sig.namespace, nowSeconds)!;
			if (RANK[r.code] > RANK[refusal.code]) refusal = r;
		}
		refused.push({ signature: sig, refusal });
	}

	if (vouchers.length > 0) return ok({ vouchers, refused, rejected: report.rejected });
	return err(noVoucherError(report, refused));
}

function isReport(x: SignatureReport | readonly VerifiedSignature[]): x is SignatureReport {
	return !Array.isArray(x);
}

function noVoucherError(
	report: SignatureReport,
	refused: readonly { signature: VerifiedSignature; refusal: TrustRefusal }[],
): TrustError {
	const detail = [
		...refused.map(
			(r) => `signature ${r.signature.index + 1}: ${r.signature.fingerprint}: ${r.refusal.code}`,
		),
		...report.rejected.map((r) => `signature ${r.index + 1}: ${r.error.code}: ${r.error.message}`),
	].join('\n');
	if (refused.length === 0) {
		const first = report.rejected[0];
		return trustError(
			'no-signatures',
			first
				? `No signature on this bundle could be verified: ${first.error.message}`
				: 'This bundle is not signed. hidfix only runs fixes signed by a key you trust.',
			detail || undefined,
		);
	}
	let worst = refused[0]!;
	for (const r of refused) if (RANK[r.refusal.code] > RANK[worst.refusal.code]) worst = r;
	const fp = worst.signature.fingerprint;
	const r = worst.refusal;
	switch (r.code) {
		case 'unknown-key':
			return trustError(
				'unknown-key',
				`This bundle was signed by ${fp} which is not in your trusted keys. If you know the author, add their key with \`hidfix keys add\`.`,
				detail,
			);
		case 'wrong-namespace':
			return trustError(
				'wrong-namespace',
				`The key ${fp} (${r.entry.principals}) is trusted only for "${r.entry.namespaces}", not for "${worst.signature.namespace}" (${r.entry.path} line ${r.entry.line}).`,
				detail,
			);
		case 'expired':
			return trustError(
				'expired',
				`The key ${fp} (${r.entry.principals}) expired at ${isoOf(r.validBefore)} (valid-before in ${r.entry.path} line ${r.entry.line}). If you still trust it, re-add it with a later date using \`hidfix keys add\`.`,
				detail,
			);
		case 'not-yet-valid':
			return trustError(
				'not-yet-valid',
				`The key ${fp} (${r.entry.principals}) is not valid before ${isoOf(r.validAfter)} (valid-after in ${r.entry.path} line ${r.entry.line}). Check your clock, or wait.`,
				detail,
			);
	}
}

function isoOf(t: SshTime): string {
	return new Date(t.epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
