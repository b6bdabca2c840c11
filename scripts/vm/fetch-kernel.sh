#!/usr/bin/env bash
# Usage: scripts/vm/fetch-kernel.sh
#
# Downloads and prepares the test VM's kernel, idempotently. Progress goes to stderr; stdout gets
#   HIDFIX_VM_KVER=<kver>
#   HIDFIX_VM_DIR=<cache dir>        holding:
#     vmlinux          uncompressed ELF kernel (qemu boots it directly through its PVH note)
#     initramfs-<hash>.cpio  static busybox, scripts/vm/init.sh as /init, 5 modules (initramfs.cpio
#                      links to the newest; use HIDFIX_VM_INITRD, another checkout may differ)
#     root/usr/lib/modules/<kver>/   the kernel's modules (depmod'ed), shared into the guest
#     config           the kernel's .config, from linux-base
#   HIDFIX_VM_INITRD=<the initramfs built from this checkout's init.sh>
#
# Why this kernel: the host's kernel has neither uhid nor CONFIG_HID_BPF; Debian's trixie-backports
# 7.3 kernel has both (see docs/notes: kernel-vm.md). The debs are only unpacked, never installed.
# The apt sources (trixie-backports) come from scripts/install-system-deps.sh.
#
# Environment:
#   HIDFIX_VM_KVER   kernel version (default 7.3.4+deb13-amd64)
#   HIDFIX_VM_CACHE  cache root (default $HOME/.cache/hidfix/vm); the kernel goes to <root>/<kver>
set -euo pipefail

kver=${HIDFIX_VM_KVER:-7.3.4+deb13-amd64}
here=$(cd "$(dirname "$0")" && pwd)
cache=${HIDFIX_VM_CACHE:-$HOME/.cache/hidfix/vm}/$kver
# Modules /init needs before it can mount anything, in dependency order (9p needs netfs and 9pnet).
early_modules="netfs 9pnet 9pnet_virtio 9p overlay"

