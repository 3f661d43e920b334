#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# COMPARE AND WRITE through open-iscsi and sd: two processes race
# sg_compare_and_write on one block, both comparing against what is there;
# exactly one of each pair wins, the other gets MISCOMPARE (sg3_utils exit
# 14) and the block holds the winner's data.  A stale compare buffer is a
# miscompare that writes nothing, and a read-only LU refuses the command.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ROUNDS=${ROUNDS:-20}
BS=512

ikt_require_cmd sg_compare_and_write dd cmp
ikt_iscsid_start
ikt_load || ikt_die "cannot load iscsikt"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target caw 16M portal=1 || ikt_die "target caw"
ikt_node caw || ikt_die "node record"
ikt_login caw || ikt_die "login"
ikt_on_exit "ikt_logout caw"
disk=$(ikt_disk caw) || ikt_die "no disk for caw"

dir=$(mktemp -d /tmp/ikt-caw.XXXXXX)
ikt_on_exit "rm -rf $dir"

# A block of byte $2 (one character) in file $1.
block() { head -c $BS /dev/zero | tr '\0' "$2" >"$1"; }
put() { dd if="$1" of="$disk" bs=$BS seek="$2" count=1 oflag=direct \
	   status=none; }
get() { dd if="$disk" of="$1" bs=$BS skip="$2" count=1 iflag=direct \
	   status=none; }
# sg_compare_and_write of one block at LBA $1: compare with file $2, write
# file $3; prints its exit status.
caw() {
	local in rc

	in=$(mktemp "$dir/in.XXXXXX") && cat "$2" "$3" >"$in" || return 1
	sg_compare_and_write --quiet --in="$in" --lba="$1" --num=1 "$disk" \
		>/dev/null 2>&1
	rc=$?
	rm -f "$in"
	echo $rc
}

block "$dir/old" o
block "$dir/one" 1
block "$dir/two" 2
block "$dir/stale" s

one_round() {
	local lba=$1 r1 r2

	put "$dir/old" "$lba" || return 1
	caw "$lba" "$dir/old" "$dir/one" >"$dir/r1" &
	caw "$lba" "$dir/old" "$dir/two" >"$dir/r2" &
	wait
	r1=$(cat "$dir/r1")
	r2=$(cat "$dir/r2")
	get "$dir/now" "$lba" || return 1
	if [ "$r1" = 0 ] && [ "$r2" = 14 ]; then
		cmp -s "$dir/now" "$dir/one" && return 0
	elif [ "$r1" = 14 ] && [ "$r2" = 0 ]; then
		cmp -s "$dir/now" "$dir/two" && return 0
	fi
	echo "LBA $lba: exit statuses $r1 and $r2, block now '$(head -c 1 "$dir/now")'"
	return 1
}

races() {
	local i
	for ((i = 0; i < ROUNDS; i++)); do
		one_round $((i % 4)) || return 1
	done
}
ikt_check "$ROUNDS racing pairs: one winner each, its data kept" races

stale() {
	local rc
	put "$dir/one" 7 || return 1
	rc=$(caw 7 "$dir/stale" "$dir/two")
	[ "$rc" = 14 ] || { echo "exit $rc, not 14 (MISCOMPARE)"; return 1; }
	get "$dir/now" 7 && cmp "$dir/now" "$dir/one"
}
ikt_check "stale compare data: MISCOMPARE, block unchanged" stale

# The miscompare's INFORMATION field is the offset of the first differing
# byte (SBC-3 5.2), which sg_compare_and_write prints.
offset() {
	head -c 100 "$dir/one" >"$dir/part"
	printf 'x' >>"$dir/part"
	tail -c $((BS - 101)) "$dir/one" >>"$dir/part"
	put "$dir/one" 9 || return 1
	cat "$dir/part" "$dir/two" >"$dir/in"
	sg_compare_and_write --in="$dir/in" --lba=9 --num=1 "$disk" \
		>"$dir/out" 2>&1
	grep -q 'Miscompare at byte offset: 100 ' "$dir/out" ||
		{ cat "$dir/out"; return 1; }
	get "$dir/now" 9 && cmp "$dir/now" "$dir/one"
}
ikt_check "miscompare reports the first differing byte (100)" offset

ikt_done
