import { describe, expect, it } from 'vitest';
import { classifyEntry } from './entry-path.js';

const classify = (name: string) => {
	const r = classifyEntry(name);
	return r.ok ? r.kind : r.error.code;
};

describe('classifyEntry', () => {
	it.each([
		['manifest.json', 'manifest'],
		['manifest.sig', 'signature'],
		['README.md', 'source'],
		['programs/0010-Huion__Kamvas.bpf.o', 'program'],
		['src/0010-Huion__Kamvas.bpf.c', 'source'],
		['src/include/hid_bpf_helpers.h', 'source'],
		['/etc/passwd', 'entry-path-unsafe'],
		['src/../../etc/passwd', 'entry-path-unsafe'],
		['src/./a.c', 'entry-path-unsafe'],
		['src//a.c', 'entry-path-unsafe'],
		['src/a.c/', 'entry-path-unsafe'],
		['src\\a.c', 'entry-path-unsafe'],
		['src/a\nb.c', 'entry-path-unsafe'],
		['src/caf\u00e9.c', 'entry-path-unsafe'],
		['', 'entry-path-unsafe'],
		['programs/x.so', 'entry-path-not-allowed'],
		['programs/sub/x.bpf.o', 'entry-path-not-allowed'],
		['src/.hidden', 'entry-path-not-allowed'],
		['src', 'entry-path-not-allowed'],
		['evil.sh', 'entry-path-not-allowed'],
		['Manifest.json', 'entry-path-not-allowed'],
		[`src/${'a/'.repeat(8)}x.c`, 'entry-path-not-allowed'],
	])('%j → %s', (name, expected) => {
		expect(classify(name)).toBe(expected);
	});
});
