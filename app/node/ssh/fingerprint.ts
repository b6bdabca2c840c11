/**
 * Key fingerprints exactly as OpenSSH prints them: `SHA256:` + unpadded base64 of SHA-256 over the
 * key blob, and the whole `ssh-keygen -lf` line `256 SHA256:… comment (ED25519)`.
 */
import { createHash } from 'node:crypto';
import { base64EncodeUnpadded } from '../../common/ssh/base64.js';
import { keyBits, keyTypeLabel, type SshPublicKey } from '../../common/ssh/public-key.js';

/** `SHA256:…` as in `ssh-keygen -l` and `Good "hidfix" signature … with ED25519 key SHA256:…`. */
export function fingerprintSha256(key: SshPublicKey | Uint8Array): string {
	const blob = key instanceof Uint8Array ? key : key.blob;
	return `SHA256:${base64EncodeUnpadded(createHash('sha256').update(blob).digest())}`;
}

/** The line `ssh-keygen -lf file.pub` prints (without newline); an empty comment prints as `no comment`. */
export function keygenListLine(key: SshPublicKey, comment: string): string {
	return `${keyBits(key)} ${fingerprintSha256(key)} ${comment === '' ? 'no comment' : comment} (${keyTypeLabel(key)})`;
}
