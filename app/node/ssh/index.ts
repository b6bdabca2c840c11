/**
 * OpenSSH signatures with node:crypto and ssh-keygen: the stable entry point of app/node/ssh.
 *
 * - `verifySignatures(message, armoredSigs, 'hidfix')` → `Result<SignatureReport, SignatureError>`:
 *   every block checked (armor, blob, namespace, hash, key type, crypto); ok if ≥ 1 verified. Not
 *   trust: pass the report to `decideTrust` (app/common/trust).
 * - `signWithSshKeygen({ message, keyPath, namespace })` → `Promise<Result<string, SignatureError>>`:
 *   runs `ssh-keygen -Y sign` (private key, or `.pub` + ssh-agent); returns the armored text.
 * - `fingerprintSha256(key)` and `keygenListLine(key, comment)`: byte-identical to `ssh-keygen -lf`.
 * - `signSshsigNative({ message, privateKey, namespace })`: signs with a node:crypto key (tests).
 */
export { fingerprintSha256, keygenListLine } from './fingerprint.js';
export { fromKeyObject, toKeyObject } from './key-object.js';
export { signSshsigNative, type SignNativeOptions } from './sign-native.js';
export { signWithSshKeygen, type SignWithSshKeygenOptions } from './sign-keygen.js';
export { verifyParsed, verifySignatures } from './verify.js';
