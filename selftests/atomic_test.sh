#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# WRITE ATOMIC against concurrent READs, on a FILE LU and on a DEVICE LU (a
# loop device): two bare initiators (atomic_race.py), one writing the first
# 256 KiB with WRITE ATOMIC(16), all 0xAA then all 0x55, over and over, the
# other reading them; no read may hold both.  The control runs the same
# race with each pass written as two plain WRITEs: its reads must tear,
# which shows that the reader can tell.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

SECS=${SECS:-15}
BLOCKS=512

ikt_require_cmd python3 losetup
ikt_load || ikt_die "cannot load iscsikt"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
dir=/tmp/ikt-atomic
ikt_scratch "$dir" 64M || ikt_die "scratch tmpfs"
IKT_IMG_DIR=$dir ikt_target atomic-file 16M portal=1 || ikt_die "FILE target"
ikt_loop loop "$dir/dev.img" 16M || ikt_die "loop device"
ikt_cfg extent add atomic-dev --device "$loop" >/dev/null ||
	ikt_die "DEVICE extent"
ikt_on_exit "ikt_cfg extent del atomic-dev --force >/dev/null 2>&1"
ikt_cfg target add atomic-dev --group portal=1 >/dev/null ||
	ikt_die "DEVICE target"
ikt_on_exit "ikt_cfg target del atomic-dev --force >/dev/null 2>&1"
ikt_cfg lun add atomic-dev atomic-dev --lun 0 >/dev/null || ikt_die "LUN"

race="python3 $IKT_TOP/selftests/atomic_race.py"

# race TARGET WRITER: prints the reader's "reads N torn T"
race() {
	local iqn wpid rc=0

	iqn=$(ikt_iqn "$1")
	$race "$2" 127.0.0.1 "$iqn" 023d0000a001 "$SECS" $BLOCKS \
		>"$dir/writer" 2>&1 &
	wpid=$!
	$race read 127.0.0.1 "$iqn" 023d0000a002 "$SECS" $BLOCKS \
		>"$dir/reader" 2>&1 || rc=1
	wait $wpid || rc=1
	sed 's/^/# /' "$dir/writer" "$dir/reader" >&2
	grep '^reads' "$dir/reader"
	return $rc
}

torn() { set -- $1; echo "${4:-x}"; }	# "reads N torn T" -> T

for t in atomic-file atomic-dev; do
	out=$(race $t plain) || ikt_fail "$t: the plain race failed"
	ikt_check "$t: plain WRITEs tear reads (the control: $out)" \
		test "$(torn "$out")" -gt 0
	out=$(race $t write) || ikt_fail "$t: the WRITE ATOMIC race failed"
	ikt_check "$t: no read sees half a WRITE ATOMIC ($out)" \
		test "$(torn "$out")" = 0
	ikt_check "$t: the reader read meanwhile ($out)" \
		test "$(set -- $out; echo "${2:-0}")" -gt 2
done
ikt_done
