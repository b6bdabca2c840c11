#!/usr/bin/env bash
# Usage: scripts/vm/run.sh <cmd> [args…]     run a command in the test VM, relay its output and status
#        scripts/vm/run.sh --shell           interactive root shell on the VM's serial console
#
# Boots Debian's 7.3 kernel (CONFIG_HID_BPF, uhid; fetched by fetch-kernel.sh) in qemu over the host's
# root filesystem: read-only 9p + tmpfs overlay, so the guest sees every host tool (node, bpftool,
# udevd…) and may write anywhere, and all writes vanish at power-off. The repository is shared
# read-write at its host path, and the command runs in the caller's directory. One boot per call.
#
# The command runs as root under `timeout`; its stdout/stderr are relayed live and its exit status
# is ours. No status from the guest = boot failure or hang: the serial console's
# tail is printed and we exit 125. Timings go to stderr as one `hidfix-vm:` line.
#
# Environment:
#   HIDFIX_VM_STEP_TIMEOUT  seconds the guest command may run (default 300)
#   HIDFIX_VM_TIMEOUT       seconds for the whole qemu run (default step timeout + 120)
#   HIDFIX_VM_BOOT_TIMEOUT  seconds until the guest must be ready to run the command (default 180)
#   HIDFIX_VM_BOOT_RETRIES  extra boots when the guest never got ready (default 1)
#   HIDFIX_VM_SHARES        extra host dirs to share read-write at the same path (space-separated)
#   HIDFIX_VM_ENV           names of host environment variables to pass into the guest
#   HIDFIX_VM_MEM / _CPUS   guest memory in MiB (1024) / vCPUs (2)
#   HIDFIX_VM_ICOUNT=<shift> instruction-counted guest time (-icount shift=N,sleep=off: one guest
#                           instruction = 2^N ns, idle time skipped): the guest's clock stops while
#                           the host does not run it, so host load cannot stall it between two
#                           events. Single-threaded TCG; use 1 vCPU (vCPUs share that one clock).
#   HIDFIX_VM_KEEP=1        keep the per-run I/O dir (console.log, stdout, stderr, uptime) and print it
#   HIDFIX_VM_CACHE         kernel cache root (see fetch-kernel.sh)
#
# Why TCG and not /dev/kvm: this machine's /dev/kvm is kvm_pvm, which cannot run a stock kernel
# (KVM internal error on shrx/cmpxchg16b/xrstor); TCG boots the same kernel in ~4 s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
step_timeout=${HIDFIX_VM_STEP_TIMEOUT:-300}
total_timeout=${HIDFIX_VM_TIMEOUT:-$((step_timeout + 120))}
interactive=0
if [ "${1:-}" = --shell ]; then
	interactive=1
	shift
	total_timeout=${HIDFIX_VM_TIMEOUT:-86400}
fi
[ "${1:-}" = -- ] && shift
[ "$interactive" = 1 ] || [ $# -gt 0 ] || {
	sed -n '2,3p' "$0" | sed 's/^# //' >&2
	exit 2
}

die() {
	echo "hidfix-vm: ERROR: $*" >&2
	exit 125
}
command -v qemu-system-x86_64 >/dev/null ||
	die "qemu-system-x86_64 not found; run scripts/install-system-deps.sh as root"

vm=$(bash "$here/fetch-kernel.sh") || die "preparing the kernel failed (see above)"
kver=$(sed -n 's/^HIDFIX_VM_KVER=//p' <<<"$vm")
cache=$(sed -n 's/^HIDFIX_VM_DIR=//p' <<<"$vm")
initrd=$(sed -n 's/^HIDFIX_VM_INITRD=//p' <<<"$vm")
[ -f "$cache/vmlinux" ] && [ -f "$initrd" ] || die "fetch-kernel.sh gave no kernel/initramfs: $vm"

