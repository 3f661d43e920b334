#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Backend errors reach the initiator as the right sense, and the target
# keeps serving: a DEVICE extent on a device-mapper table whose second half
# is dm-error answers MEDIUM ERROR (unrecovered read error, write error)
# there and data in the healthy half; a FILE extent on a full tmpfs answers
# a write that needs space with DATA PROTECT, SPACE ALLOCATION FAILED WRITE
# PROTECT; a second LUN of the same target serves throughout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd dmsetup losetup blockdev sg_raw dd cmp
ikt_require_module loop dm-mod
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

dir=/tmp/ikt-berr
ikt_scratch "$dir" 64M || ikt_die "scratch tmpfs"
ikt_loop loop "$dir/half.img" 16M || ikt_die "loop device"
# Sectors 0-16383 (8 MiB) healthy, the next 8 MiB fail every I/O.
dmsetup create --noudevsync ikt-half --table "0 16384 linear $loop 0
16384 16384 error" && dmsetup mknodes ikt-half || ikt_die "dm table"
ikt_on_exit "dmsetup remove --noudevsync ikt-half"
full=$dir/full
ikt_scratch "$full" 2M || ikt_die "small tmpfs"
for name in berr-dev berr-full; do
	ikt_on_exit "ikt_cfg extent del $name --force >/dev/null 2>&1"
done
ikt_cfg extent add berr-dev --device /dev/mapper/ikt-half >/dev/null ||
	ikt_die "extent on the dm table"
# 16 MiB sparse on a 2 MiB filesystem: writes past 2 MiB find no space.
ikt_cfg extent add berr-full --file "$full/extent.img" --size 16M \
	>/dev/null || ikt_die "extent on the small tmpfs"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_export berr-dev portal=1 || ikt_die "target berr-dev"
ikt_cfg lun add berr-dev berr-full --lun 1 >/dev/null || ikt_die "LUN 1"
ikt_node berr-dev || ikt_die "node"
ikt_login berr-dev || ikt_die "login"
dev=$(ikt_disk berr-dev) || ikt_die "no disk"
ikt_retry 50 test -b "${dev%?}b" 2>/dev/null
# The second LUN's disk: the other sd device of this session.
fdev=$(ikt_retry 50 bash -c "ls /sys/class/iscsi_session/session*/device/target*/*:1/block/ 2>/dev/null | head -n 1")
fdev=/dev/$fdev
ikt_check "LUN 1 has a disk ($fdev)" test -b "$fdev"

sense_out=/tmp/ikt-berr.out
# sg_raw CDB...: the sense it reports, as "key/asc/ascq" text.
read10() { sg_raw -r 512 "$1" 28 00 $2 00 00 01 00 >$sense_out 2>&1; }
write10() { sg_raw -s 512 -i /dev/urandom "$1" 2a 00 $2 00 00 01 00 >$sense_out 2>&1; }

ikt_check "healthy half: READ GOOD" read10 "$dev" "00 00 08 00"
ikt_check "failing half: READ fails" ikt_not read10 "$dev" "00 00 50 00"
ikt_check "... with MEDIUM ERROR, unrecovered read error" \
	grep -qi 'unrecovered read error' $sense_out
ikt_check "failing half: WRITE fails" ikt_not write10 "$dev" "00 00 50 00"
ikt_check "... with MEDIUM ERROR, write error" grep -qi 'write error' $sense_out
ikt_check "healthy half still: WRITE GOOD" write10 "$dev" "00 00 08 00"

ikt_check "full filesystem: the first MiB takes writes" \
	dd if=/dev/urandom of="$fdev" bs=64k count=16 oflag=direct status=none
ikt_check "full filesystem: writing 2 MiB more runs out of space" \
	ikt_not dd if=/dev/urandom of="$fdev" bs=64k seek=16 count=32 \
	oflag=direct status=none
ikt_check "full filesystem: a write that needs space fails" \
	ikt_not write10 "$fdev" "00 00 60 00"
sed 's/^/#   /' $sense_out | grep -i sense
ikt_check "... with DATA PROTECT, space allocation failed write protect" \
	grep -qi 'space allocation failed' $sense_out
ikt_check "LUN 0 serves after it all" read10 "$dev" "00 00 00 10"
ikt_check "logout" ikt_logout berr-dev
rm -f $sense_out
ikt_done
