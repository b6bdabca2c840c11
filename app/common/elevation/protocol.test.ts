import { describe, expect, it } from 'vitest';
import { parseHelperLine } from './protocol.js';

const attach = {
	ok: true,
	verb: 'attach',
	fix: { id: 'org.example.fix', version: '1.0.0', title: 'A fix' },
	signers: ['SHA256:x'],
	device: '0003:045E:00D1.0001',
	objects: ['a_bpf'],
};

describe('parseHelperLine', () => {
	it('takes the replies docs/helper.md describes, and only the fields it names', () => {
		expect(parseHelperLine(JSON.stringify({ ...attach, extra: 'dropped' }), 'attach')).toEqual({
			ok: true,
			value: {
				verb: 'attach',
				fix: attach.fix,
				signers: attach.signers,
				device: attach.device,
				objects: attach.objects,
			},
		});
		expect(
			parseHelperLine(
				'{"ok":true,"verb":"keep","fix":"org.example.fix","version":"1.0.0","recovered":"x"}',
				'keep',
			),
		).toEqual({
			ok: true,
			value: { verb: 'keep', fix: 'org.example.fix', version: '1.0.0', recovered: 'x' },
		});
		expect(parseHelperLine('{"ok":false,"code":"not-installed","message":"m"}', 'detach')).toEqual({
			ok: false,
			error: { code: 'not-installed', message: 'm' },
		});
	});

	it.each([
		['not JSON', 'pkexec: Error executing command', 'attach'],
		['an array', '[]', 'attach'],
		['another verb', JSON.stringify(attach), 'keep'],
		['an unknown error code', '{"ok":false,"code":"rm-rf","message":"m"}', 'attach'],
		['a missing field', JSON.stringify({ ...attach, objects: undefined }), 'attach'],
		['a non-string signer', JSON.stringify({ ...attach, signers: [1] }), 'attach'],
	] as const)('is no reply for %s', (_what, line, verb) => {
		expect(parseHelperLine(line, verb)).toBeUndefined();
	});
});
