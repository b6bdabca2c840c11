#!/bin/bash
# Stage 2 of the test VM: runs as PID 1 inside the guest after scripts/vm/init.sh switch_roots into
# the host's root (read from the live repo share, so editing it needs no initramfs rebuild).
#
# Runs /run/hidfix-io/cmd.sh (written by run.sh) under a timeout, writes its stdout, stderr and exit
# status into the I/O share, then powers off. Never waits on anything unbounded: a guest command
# that hangs would otherwise keep qemu alive until the host's (much later) timeout.
io=/run/hidfix-io
# shellcheck source=/dev/null
. "$io/config"

stamp() {
	local up _
	read -r up _ </proc/uptime
	echo "$1 $up" >>"$io/uptime"
}

poweroff_now() {
	sync
	# sysrq 'o' powers off immediately; with -no-reboot qemu then exits.
	echo o >/proc/sysrq-trigger
	sleep 30
}

stamp ready
export HOME=/root LANG=C.UTF-8 HIDFIX_IN_VM=1
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
hostname hidfix-vm 2>/dev/null

if [ "${INTERACTIVE:-0}" = 1 ]; then
	echo "hidfix-vm: interactive shell (exit or Ctrl-D powers off; Ctrl-A X kills qemu)" >/dev/ttyS0
	export TERM=${TERM_HOST:-linux}
	# -c: make the serial console the shell's controlling terminal so Ctrl-C works.
	(cd "$CWD" 2>/dev/null; setsid -c -w bash -l <>/dev/ttyS0 >&0 2>&0)
	echo $? >"$io/status"
	poweroff_now
fi

export TERM=dumb
cd "$CWD" 2>/dev/null || cd /
# -k: a command ignoring SIGTERM still dies. stdin from /dev/null: nothing may wait for input.
timeout -k 10 "$STEP_TIMEOUT" bash "$io/cmd.sh" </dev/null >"$io/stdout" 2>"$io/stderr"
rc=$?
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "hidfix-vm: guest command timed out after ${STEP_TIMEOUT}s (HIDFIX_VM_STEP_TIMEOUT)" >>"$io/stderr"
fi
stamp done
echo "$rc" >"$io/status.tmp"
mv "$io/status.tmp" "$io/status"
poweroff_now
