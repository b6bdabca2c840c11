/**
 * SSHSIG armor: `-----BEGIN SSH SIGNATURE-----`, base64 wrapped at 70 columns (as `ssh-keygen`
 * writes it), `-----END SSH SIGNATURE-----`. A signature file may hold several blocks one after
 * another (several authors); only whitespace may sit between them.
 */
import { ok, type Result } from '../result.js';
import { base64Decode, base64Encode } from './base64.js';
import { sigErr, type SignatureError } from './signature-error.js';

export const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
export const ARMOR_END = '-----END SSH SIGNATURE-----';
const WRAP = 70;
/** SECURITY: bounds on hostile input before any decoding work. */
export const MAX_ARMOR_CHARS = 1 << 20;
export const MAX_SIGNATURES = 16;

/** Formats one blob exactly as `ssh-keygen -Y sign` writes its `.sig` file (trailing newline included). */
export function formatArmor(blob: Uint8Array): string {
	const b64 = base64Encode(blob);
	const lines: string[] = [];
	for (let i = 0; i < b64.length; i += WRAP) lines.push(b64.slice(i, i + WRAP));
	return `${ARMOR_BEGIN}\n${lines.join('\n')}\n${ARMOR_END}\n`;
}

/** Parses one or more armored blocks into their decoded blobs, in order. */
export function parseArmor(text: string): Result<Uint8Array[], SignatureError> {
	if (text.length > MAX_ARMOR_CHARS)
		return sigErr('sig-armor', 'The signature file is too large to be an SSH signature.');
	const lines = text.split(/\r?\n/);
	const blobs: Uint8Array[] = [];
	let body: string[] | undefined;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!.trim();
		const where = `line ${i + 1}`;
		if (body === undefined) {
			if (line === '') continue;
			if (line !== ARMOR_BEGIN)
				return sigErr(
					'sig-armor',
					'The signature is not an SSH signature (missing BEGIN SSH SIGNATURE).',
					where,
				);
			body = [];
		} else if (line === ARMOR_END) {
			const decoded = base64Decode(body.join(''));
			if (!decoded || decoded.length === 0)
				return sigErr('sig-armor', 'The SSH signature is damaged (invalid base64).', where);
			blobs.push(decoded);
			if (blobs.length > MAX_SIGNATURES)
				return sigErr('sig-armor', `More than ${MAX_SIGNATURES} signatures; refusing to check them.`);
			body = undefined;
		} else if (line === ARMOR_BEGIN) {
			return sigErr('sig-armor', 'The SSH signature is damaged (BEGIN without END).', where);
		} else {
			body.push(line);
		}
	}
	if (body !== undefined)
		return sigErr('sig-armor', 'The SSH signature is cut short (missing END SSH SIGNATURE).');
	if (blobs.length === 0) return sigErr('sig-armor', 'There is no SSH signature.');
	return ok(blobs);
}
