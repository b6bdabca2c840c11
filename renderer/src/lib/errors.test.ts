import { describe, expect, it } from 'vitest';
import { BUNDLE_ERROR_CODES } from '../../../app/common/bundle/errors.js';
import { HELPER_ERROR_CODES } from '../../../app/common/elevation/protocol.js';
import { IPC_ERROR_CODES } from '../../../app/common/ipc/contract.js';
import { presentError } from './errors.js';

describe('presentError', () => {
	it('gives every code a title and a next step, keeping the core’s message', () => {
		for (const code of [...BUNDLE_ERROR_CODES, ...IPC_ERROR_CODES, ...HELPER_ERROR_CODES]) {
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

	it('tells an old kernel apart from a fix the kernel refused (the loader’s code)', () => {
		const old = presentError({
			code: 'loader-failed',
			message: 'x.bpf.o could not be attached: Linux 6.8 has the old HID-BPF API',
			detail: { loaderCode: 'kernel-too-old' },
		});
		const refused = presentError({
			code: 'loader-failed',
			message: 'x.bpf.o could not be attached: the verifier said no',
			detail: { loaderCode: 'verifier-rejected' },
		});
		expect([old.title, refused.title]).toEqual([
			'This computer’s kernel cannot run HID-BPF fixes',
			'The kernel did not accept the fix',
		]);
	});

	it('offers a retry only where the cause can go away', () => {
		expect(presentError({ code: 'device-list-failed', message: '' }).retry).toBe(true);
		expect(presentError({ code: 'payload-hash-mismatch', message: '' }).retry).toBe(false);
	});
});
