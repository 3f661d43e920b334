#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DEVICE extents on loop devices: a filesystem on a 2 GiB device with
# 512-byte blocks and on one with 4096-byte logical blocks, fio verified
# through open-iscsi; a block size below the device's, a read-only device
# opened read-write and a mounted device are refused.
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd fio mkfs.ext4 fsck.ext4 blockdev losetup jq
ikt_require_module loop
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

size=$(ikt_io_size)
dir=/tmp/ikt-bdev
ikt_scratch "$dir" 3G || ikt_die "scratch tmpfs"
ikt_loop loop512 "$dir/512.img" 2G || ikt_die "loop device"
ikt_loop loop4k "$dir/4k.img" 512M --sector-size 4096 ||
	ikt_die "loop device with 4096-byte sectors"
ikt_check "loop device has 4096-byte sectors" \
	test "$(blockdev --getss "$loop4k")" = 4096

extent() {	# extent NAME DEV [ARGS...]: a DEVICE extent, deleted at exit
	ikt_cfg extent add "$1" --device "$2" "${@:3}" >/dev/null || return 1
	ikt_on_exit "ikt_cfg extent del $1 --force >/dev/null 2>&1"
}
refused() { ikt_not extent "$@"; }
# ikt_check runs its command in a subshell, where extent()'s cleanup would
# be lost: the extents made under it are deleted from here.
for name in bad-bs ro busy; do
	ikt_on_exit "ikt_cfg extent del $name --force >/dev/null 2>&1"
done
ext() { ikt_cfg -j extent show "$1" | jq -r ".[0].$2"; }

ikt_check "512-byte extent on a 4096-byte device refused" \
	refused bad-bs "$loop4k"
ikt_loop ro "$dir/ro.img" 16M --read-only || ikt_die "read-only loop"
ikt_check "read-only device refused read-write" refused ro "$ro"
ikt_check "read-only device accepted read-only" extent ro "$ro" --read-only
ikt_check "read-only extent reports its device's size" \
	test "$(ext ro size)" = $((16 << 20))
ikt_loop busy "$dir/busy.img" 16M || ikt_die "loop to mount"
ikt_check "mkfs and mount a device" ikt_mkfs_mount "$busy" "$dir/busy"
ikt_on_exit "umount $dir/busy 2>/dev/null"
ikt_check "mounted device refused" refused busy "$busy"

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
extent bd-512 "$loop512" || ikt_die "extent on $loop512"
extent bd-4k "$loop4k" --block-size 4096 || ikt_die "extent on $loop4k"
ikt_export bd-512 portal=1 || ikt_die "target bd-512"
ikt_export bd-4k portal=1 || ikt_die "target bd-4k"
ikt_node bd-512 || ikt_die "node bd-512"
ikt_node bd-4k || ikt_die "node bd-4k"

fs_run() {	# fs_run NAME SIZE: mkfs, mount, fio, umount, fsck over NAME's disk
	local name=$1 sz=$2 dev mnt=$dir/mnt-$1
	if ! ikt_login "$name" || ! dev=$(ikt_disk "$name"); then
		ikt_fail "login to $name"
		return
	fi
	ikt_log "$name is $dev, $sz of fio"
	ikt_check "$name: capacity matches the device" test \
		"$(blockdev --getsize64 "$dev")" = \
		"$(blockdev --getsize64 "$(ext "$name" path)")"
	ikt_check "$name: logical block size is the extent's" test \
		"$(blockdev --getss "$dev")" = "$(ext "$name" block_size)"
	ikt_check "$name: mkfs.ext4 and mount" ikt_mkfs_mount "$dev" "$mnt" &&
		ikt_check "$name: fio randwrite 4k-256k QD16 verify over $sz" \
			ikt_fio_verify "$mnt/fio.dat" "$sz"
	ikt_check "$name: umount" umount "$mnt"
	ikt_check "$name: fsck -n clean" fsck.ext4 -n -f "$dev"
	ikt_check "$name: logout" ikt_logout "$name"
}

fs_run bd-512 "$size"
fs_run bd-4k "$(( ${size%M} / 4 ))M"
ikt_done