# Paths go into qemu's comma-separated options, a quoted shell config and "tag:path" lists.
shares=()
for d in "$repo" ${HIDFIX_VM_SHARES:-}; do
	d=$(cd "$d" && pwd) || die "share '$d' is not a directory"
	case "$d" in *[[:space:]:,\'\\]*) die "share path '$d' contains a space, ':', ',', quote or backslash" ;; esac
	shares+=("$d")
done
case "$PWD" in *[[:space:]\'\\]*) die "current directory contains a space, quote or backslash" ;; esac

io=$(mktemp -d "${TMPDIR:-/tmp}/hidfix-vm.XXXXXX")
cleanup() { [ "${HIDFIX_VM_KEEP:-0}" = 1 ] && echo "hidfix-vm: kept $io" >&2 || rm -rf "$io"; }
trap cleanup EXIT

share_args=()
share_list=
for i in "${!shares[@]}"; do
	share_args+=(-virtfs "local,path=${shares[$i]},mount_tag=share$i,security_model=none,multidevs=remap")
	share_list="$share_list share$i:${shares[$i]}"
done
cat >"$io/config" <<EOF
KVER='$kver'
SHARES='${share_list# }'
STAGE2='$here/guest-run.sh'
CWD='$PWD'
STEP_TIMEOUT='$step_timeout'
INTERACTIVE='$interactive'
TERM_HOST='${TERM:-linux}'
EOF
{
	for name in ${HIDFIX_VM_ENV:-}; do
		[ -n "${!name+x}" ] && printf 'export %s=%q\n' "$name" "${!name}"
	done
	printf '%q ' "$@"
	echo
} >"$io/cmd.sh"

# Default: multi-threaded TCG (one host thread per vCPU, fastest). HIDFIX_VM_ICOUNT: see above.
accel=(-accel tcg,thread=multi)
case "${HIDFIX_VM_ICOUNT:-}" in "" | [0-9] | 10) ;; *) die "HIDFIX_VM_ICOUNT must be a shift 0-10" ;; esac
[ -n "${HIDFIX_VM_ICOUNT:-}" ] && accel=(-accel tcg,thread=single -icount "shift=$HIDFIX_VM_ICOUNT,sleep=off")
serial=(-serial "file:$io/console.log")
[ "$interactive" = 1 ] && serial=(-serial mon:stdio)
qemu=(timeout -k 10 "$total_timeout" qemu-system-x86_64
	-nodefaults -no-user-config -display none -no-reboot
	-machine pc "${accel[@]}" -cpu max
	-m "${HIDFIX_VM_MEM:-1024}" -smp "${HIDFIX_VM_CPUS:-2}"
	-kernel "$cache/vmlinux" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 rdinit=/init mitigations=off random.trust_cpu=on i8042.noaux i8042.nokbd i8042.nopnp 8250.nr_uarts=1 no_timer_check quiet"
	"${serial[@]}"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,multidevs=remap,readonly=on"
	-virtfs "local,path=$cache/root/usr/lib/modules/$kver,mount_tag=modules,security_model=none,readonly=on"
	-virtfs "local,path=$io,mount_tag=io,security_model=none"
	"${share_args[@]}")
# One boot. Non-interactive: relay the guest's output live (its stdout/stderr files are written
# through 9p straight into the host's I/O dir; tail --pid reads to the end once qemu is gone), and
# stop qemu if the guest is not ready within the boot timeout instead of waiting out the whole run.
boot() {
	rm -f "$io/uptime" "$io/status" "$io/console.log"
	: >"$io/stdout"
	: >"$io/stderr"
	"${qemu[@]}" </dev/null &
	qpid=$!
	# Background jobs ignore SIGINT in scripts: forward Ctrl-C/TERM to qemu's timeout wrapper.
	trap 'kill "$qpid" 2>/dev/null' INT TERM
	(
		for ((i = 0; i < boot_timeout; i++)); do
			grep -qs '^ready' "$io/uptime" && exit 0
			kill -0 "$qpid" 2>/dev/null || exit 0
			sleep 1
		done
		echo "hidfix-vm: guest not ready after ${boot_timeout}s (HIDFIX_VM_BOOT_TIMEOUT); stopping qemu" >&2
		kill "$qpid"
	) &
	watchdog=$!
	tail -s 0.2 -n +1 -f --pid="$qpid" "$io/stdout" &
	t1=$!
	tail -s 0.2 -n +1 -f --pid="$qpid" "$io/stderr" >&2 &
	t2=$!
	wait "$qpid"
	qemu_rc=$?
	wait "$t1" "$t2" "$watchdog"
}

console_tail() {
	echo "hidfix-vm: last lines of the serial console:" >&2
	if [ -s "$io/console.log" ]; then
		tail -n 40 "$io/console.log" | sed 's/^/  | /' >&2
	else
		echo "  (no console output; the kernel boots with 'quiet', so this was very early)" >&2
	fi
}

boot_timeout=${HIDFIX_VM_BOOT_TIMEOUT:-180}
start=$(date +%s.%N)
set +e
if [ "$interactive" = 1 ]; then
	"${qemu[@]}"
	qemu_rc=$?
else
	boot
	# A boot that never reached the command is retried (HIDFIX_VM_BOOT_RETRIES, default 1): it had
	# no side effects, and one boot in ~60 hung on this shared host with nothing on the console.
	# The failed attempt's console is printed, so a real boot problem stays visible.
	for ((attempt = 1; attempt <= ${HIDFIX_VM_BOOT_RETRIES:-1}; attempt++)); do
		grep -qs '^ready' "$io/uptime" && break
		echo "hidfix-vm: boot attempt $attempt failed (qemu exit $qemu_rc); retrying" >&2
		console_tail
		boot
	done
fi
set -e
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')

ready=$(awk '$1 == "ready" { print $2 }' "$io/uptime" 2>/dev/null || true)
done_at=$(awk '$1 == "done" { print $2 }' "$io/uptime" 2>/dev/null || true)
cmd_time=
[ -n "$ready" ] && [ -n "$done_at" ] && cmd_time=", command $(awk -v a="$ready" -v b="$done_at" 'BEGIN { printf "%.1f", b - a }') s"
printf 'hidfix-vm: guest ready at %s s (uptime)%s, wall %.1f s\n' "${ready:-?}" "$cmd_time" "$wall" >&2

if [ ! -f "$io/status" ]; then
	[ "$qemu_rc" = 124 ] && echo "hidfix-vm: qemu killed after ${total_timeout}s (HIDFIX_VM_TIMEOUT)" >&2
	echo "hidfix-vm: ERROR: the VM did not report a status (boot failure or hang; qemu exit $qemu_rc)." >&2
	console_tail
	exit 125
fi
exit "$(cat "$io/status")"
