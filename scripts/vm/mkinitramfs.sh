#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the busybox initramfs that boots a test guest for kernel KVER.
#
#   scripts/vm/mkinitramfs.sh KVER [OUTDIR]     (OUTDIR: build/vm/KVER)
#
# Prints the path of OUTDIR/initramfs.cpio.gz.  The image is rebuilt only
# when an input changed: this script, the busybox binary, or one of the
# kernel modules it carries.
#
# The guest mounts the host's root read-only over virtio-9p (tag hostroot)
# under a tmpfs overlay, mounts the read-write results share (tag results)
# at the host path named in its guest.env, and hands over to
# scripts/vm/guest-init.sh of the repository.  Kernels with virtio/9p/overlay
# built in get an image with no modules.
set -euo pipefail

kver=${1:?usage: mkinitramfs.sh KVER [OUTDIR]}
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-$top/build/vm/$kver}
img=$out/initramfs.cpio.gz
busybox=${BUSYBOX:-/bin/busybox}

[ -d "/lib/modules/$kver" ] || {
	echo "mkinitramfs: /lib/modules/$kver missing" >&2
	exit 1
}
[ -x "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 || {
	echo "mkinitramfs: $busybox is not static (install busybox-static)" >&2
	exit 1
}

# insmod lines in dependency order, each module once; builtins vanish.
mods=$(modprobe -a --show-depends -S "$kver" virtio_pci 9pnet_virtio 9p \
	overlay | awk '$1 == "insmod" && !seen[$2]++ {print $2}')

stamp=$( {
	sha256sum "$0"
	stat -c '%n %s %Y' "$busybox"
	for m in $mods; do stat -c '%n %s %Y' "$m"; done
} | sha256sum | cut -d' ' -f1)

if [ -f "$img" ] && [ "$(cat "$out/initramfs.stamp" 2>/dev/null)" = "$stamp" ]
then
	echo "$img"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,modules,mnt/lower,mnt/rw,mnt/results,newroot}
cp "$busybox" "$tmp/bin/busybox"
: >"$tmp/modules/order"
for m in $mods; do
	# busybox insmod does not decompress: store plain .ko files.
	name=$(basename "$m")
	case "$m" in
	*.ko.xz)  xz -dc "$m" >"$tmp/modules/${name%.xz}"; name=${name%.xz} ;;
	*.ko.zst) zstd -qdc "$m" >"$tmp/modules/${name%.zst}"; name=${name%.zst} ;;
	*.ko.gz)  gzip -dc "$m" >"$tmp/modules/${name%.gz}"; name=${name%.gz} ;;
	*)        cp "$m" "$tmp/modules/" ;;
	esac
	echo "$name" >>"$tmp/modules/order"
done

cat >"$tmp/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

fail() {
	echo "initramfs: $*" >/dev/console
	poweroff -f
}

while read -r m; do
	insmod "/modules/$m" || fail "insmod $m failed"
done </modules/order

p9='trans=virtio,version=9p2000.L,msize=512000'
mount -t 9p -o "$p9,ro,cache=loose" hostroot /mnt/lower ||
	fail "cannot mount the host root (tag hostroot)"
mount -t 9p -o "$p9" results /mnt/results ||
	fail "cannot mount the results share (tag results)"
mount -t tmpfs -o size=75% tmpfs /mnt/rw
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work \
	overlay /newroot || fail "overlay mount failed"

. /mnt/results/guest.env
[ -n "$IKT_TOP" ] && [ -n "$IKT_RESULTS" ] || fail "guest.env incomplete"
mkdir -p "/newroot$IKT_RESULTS"
mount --move /mnt/results "/newroot$IKT_RESULTS"
for d in proc sys dev; do mount --move "/$d" "/newroot/$d"; done
exec switch_root /newroot /bin/bash "$IKT_TOP/scripts/vm/guest-init.sh" \
	"$IKT_RESULTS"
INIT
chmod +x "$tmp/init"

mkdir -p "$out"
(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$img.tmp"
mv "$img.tmp" "$img"
echo "$stamp" >"$out/initramfs.stamp"
echo "$img"
