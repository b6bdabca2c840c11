import { describe, expect, it } from 'vitest';
import { SshReader, SshWriter } from './wire.js';

describe('SshReader', () => {
	it('reads what SshWriter wrote', () => {
		const b = new SshWriter()
			.u32(0xdeadbeef)
			.string('ssh-ed25519')
			.positiveMpint(new Uint8Array([0x80, 1]))
			.positiveMpint(new Uint8Array([0, 0, 0x7f]))
			.bytes();
		const r = new SshReader(b);
		expect([
			r.readU32('n'),
			r.readAscii('s'),
			r.readPositiveMpint('a'),
			r.readPositiveMpint('b'),
			r.expectEnd('all'),
		]).toEqual([
			{ ok: true, value: 0xdeadbeef },
			{ ok: true, value: 'ssh-ed25519' },
			{ ok: true, value: new Uint8Array([0x80, 1]) },
			{ ok: true, value: new Uint8Array([0x7f]) },
			{ ok: true, value: undefined },
		]);
	});

	it('refuses a string longer than the buffer, without moving', () => {
		const huge = new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
		const r = new SshReader(huge);
		const out = r.readString('blob');
		expect(out).toEqual({
			ok: false,
			error: { code: 'wire-truncated', message: 'blob: declares 4294967295 bytes, 3 left' },
		});
		expect(r.remaining).toBe(7);
	});

	it('refuses truncated lengths at every cut', () => {
		const b = new SshWriter().string('hello').bytes();
		const codes = [];
		for (let n = 0; n < b.length; n++) {
			const out = new SshReader(b.subarray(0, n)).readString('x');
			codes.push(out.ok ? 'ok' : out.error.code);
		}
		expect(codes).toEqual(Array(b.length).fill('wire-truncated'));
	});

	it('reports trailing bytes', () => {
		const r = new SshReader(new Uint8Array([0, 0, 0, 0, 9]));
		expect(r.readString('x').ok).toBe(true);
		expect(r.expectEnd('blob')).toEqual({
			ok: false,
			error: { code: 'wire-trailing', message: 'blob: 1 unexpected trailing bytes' },
		});
	});

	it('refuses negative and non-minimal mpints, and non-ASCII text', () => {
		const cases = [
			[0, 0, 0, 1, 0x80],
			[0, 0, 0, 1, 0],
			[0, 0, 0, 2, 0, 0x01],
		].map((b) => new SshReader(new Uint8Array(b)).readPositiveMpint('m'));
		expect(cases.map((c) => (c.ok ? 'ok' : c.error.message))).toEqual([
			'm: negative integer',
			'm: non-minimal encoding',
			'm: non-minimal encoding',
		]);
		const text = new SshReader(new Uint8Array([0, 0, 0, 2, 0x68, 0x0a])).readAscii('ns');
		expect(text.ok ? 'ok' : text.error.code).toBe('wire-text');
	});
});
