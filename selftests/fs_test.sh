#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A filesystem on a FILE extent: open-iscsi logs in to a 2 GiB sparse file
# extent, mkfs.ext4 and mount the disk, fio writes random 4k-256k blocks
# into a file on it (ikt_io_size: 1 GiB) and verifies every
# block's crc32c; the filesystem is clean after umount.
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd fio mkfs.ext4 fsck.ext4 blockdev
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

size=$(ikt_io_size)
IKT_IMG_DIR=/tmp/ikt-fs
ikt_scratch "$IKT_IMG_DIR" 3G || ikt_die "scratch tmpfs"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target fs-file 2G portal=1 || ikt_die "target fs-file"
ikt_node fs-file || ikt_die "node fs-file"

ikt_login fs-file || ikt_die "login to fs-file"
dev=$(ikt_disk fs-file) || ikt_die "no disk for fs-file"
ikt_log "fs-file is $dev, $size of fio"
ikt_check "capacity 2G" test "$(blockdev --getsize64 "$dev")" = $((2 << 30))
mnt=/tmp/ikt-fs-mnt
ikt_check "mkfs.ext4 and mount" ikt_mkfs_mount "$dev" "$mnt" ||
	ikt_die "no filesystem"
ikt_check "fio randwrite 4k-256k QD16 verify over $size in a file" \
	ikt_fio_verify "$mnt/fio.dat" "$size"
ikt_check "umount" umount "$mnt"
ikt_check "fsck -n clean" fsck.ext4 -n -f "$dev"
ikt_check "logout" ikt_logout fs-file
ikt_done
