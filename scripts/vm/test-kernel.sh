#!/usr/bin/env bash
# Usage: scripts/vm/test-kernel.sh [test files…]     (npm run test:kernel)
#
# The real-kernel test bench: builds what the tests need on the host, boots a VM (run.sh) and runs
# every bpf/test/kernel/*.test.mjs (or the given files) with Node's test runner inside it; files
# marked `// hidfix-vm: icount` run in a second VM (see step 4). Prints the spec report, then as
# the LAST stdout line `N passed, N failed` (node:test tests: `# pass`, `# fail` + `# cancelled` of
# the TAP reports, summed). Exits non-zero on any failure, a boot failure, or
# when no test ran. Never skips: missing packages are installed (root), a VM that cannot boot fails.
#
# Environment: see run.sh (HIDFIX_VM_STEP_TIMEOUT, all test files of one VM together, defaults to
# 1500 s here); HIDFIX_TEST_TIMEOUT_MS is node's --test-timeout (default 900000). Node 20 applies
# it to each test file as a whole too, so it must cover the slowest file on a loaded host (a 120 s
# value cut off a loader.test.mjs that needed ~160 s); single waits are bounded by the lib (20 s
# each). Both are guest time; in the icount VM that runs ~10x slower than the host's clock.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"

result() {
	echo "$1 passed, $2 failed"
	[ "$2" = 0 ] && [ "$1" -gt 0 ]
	exit $?
}
fail_setup() {
	echo "test-kernel: ERROR: $*" >&2
	result 0 1
}

# 1. System packages (qemu, busybox-static, zstd, cpio, kmod, clang, libbpf…).
missing=
for cmd in qemu-system-x86_64 zstd cpio depmod xz cc make bpftool; do
	command -v "$cmd" >/dev/null || missing="$missing $cmd"
done
[ -x /bin/busybox ] || missing="$missing busybox"
if [ -n "$missing" ]; then
	echo "test-kernel: missing:$missing; running scripts/install-system-deps.sh" >&2
	if [ "$(id -u)" = 0 ]; then
		bash scripts/install-system-deps.sh >&2 || fail_setup "installing system packages failed"
	else
		sudo -n bash scripts/install-system-deps.sh >&2 ||
			fail_setup "missing:$missing; run 'sudo bash scripts/install-system-deps.sh'"
	fi
fi

# 2. Host builds: the guest runs the host's files (the repo is shared), so build here, once.
npm run --silent build:core >&2 || fail_setup "npm run build:core failed"
if [ -f bpf/Makefile ]; then
	make -s -C bpf >&2 || fail_setup "make -C bpf failed"
	make -s -C bpf test-tools >&2 || fail_setup "make -C bpf test-tools failed"
fi

# 3. The kernel (downloaded once, cached).
bash scripts/vm/fetch-kernel.sh >/dev/null || fail_setup "fetching the test kernel failed"

if [ $# -gt 0 ]; then
	files=("$@")
else
	files=(bpf/test/kernel/*.test.mjs)
fi
[ -e "${files[0]}" ] || fail_setup "no kernel tests found (bpf/test/kernel/*.test.mjs)"

# 4. Test files marked `// hidfix-vm: icount` (timing-sensitive: capture at up to 8 kHz) run in a
# second VM on one vCPU with instruction-counted time, so the host's load cannot stall the guest
# between two reports; the rest share one normal (multi-threaded TCG, faster) VM.
normal=()
timed=()
for f in "${files[@]}"; do
	if head -n 40 "$f" | grep -q '^// hidfix-vm: icount'; then timed+=("$f"); else normal+=("$f"); fi
done

out=$(mktemp -d "${TMPDIR:-/tmp}/hidfix-kernel.XXXXXX")
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
# Usage: suite <name> <env assignments…> -- <files…>; adds to pass/fail.
suite() {
	local name=$1 tap="$out/$1.tap" envs=() rc
	shift
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	# Concurrency 1: tests share kernel state (bpffs pins, HID device numbering, hidraw minors).
	env "${envs[@]}" HIDFIX_VM_SHARES="$out" HIDFIX_VM_STEP_TIMEOUT="${HIDFIX_VM_STEP_TIMEOUT:-1500}" \
		bash "$here/run.sh" node --test --test-concurrency=1 \
		--test-timeout="${HIDFIX_TEST_TIMEOUT_MS:-900000}" \
		--test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" \
		"$@"
	rc=$?
	if [ "$rc" = 125 ] || [ ! -s "$tap" ]; then
		echo "test-kernel: the $name VM run failed before reporting tests (exit $rc)" >&2
		fail=$((fail + 1))
		return
	fi
	if ! grep -q '^# pass ' "$tap"; then
		# The runner was cut off (guest step timeout) before its summary: what ran is above.
		echo "test-kernel: the $name test run did not finish (exit $rc); no summary in the TAP report" >&2
		fail=$((fail + 1))
		return
	fi
	count() { awk -v k="# $1" '$1 " " $2 == k { n = $3 } END { print n + 0 }' "$tap"; }
	local p f skipped
	p=$(count pass)
	f=$(($(count fail) + $(count cancelled)))
	skipped=$(count skipped)
	[ "$skipped" = 0 ] || echo "test-kernel: $skipped test(s) skipped in the $name VM" >&2
	# A non-zero exit with no failed test (e.g. the runner itself crashed) still counts as a failure.
	[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	pass=$((pass + p))
	fail=$((fail + f))
}

[ ${#normal[@]} -eq 0 ] || suite kernel HIDFIX_VM_ICOUNT= -- "${normal[@]}"
# Guest time runs ~10x slower than the host's clock there (capture.test.mjs: 35 s guest, ~5 min
# wall), so the host-side limits (qemu's total run, the boot watchdog) get room.
[ ${#timed[@]} -eq 0 ] || suite icount HIDFIX_VM_ICOUNT=0 HIDFIX_VM_CPUS=1 \
	HIDFIX_VM_TIMEOUT="${HIDFIX_VM_TIMEOUT:-5400}" HIDFIX_VM_BOOT_TIMEOUT="${HIDFIX_VM_BOOT_TIMEOUT:-600}" \
	-- "${timed[@]}"
result "$pass" "$fail"
