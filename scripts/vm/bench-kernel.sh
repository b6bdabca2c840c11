#!/usr/bin/env bash
# Usage: scripts/vm/bench-kernel.sh          (npm run bench:kernel)
#
# Attach/detach latency of every example HID-BPF fix through bpf/out/hidfix-loader, in ONE boot of
# the test VM (scripts/vm/run.sh): per fix, the median of HIDFIX_BENCH_ROUNDS (default 10) attach
# and detach cycles, and the verifier's share (bpf_object__load() time alone, the floor any loader
# pays) of the attach time. The table is produced by bpf/test/kernel/bench.mjs.
#
# The guest runs under TCG (this machine's /dev/kvm cannot run a stock kernel, see run.sh), so
# absolute numbers are 10-50x hardware; the ratios are what to compare.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"

make -s -C bpf >&2
make -s -C bpf test-tools >&2
HIDFIX_VM_ENV="HIDFIX_BENCH_ROUNDS ${HIDFIX_VM_ENV:-}" HIDFIX_BENCH_ROUNDS=${HIDFIX_BENCH_ROUNDS:-10} \
	HIDFIX_VM_STEP_TIMEOUT=${HIDFIX_VM_STEP_TIMEOUT:-600} \
	exec bash "$here/run.sh" node bpf/test/kernel/bench.mjs