log() { echo "fetch-kernel: $*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

for tool in apt-get apt-cache dpkg-deb depmod zstd xz cpio flock sha256sum; do
	command -v "$tool" >/dev/null || die "'$tool' not found; run scripts/install-system-deps.sh as root"
done
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 ||
	die "a static /bin/busybox is needed (package busybox-static); run scripts/install-system-deps.sh"

mkdir -p "$cache"
# Several checkouts/colleagues may run the bench at once: one builder per kernel version.
exec 9>"$cache/.lock"
flock 9

# 1. Download and unpack the three kernel packages (once).
if [ ! -f "$cache/.unpacked" ]; then
	pkgs="linux-binary-$kver linux-modules-$kver linux-base-$kver"
	want=
	for p in $pkgs; do
		v=$(apt-cache show --no-all-versions "$p" 2>/dev/null | awk '/^Version:/ { print $2; exit }' || true)
		if [ -z "$v" ] && [ "$(id -u)" = 0 ] && [ -z "${updated:-}" ]; then
			log "$p not in the apt lists; running apt-get update"
			apt-get update -qq >&2 || true
			updated=1
			v=$(apt-cache show --no-all-versions "$p" 2>/dev/null | awk '/^Version:/ { print $2; exit }' || true)
		fi
		if [ -z "$v" ]; then
			log "package $p is not available from the configured apt sources."
			log "kernels available here (set HIDFIX_VM_KVER to one of them, or run scripts/install-system-deps.sh):"
			apt-cache search --names-only '^linux-binary-[0-9].*-amd64$' | cut -d' ' -f1 |
				grep -Ev -- '-(cloud|rt)-amd64$' | sed 's/^linux-binary-/  /' | sort -V | tail -n 12 >&2
			exit 1
		fi
		want="$want $p=$v"
	done
	rm -rf "$cache/debs.tmp" "$cache/root"
	mkdir -p "$cache/debs.tmp"
	log "downloading$want"
	# Sandbox::User=root: as root, apt would otherwise try (and warn about) dropping to _apt.
	(cd "$cache/debs.tmp" && apt-get download -q -o APT::Sandbox::User=root $want >&2) ||
		die "apt-get download failed (network? apt sources? see above)"
	mkdir -p "$cache/root"
	for deb in "$cache"/debs.tmp/*.deb; do
		dpkg-deb -x "$deb" "$cache/root"
	done
	[ -d "$cache/root/usr/lib/modules/$kver" ] || die "no usr/lib/modules/$kver in the packages"
	depmod -b "$cache/root/usr" "$kver" || die "depmod failed"
	rm -rf "$cache/debs"
	mv "$cache/debs.tmp" "$cache/debs"
	touch "$cache/.unpacked"
fi

# 2. The uncompressed ELF vmlinux. Booting it through its PVH note skips the bzImage decompressor.
if [ ! -f "$cache/vmlinux" ]; then
	# Debian 7.x packages ship it as usr/lib/modules/<kver>/vmlinuz (older ones in boot/).
	vmlinuz=
	for f in "$cache/root/usr/lib/modules/$kver/vmlinuz" "$cache/root/boot/vmlinuz-$kver"; do
		[ -f "$f" ] && vmlinuz=$f && break
	done
	[ -n "$vmlinuz" ] || die "no vmlinuz in the kernel packages"
	# The zstd frame magic 28 b5 2f fd marks the payload (CONFIG_KERNEL_ZSTD).
	off=$(LC_ALL=C grep -obUaP '\x28\xb5\x2f\xfd' "$vmlinuz" | head -1 | cut -d: -f1)
	[ -n "$off" ] || die "no zstd payload in $vmlinuz (kernel not built with CONFIG_KERNEL_ZSTD?)"
	# zstd exits non-zero because of the bzImage's trailing data; the ELF magic is the real check.
	tail -c +"$((off + 1))" "$vmlinuz" | zstd -dcq >"$cache/vmlinux.tmp" 2>/dev/null || true
	[ "$(head -c 4 "$cache/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] ||
		die "decompressed payload of $vmlinuz is not an ELF file"
	mv "$cache/vmlinux.tmp" "$cache/vmlinux"
fi
[ -f "$cache/config" ] || cp "$cache/root/usr/lib/modules/$kver/config" "$cache/config" 2>/dev/null ||
	cp "$cache/root/boot/config-$kver" "$cache/config" 2>/dev/null || true

# 3. The initramfs, keyed by the init script, the module list and busybox, so a change rebuilds it.
key=$( (
	cat "$here/init.sh"
	echo "$kver $early_modules"
	sha256sum </bin/busybox
) | sha256sum | cut -c1-16)
initrd=$cache/initramfs-$key.cpio
if [ ! -f "$initrd" ]; then
	log "building initramfs $key"
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	mkdir -p "$t/bin" "$t/lib/modules" "$t/proc" "$t/sys" "$t/dev"
	cp /bin/busybox "$t/bin/busybox"
	install -m 0755 "$here/init.sh" "$t/init"
	for m in $early_modules; do
		ko=$(find "$cache/root/usr/lib/modules/$kver" -name "$m.ko.xz" -o -name "$m.ko" | head -1)
		[ -n "$ko" ] || die "module $m not found in the kernel packages"
		case "$ko" in
		*.xz) xz -dc "$ko" >"$t/lib/modules/$m.ko" ;;
		*) cp "$ko" "$t/lib/modules/$m.ko" ;;
		esac
	done
	(cd "$t" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
fi
touch "$initrd"
# Other checkouts sharing this cache may use other init.sh versions right now: only drop builds
# nobody has used for a day.
find "$cache" -maxdepth 1 -name 'initramfs-*.cpio' -mtime +1 -delete
ln -sfn "initramfs-$key.cpio" "$cache/initramfs.cpio"

echo "HIDFIX_VM_KVER=$kver"
echo "HIDFIX_VM_DIR=$cache"
echo "HIDFIX_VM_INITRD=$initrd"
