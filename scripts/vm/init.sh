#!/bin/busybox sh
# /init of the test VM's initramfs (busybox sh, PID 1). Built into the initramfs by fetch-kernel.sh;
# the initramfs is rebuilt whenever this file changes (its hash is part of the cache key).
#
# It turns the host's root filesystem (qemu 9p, read-only) into a writable guest root with a tmpfs
# overlay, mounts the guest kernel's modules, the per-run I/O dir and the read-write project shares
# at their host paths, then switch_roots into the host's bash running scripts/vm/guest-run.sh, which
# runs the command. Shares (mount tags, set by run.sh): hostroot, modules, io, share0..shareN.
# /io/config (written by run.sh) sets KVER, SHARES ("tag:/path …") and STAGE2.

/bin/busybox --install -s /bin
export PATH=/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs has no /dev/console node, so until now init had no stdout: send everything to the
# serial console, where run.sh shows it after a failed boot.
exec </dev/console >/dev/console 2>&1

# Any failure here would otherwise leave the VM idling until the host's timeout: power off at once
# (run.sh then finds no status file and prints this console output).
fail() {
	echo "hidfix-init: FAILED: $*" >/dev/console
	echo o >/proc/sysrq-trigger
	sleep 5
	poweroff -f
}

echo 1 >/proc/sys/kernel/sysrq

# 9p and overlay are modules in Debian's kernel; busybox insmod cannot read .ko.xz, so fetch-kernel.sh
# stored them decompressed, in dependency order.
for m in netfs 9pnet 9pnet_virtio 9p overlay; do
	insmod "/lib/modules/$m.ko" || fail "insmod $m"
done

p9=trans=virtio,version=9p2000.L,msize=512000
# Progress marks on the console: after a hang, run.sh's console tail shows the last stage reached.
echo "hidfix-init: mounting shares"
mkdir -p /io /lower /ovl /newroot
mount -t 9p -o "$p9" io /io || fail "mount io share"
. /io/config || fail "read /io/config"

# cache=loose: the root is read-only for the guest and the host's system files do not change during
# a run, so caching them is safe and makes Node start much faster over 9p.
mount -t 9p -o "$p9,ro,cache=loose" hostroot /lower || fail "mount host root"
mount -t tmpfs -o mode=0755 tmpfs /ovl || fail "mount overlay tmpfs"
mkdir -p /ovl/upper /ovl/work
mount -t overlay -o lowerdir=/lower,upperdir=/ovl/upper,workdir=/ovl/work overlay /newroot ||
	fail "mount overlay root"

mkdir -p "/newroot/usr/lib/modules/$KVER"
mount -t 9p -o "$p9,ro" modules "/newroot/usr/lib/modules/$KVER" || fail "mount modules share"

for d in proc sys dev; do
	mount --move "/$d" "/newroot/$d" || fail "move /$d"
done
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /newroot/run
mkdir -p /newroot/run/hidfix-io
mount --move /io /newroot/run/hidfix-io || fail "move io share"

# Read-write shares are mounted without cache so host and guest see each other's writes at once.
for s in $SHARES; do
	tag=${s%%:*}
	path=${s#*:}
	mkdir -p "/newroot$path"
	mount -t 9p -o "$p9" "$tag" "/newroot$path" || fail "mount $tag at $path"
done

mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /newroot/dev/shm
# bpffs is where HID-BPF links are pinned (the object of the whole exercise).
mount -t bpf -o mode=0700 bpf /newroot/sys/fs/bpf || fail "mount bpffs"
mount -t debugfs debugfs /newroot/sys/kernel/debug
mount -t tracefs tracefs /newroot/sys/kernel/tracing
mount -t cgroup2 cgroup2 /newroot/sys/fs/cgroup
mount -t securityfs securityfs /newroot/sys/kernel/security
ip link set lo up

echo "hidfix-init: switch_root"
exec switch_root /newroot /bin/bash "$STAGE2"
fail "switch_root"
