/**
 * Vitest global setup: build the BPF objects and test tools once (make is a no-op when up to date), so
 * tests that read real objects from bpf/out never find it missing and never skip.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
	execFileSync('make', ['-s', '-C', resolve(import.meta.dirname, '../../bpf')], { stdio: 'inherit' });
}
