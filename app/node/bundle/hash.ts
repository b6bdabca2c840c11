/** SHA-256 as lower-case hex over a view, without copying (node:crypto accepts any ArrayBufferView). */
import { createHash } from 'node:crypto';

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
