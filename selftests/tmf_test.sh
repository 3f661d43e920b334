#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Task management in the middle of backend I/O, with a bare initiator
# (iscsi_raw.py): a READ held up for 2 s by dm-delay under a DEVICE extent
# is aborted while its I/O runs.  The ABORT TASK answers Function Complete
# only once the I/O has ended, the aborted task sends no data and no
# status, and the connection goes on serving commands; aborting a task
# that does not exist answers Task Does Not Exist.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd python3 dmsetup losetup blockdev
ikt_require_module loop dm-delay
ikt_load || ikt_die "cannot load iscsikt"
raw="python3 $(dirname "$0")/iscsi_raw.py"

dir=/tmp/ikt-tmf
mkdir -p "$dir"
ikt_loop loop "$dir/slow.img" 16M || ikt_die "loop device"
# Reads wait 2000 ms, writes none.
table="0 $(blockdev --getsz "$loop") delay $loop 0 2000 $loop 0 0"
# No udev in the guest: dmsetup makes the /dev/mapper node itself.
dmsetup create --noudevsync ikt-slow --table "$table" &&
	dmsetup mknodes ikt-slow || ikt_die "dm-delay device"
ikt_on_exit "dmsetup remove --noudevsync ikt-slow"
ikt_on_exit "ikt_cfg extent del tmf-slow --force >/dev/null 2>&1"
ikt_cfg extent add tmf-slow --device /dev/mapper/ikt-slow >/dev/null ||
	ikt_die "extent on dm-delay"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_export tmf-slow portal=1 || ikt_die "target tmf-slow"

out=/tmp/ikt-tmf.out
# The abort leaves $wait s after the READ: by then its I/O runs (the debug
# kernel takes longer to get there) and ends 2 - $wait s later.
wait=0.5
ikt_debug_kernel && wait=1
$raw abort "$(ikt_iqn tmf-slow)" 023d00000010 $wait >$out 2>&1
sed 's/^/#   /' $out
ikt_check "the aborted READ sent neither data nor status" \
	ikt_not grep -Eq '^(data-in|scsi-rsp) 0x10( |$)' $out
ikt_check "ABORT TASK: Function Complete" grep -q '^tmf-rsp 0x11 0 ' $out
secs=$(awk '$1 == "tmf-rsp" && $2 == "0x11" { print $4 }' $out)
ikt_check "ABORT TASK answered after the running I/O ended (${secs:-?} s)" \
	awk -v s="${secs:-0}" 'BEGIN { exit !(s >= 0.5) }'
ikt_check "TEST UNIT READY after the abort: GOOD" grep -q '^scsi-rsp 0x12 0$' $out
ikt_check "READ after the abort: data and GOOD" \
	grep -q '^scsi-rsp 0x13 0$' $out
ikt_check "ABORT TASK of an unknown task: Task Does Not Exist" \
	grep -q '^tmf-rsp 0x14 1 ' $out
ikt_check "the session ran to the end" grep -q '^done$' $out
rm -f $out
ikt_done
