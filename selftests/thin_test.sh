#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Thin provisioning through open-iscsi, on a FILE extent and on a DEVICE
# extent (a loop device): the disk reports LBPME/LBPRZ and UNMAP limits,
# blkdiscard and fstrim give the space back to the backing file, the
# discarded range reads zeros and the data around it is intact; GET LBA
# STATUS reports the holes of the FILE extent.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_vpd sg_readcap sg_get_lba_status blkdiscard fstrim \
	mkfs.ext4 losetup cmp
ikt_require_module loop
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

dir=/tmp/ikt-thin
ikt_scratch "$dir" 512M || ikt_die "scratch tmpfs"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"

# FILE extent (its image in $dir), and a DEVICE extent on a sparse loop
IKT_IMG_DIR=$dir ikt_target thin-file 64M portal=1 || ikt_die "thin-file"
ikt_loop loop "$dir/dev.img" 64M || ikt_die "loop device"
ikt_cfg extent add thin-dev --device "$loop" >/dev/null ||
	ikt_die "extent on $loop"
ikt_on_exit "ikt_cfg extent del thin-dev --force >/dev/null 2>&1"
ikt_export thin-dev portal=1 || ikt_die "target thin-dev"

head -c 8M /dev/urandom >"$dir/pattern" || ikt_die "pattern"

# 512-byte blocks of @1 allocated, after the page cache has written back
allocated() {
	sync
	stat -c %b "$1"
}

# same DEV OFFSET_MB FILE: the 8 MiB at OFFSET_MB hold FILE's bytes
same() {
	dd if="$1" bs=1M skip="$2" count=8 iflag=direct 2>/dev/null |
		cmp -s - "$3"
}

# zeros DEV OFFSET_MB: the 8 MiB at OFFSET_MB read zeros
zeros() {
	dd if="$1" bs=1M skip="$2" count=8 iflag=direct 2>/dev/null |
		cmp -s -n 8M - /dev/zero
}

# dropped BEFORE AFTER MB: at least MB MiB (in 512-byte blocks) went back
dropped() { [ $(($1 - $2)) -ge $(($3 * 2048)) ]; }

# lba_status DEV LBA: "LBA BLOCKS STATUS" of the first descriptor, in hex
lba_status() {
	sg_get_lba_status -b -l "$2" "$1" |
		awk '/^0x/ { print $1, $2, $3; exit }'
}

run() {		# run NAME IMAGE
	local name=$1 img=$2 dev before after mnt=$dir/mnt-$1

	ikt_node "$name" || ikt_die "node $name"
	if ! ikt_login "$name" || ! dev=$(ikt_disk "$name"); then
		ikt_fail "login to $name"
		return
	fi
	ikt_log "$name is $dev on $img"
	ikt_check "$name: READ CAPACITY(16) LBPME=1 LBPRZ=1" \
		grep -q 'lbpme=1, lbprz=1' <(sg_readcap -l "$dev")
	ikt_check "$name: VPD LBP: UNMAP and WRITE SAME with unmap" \
		grep -q 'LBPU): 1' <(sg_vpd -p lbpv "$dev")
	ikt_check "$name: VPD block limits: UNMAP limits" \
		grep -q 'Maximum unmap LBA count: [1-9]' <(sg_vpd -p bl "$dev")
	ikt_check "$name: the kernel sees a discard-capable disk" test \
		"$(cat "/sys/block/${dev#/dev/}/queue/discard_max_bytes")" -gt 0

	# The pattern at 0-8M and 16-24M, then 0-8M discarded.
	for off in 0 16; do
		dd if="$dir/pattern" of="$dev" bs=1M seek=$off oflag=direct \
			status=none || ikt_fail "$name: write at ${off}M"
	done
	before=$(allocated "$img")
	ikt_check "$name: blkdiscard 8 MiB" blkdiscard -o 0 -l 8M "$dev"
	after=$(allocated "$img")
	ikt_log "$name: $before -> $after blocks allocated"
	ikt_check "$name: the discarded 8 MiB left the backing file" \
		dropped "$before" "$after" 7
	ikt_check "$name: the discarded range reads zeros" zeros "$dev" 0
	ikt_check "$name: the data after it is intact" \
		same "$dev" 16 "$dir/pattern"
	if [ "$img" = "$dir/ikt-thin-file.img" ]; then
		ikt_check "$name: GET LBA STATUS: 0-16M deallocated" \
			test "$(lba_status "$dev" 0)" = \
			"0x0000000000000000 0x8000 1"
		ikt_check "$name: GET LBA STATUS: 16M-24M mapped" \
			test "$(lba_status "$dev" 32768)" = \
			"0x0000000000008000 0x4000 0"
	fi

	# A filesystem: a file written, deleted, trimmed.
	ikt_check "$name: mkfs.ext4 and mount" ikt_mkfs_mount "$dev" "$mnt"
	dd if=/dev/urandom of="$mnt/f" bs=1M count=16 conv=fsync status=none
	before=$(allocated "$img")
	rm -f "$mnt/f"
	# ext4 frees the blocks once the deletion is committed.
	sync
	ikt_check "$name: fstrim" fstrim "$mnt"
	after=$(allocated "$img")
	ikt_log "$name: $before -> $after blocks allocated"
	ikt_check "$name: the trimmed file left the backing file" \
		dropped "$before" "$after" 15
	ikt_check "$name: umount" umount "$mnt"
	ikt_check "$name: logout" ikt_logout "$name"
}

run thin-file "$dir/ikt-thin-file.img"
run thin-dev "$dir/dev.img"
ikt_done
