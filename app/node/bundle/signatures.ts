/**
 * Signature and trust step of opening a bundle: the colleague-owned SSHSIG verifier and trust
 * decision (app/node/ssh, app/common/trust) applied to exactly the `manifest.json` bytes, with their
 * errors mapped onto bundle error codes (docs/bundle-format.md §4, §8).
 *
 * SECURITY: fail closed — no signature, or none from a key trusted for namespace `hidfix` right now,
 * is a rejection. This runs before the manifest is parsed, so no unauthenticated JSON is ever looked at.
 */
import { err, ok, type Result } from '../../common/result.js';
import { bundleError, type BundleError, type BundleErrorCode } from '../../common/bundle/errors.js';
import { decodeUtf8 } from '../../common/bundle/utf8.js';
import type { SignatureErrorCode } from '../../common/ssh/signature-error.js';
import { decideTrust, type TrustDecision, type TrustStore } from '../../common/trust/decide.js';
import type { TrustErrorCode } from '../../common/trust/trust-error.js';
import { verifySignatures } from '../ssh/verify.js';

/** SSHSIG namespace of bundle manifests; a git or file signature by the same key never verifies. */
export const BUNDLE_NAMESPACE = 'hidfix';

const FROM_SIGNATURE: Record<SignatureErrorCode, BundleErrorCode> = {
	'sig-armor': 'signature-malformed',
	'sig-blob': 'signature-malformed',
	'sig-version': 'signature-malformed',
	'sig-hash-alg': 'signature-malformed',
	'sig-key-type': 'signature-malformed',
	'sig-alg': 'signature-malformed',
	'sig-public-key': 'signature-malformed',
	'sig-namespace': 'signature-wrong-namespace',
	'sig-invalid': 'signature-invalid',
	'sig-sign-failed': 'signature-invalid',
};

const FROM_TRUST: Partial<Record<TrustErrorCode, BundleErrorCode>> = {
	'unknown-key': 'signature-untrusted',
	'wrong-namespace': 'signature-wrong-namespace',
	expired: 'signature-key-expired',
	'not-yet-valid': 'signature-key-not-yet-valid',
};

export function checkSignatures(
	manifestBytes: Uint8Array,
	signatureBytes: Uint8Array,
	trust: TrustStore,
	now: Date,
): Result<TrustDecision, BundleError> {
	const armored = decodeUtf8(signatureBytes);
	if (armored === undefined) {
		return err(
			bundleError('signature-malformed', 'manifest.sig is not text; the bundle signature is damaged.'),
		);
	}
	const report = verifySignatures(manifestBytes, armored, BUNDLE_NAMESPACE);
	if (!report.ok) {
		const e = report.error;
		return err(
			bundleError(
				FROM_SIGNATURE[e.code],
				e.message,
				e.detail === undefined ? undefined : { actual: e.detail },
			),
		);
	}
	const decision = decideTrust(report.value, trust, now);
	if (!decision.ok) {
		const e = decision.error;
		return err(
			bundleError(
				FROM_TRUST[e.code] ?? 'signature-invalid',
				e.message,
				e.detail === undefined ? undefined : { actual: e.detail },
			),
		);
	}
	return ok(decision.value);
}
