#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel of the test matrix from Debian's linux-source-6.1:
# defconfig + kvm_guest.config, then the project's fragments
# selftests/config (what the module and the selftests need) and
# selftests/config.debug (KASAN, UBSAN, lockdep, kmemleak, fault
# injection...), as image and headers .debs (about half an hour on 2
# cores).  Install both with dpkg -i; scripts/check.sh --kver
# <version>-kdebug then uses it.
#
#   scripts/build-debug-kernel.sh [--config-only] [--jobs N] [--out DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/debug-kernel jobs=$(($(nproc) + 1)) config_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--config-only) config_only=1; shift ;;
	--jobs) jobs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "usage: $0 [--config-only] [--jobs N] [--out DIR]" >&2; exit 2 ;;
	esac
done
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || {
	echo "no /usr/src/linux-source-6.1.tar.*: apt-get install linux-source-6.1" >&2
	exit 1
}

mkdir -p "$out"
src=$out/linux-source-6.1
[ -d "$src" ] || tar -xf "$tarball" -C "$out"
cd "$src"
make -s defconfig kvm_guest.config
scripts/kconfig/merge_config.sh -m .config "$top/selftests/config" \
	"$top/selftests/config.debug" >/dev/null
make -s olddefconfig

# Every option asked for must have survived olddefconfig's dependencies.
missing=0
while IFS= read -r line; do
	case $line in CONFIG_*=n) want="# ${line%=n} is not set" ;;
	CONFIG_*) want=$line ;;
	*) continue ;;
	esac
	grep -qxF "$want" .config || { echo "not in .config: $line" >&2; missing=1; }
done < <(cat "$top/selftests/config" "$top/selftests/config.debug")
[ $missing = 0 ] || exit 1
echo "config: $src/.config"
[ $config_only = 1 ] && exit 0

make -j"$jobs" bindeb-pkg KDEB_PKGVERSION=1
ls -1 "$out"/linux-image-*kdebug*.deb "$out"/linux-headers-*kdebug*.deb
