/**
 * Pure OpenSSH signature (SSHSIG) codec: the stable entry point of app/common/ssh.
 *
 * - `parseArmor(text)` / `formatArmor(blob)`: `-----BEGIN SSH SIGNATURE-----` blocks ⇄ blobs.
 * - `parseSshsigBlob(blob)`, `checkNamespace(blob, ns)`, `sshsigSignedData(ns, hashAlg, digest)`,
 *   `encodeSshsigBlob(blob)`: the SSHSIG structure and the exact bytes a key signs.
 * - `parsePublicKeyLine(line)` / `formatPublicKeyLine(key, comment)`, `parsePublicKeyBlob(blob)`,
 *   `keyBits`, `keyTypeLabel`: OpenSSH public keys (ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa).
 * - `matchPatternList(text, list)`: OpenSSH PATTERNS.
 * - Types `VerifiedSignature`, `RejectedSignature`, `SignatureReport` (what verification yields) and
 *   `SignatureError` (codes `sig-armor`, `sig-blob`, `sig-version`, `sig-namespace`, `sig-hash-alg`,
 *   `sig-key-type`, `sig-alg`, `sig-invalid`, `sig-public-key`, `sig-sign-failed`).
 *
 * The cryptography (verify, fingerprint, sign) is in app/node/ssh; trust in app/common/trust.
 */
export { ARMOR_BEGIN, ARMOR_END, formatArmor, parseArmor } from './armor.js';
export { matchPattern, matchPatternList } from './pattern.js';
export {
	formatPublicKeyLine,
	keyBits,
	keyTypeLabel,
	parsePublicKeyBlob,
	parsePublicKeyLine,
	type PublicKeyLine,
	type SshKeyType,
	type SshPublicKey,
} from './public-key.js';
export { signatureError, type SignatureError, type SignatureErrorCode } from './signature-error.js';
export {
	HIDFIX_NAMESPACE,
	checkNamespace,
	encodeSshsigBlob,
	parseSshsigBlob,
	sshsigSignedData,
	type SshSignature,
	type SshsigBlob,
	type SshsigHashAlg,
} from './sshsig.js';
export type { RejectedSignature, SignatureReport, VerifiedSignature } from './verified.js';
