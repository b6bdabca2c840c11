#!/usr/bin/env bash
# Installs the Debian packages hidfix's build and tests need, idempotently.
#
# Why each suite: bookworm's libbpf 1.1 lacks link-based struct_ops and a writable
# bpf_map__initial_value() on struct_ops maps (both needed to set hid_id before load), so libbpf,
# bpftool and qemu come from bookworm-backports. The test kernel (7.3, CONFIG_HID_BPF + uhid) comes
# from trixie-backports and is only downloaded, never installed (scripts/vm/fetch-kernel.sh).
# The mirror is read from the machine's own apt sources: this repository names no registry host.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "install-system-deps: run as root (apt-get)" >&2; exit 1; }

src=/etc/apt/sources.list.d/debian.sources
extra=/etc/apt/sources.list.d/hidfix-extra.sources
pin=/etc/apt/preferences.d/hidfix-extra

if [ ! -f "$extra" ]; then
	uri=$(awk '/^URIs:/ { print $2; exit }' "$src")
	[ -n "$uri" ] || { echo "install-system-deps: no URIs: line in $src" >&2; exit 1; }
	cat >"$extra" <<EOS
Types: deb
URIs: $uri
Suites: bookworm-backports trixie trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	# Foreign suites pinned low so nothing is upgraded from them by accident.
	cat >"$pin" <<EOS
Package: *
Pin: release n=trixie
Pin-Priority: 50

Package: *
Pin: release n=trixie-backports
Pin-Priority: 40
EOS
	updated=
fi

# Only scripts/gen-usage-tables.mjs needs librust-hut-dev (HUT data; Debian sid only, so not listed here: its output is committed).
stamp=/var/lib/apt/hidfix-deps.stamp
want="clang-19 llvm-19 make gcc pkg-config libelf-dev zlib1g-dev libzstd-dev busybox-static zstd cpio kmod xz-utils python3 udev openssh-client chromium"
backports="qemu-system-x86 bpftool libbpf-dev"

missing=
for p in $want $backports; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ] || [ ! -f "$stamp" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $want >/dev/null
	apt-get install -y -qq --no-install-recommends -t bookworm-backports $backports >/dev/null
	touch "$stamp"
fi

# libbpf must be >= 1.4 (see above); fail loudly rather than build a loader that cannot attach.
ver=$(pkg-config --modversion libbpf)
case "$ver" in
	0.*|1.[0-3]|1.[0-3].*) echo "install-system-deps: libbpf $ver < 1.4" >&2; exit 1 ;;
esac
echo "install-system-deps: ok (libbpf $ver, $(clang-19 --version | head -1), $(qemu-system-x86_64 --version | head -1))"
