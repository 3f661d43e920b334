#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What a FUA write or a SYNCHRONIZE CACHE acknowledges is in the backing
# store.  FILE: with periodic writeback off, the blocks of a FILE extent on
# ext4 on a loop device are read behind the page cache's back; a plain
# write stays out of them until the SYNCHRONIZE CACHE, which shows the
# check can fail.  DEVICE: writes go to the device as bios (no page cache
# of ours): a plain write is in the loop device's backing file at once and
# makes the device flush nothing, a SYNCHRONIZE CACHE and a FUA write make
# it flush (the flush count in its stat).
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd dd md5sum sg_sync debugfs losetup mkfs.ext4
ikt_require_module loop
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

dir=/tmp/ikt-dur
mkdir -p "$dir"
wb=/proc/sys/vm/dirty_writeback_centisecs
ikt_on_exit "echo $(cat $wb) >$wb"
echo 0 >$wb

ikt_loop loop "$dir/dev.img" 64M || ikt_die "loop device"
ikt_loop fsloop "$dir/fs.img" 128M || ikt_die "loop device for ext4"
mkfs.ext4 -q -F -b 4096 "$fsloop" || ikt_die "mkfs.ext4 $fsloop"
mkdir -p "$dir/fs"
mount "$fsloop" "$dir/fs" || ikt_die "mount $fsloop"
ikt_on_exit "umount $dir/fs"

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_cfg extent add dur-dev --device "$loop" >/dev/null ||
	ikt_die "extent on $loop"
ikt_on_exit "ikt_cfg extent del dur-dev --force >/dev/null 2>&1"
ikt_cfg extent add dur-file --file "$dir/fs/extent.img" --size 32M \
	>/dev/null || ikt_die "extent on ext4"
ikt_on_exit "ikt_cfg extent del dur-file --force >/dev/null 2>&1"
for t in dur-dev dur-file; do
	ikt_export $t portal=1 || ikt_die "target $t"
	ikt_node $t || ikt_die "node $t"
	ikt_login $t || ikt_die "login to $t"
done
ddev=$(ikt_disk dur-dev) || ikt_die "no disk for dur-dev"
fdev=$(ikt_disk dur-file) || ikt_die "no disk for dur-file"

KB=64	# each pattern: 64 KiB, 16 ext4 blocks
put() {	# put DISK PATTERN OFFSET-KIB [OFLAGS]
	dd if="$2" of="$1" bs=1K seek="$3" oflag="direct${4:+,$4}" \
		status=none
}
sum() { md5sum <"$1"; }
# dev_has PATTERN OFFSET-KIB: the loop device's backing file holds it
dev_has() {
	test "$(dd if="$dir/dev.img" bs=1K skip="$2" count=$KB status=none |
		md5sum)" = "$(sum "$1")"
}
# The ext4 blocks of extent.img at OFFSET-KIB, read from ext4's loop
# backing file; an unallocated (delayed) block reads as nothing.
file_blocks() {	# file_blocks OFFSET-KIB
	local p
	for p in $(seq $(($1 / 4)) $((($1 + KB) / 4 - 1)) |
		   sed 's|^|bmap /extent.img |' |
		   debugfs -f - "$fsloop" 2>/dev/null | grep -v '^debugfs:'); do
		[ "$p" -gt 0 ] || return 0
		dd if="$dir/fs.img" bs=4K skip="$p" count=1 status=none
	done
}
file_has() { test "$(file_blocks "$2" | md5sum)" = "$(sum "$1")"; }

for p in a b c d; do
	dd if=/dev/urandom of="$dir/$p" bs=1K count=$KB status=none
done

# Field 16 of a block device's stat: flush requests completed.
flushes() { awk '{ print $16 }' "/sys/block/${loop#/dev/}/stat"; }
f=$(flushes)
ikt_check "DEVICE: plain write" put "$ddev" "$dir/a" 8192
ikt_check "DEVICE: the write went straight to the device" \
	dev_has "$dir/a" 8192
ikt_check "DEVICE: a plain write flushes nothing" test "$(flushes)" = "$f"
ikt_check "DEVICE: SYNCHRONIZE CACHE" sg_sync "$ddev"
ikt_check "DEVICE: SYNCHRONIZE CACHE flushed the device" \
	test "$(flushes)" -gt "$f"
f=$(flushes)
ikt_check "DEVICE: FUA write" put "$ddev" "$dir/b" 16384 dsync
ikt_check "DEVICE: after a FUA write the backing file has it" \
	dev_has "$dir/b" 16384
# loop has no FUA: the block layer follows the write with a flush.
ikt_check "DEVICE: the FUA write flushed the device" test "$(flushes)" -gt "$f"

ikt_check "FILE: plain write" put "$fdev" "$dir/c" 8192
ikt_check "FILE: a plain write is not on ext4's device yet" \
	ikt_not file_has "$dir/c" 8192
ikt_check "FILE: SYNCHRONIZE CACHE" sg_sync "$fdev"
ikt_check "FILE: after SYNCHRONIZE CACHE ext4's device has it" \
	file_has "$dir/c" 8192
ikt_check "FILE: FUA write" put "$fdev" "$dir/d" 16384 dsync
ikt_check "FILE: after a FUA write ext4's device has it" \
	file_has "$dir/d" 16384
for t in dur-dev dur-file; do
	ikt_check "$t: logout" ikt_logout $t
done
ikt_done
