import { describe, expect, it } from 'vitest';
import { BUNDLE_ERROR_CODES } from '../../../app/common/bundle/errors.js';
import { IPC_ERROR_CODES } from '../../../app/common/ipc/contract.js';
import { presentError } from './errors.js';

describe('presentError', () => {
	it('gives every code a title and a next step, keeping the core’s message', () => {
		for (const code of [...BUNDLE_ERROR_CODES, ...IPC_ERROR_CODES]) {
			const shown = presentError({ code, message: `core says ${code}` });
			expect(shown.code).toBe(code);
			expect(shown.message).toBe(`core says ${code}`);
			expect(shown.title.length, code).toBeGreaterThan(10);
			expect(shown.action.length, code).toBeGreaterThan(10);
		}
	});

	it('presents an untrusted signer as a trust question with the command to trust the key', () => {
		expect(presentError({ code: 'signature-untrusted', message: 'signed by SHA256:x' })).toEqual({
			code: 'signature-untrusted',
			tone: 'untrusted',
			title: 'Signed by someone you have not trusted yet',
			message: 'signed by SHA256:x',
			action:
				'Only continue if you know who this is. Get the developer’s public key from them (their bug tracker comment or website), check its fingerprint matches the one above, then run: hidfix keys add --principal THEIR-NAME THEIR-KEY.pub — and open the bundle again.',
			retry: false,
		});
	});

	it('offers a retry only where the cause can go away', () => {
		expect(presentError({ code: 'device-list-failed', message: '' }).retry).toBe(true);
		expect(presentError({ code: 'payload-hash-mismatch', message: '' }).retry).toBe(false);
	});
});
