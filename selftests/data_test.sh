#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Data integrity through open-iscsi and the Linux SCSI disk: fio random
# writes with crc32c verification at 4k and 64k, sequential 512k writes;
# the data outlives a logout and a new login; CRC32C header and data
# digests; an extent with 4096-byte blocks.
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd fio dd md5sum blockdev jq
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target dat-512 64M portal=1 || ikt_die "target dat-512"
ikt_target dat-4k 32M portal=1 --bs 4096 || ikt_die "target dat-4k"
ikt_node dat-512 || ikt_die "node dat-512"
ikt_node dat-4k || ikt_die "node dat-4k"

fio_run() {	# fio_run DEV NAME FIO-OPTIONS...
	local dev=$1 name=$2
	shift 2
	fio --name="$name" --filename="$dev" --ioengine=libaio --direct=1 \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse "$@" >/dev/null
}
# The sequential job writes the first 48M; the pattern lives after it.
seq_job=(--rw=write --bs=512k --iodepth=8 --size=48M)
pat=/tmp/ikt-data-pattern

login() {	# login NAME: log in and print the disk
	ikt_login "$1" && ikt_disk "$1"
}

if dev=$(login dat-512); then
	ikt_log "dat-512 is $dev"
	ikt_check "512-byte logical blocks" \
		test "$(blockdev --getss "$dev")" = 512
	ikt_check "capacity 64M" \
		test "$(blockdev --getsize64 "$dev")" = $((64 << 20))
	ikt_check "fio randwrite 4k QD16 verify" fio_run "$dev" rw4k \
		--rw=randwrite --bs=4k --iodepth=16 --size=16M
	ikt_check "fio randwrite 64k QD16 verify" fio_run "$dev" rw64k \
		--rw=randwrite --bs=64k --iodepth=16 --size=32M
	ikt_check "fio sequential 512k write verify" fio_run "$dev" seq \
		"${seq_job[@]}"
	dd if=/dev/urandom of="$pat" bs=1M count=8 status=none
	ikt_check "dd pattern write" dd if="$pat" of="$dev" bs=1M seek=48 \
		oflag=direct conv=fsync status=none
	ikt_check "logout" ikt_logout dat-512
else
	ikt_fail "login to dat-512"
fi

if dev=$(login dat-512); then
	ikt_check "sequential data still there after a new login" \
		fio_run "$dev" seq "${seq_job[@]}" --verify_only
	want=$(md5sum <"$pat")
	got=$(dd if="$dev" bs=1M skip=48 count=8 iflag=direct status=none |
	      md5sum)
	ikt_check "dd pattern still there after a new login" \
		test "$want" = "$got"
	ikt_check "logout" ikt_logout dat-512
else
	ikt_fail "login to dat-512"
fi

ikt_node_set dat-512 node.conn[0].iscsi.HeaderDigest=CRC32C \
	node.conn[0].iscsi.DataDigest=CRC32C || ikt_fail "digest settings"
if dev=$(login dat-512); then
	digests=$(ikt_cfg -j session show |
		  jq -r --arg t "$(ikt_iqn dat-512)" '.[] | select(.target == $t) |
			.connections[] | "\(.header_digest),\(.data_digest)"')
	ikt_check "CRC32C header and data digests negotiated" \
		test "$digests" = "true,true"
	ikt_check "fio randwrite 4k verify with digests" fio_run "$dev" dg4k \
		--rw=randwrite --bs=4k --iodepth=16 --size=8M
	ikt_check "fio randwrite 64k verify with digests" fio_run "$dev" dg64k \
		--rw=randwrite --bs=64k --iodepth=16 --size=16M
	ikt_check "logout" ikt_logout dat-512
else
	ikt_fail "login to dat-512"
fi

if dev=$(login dat-4k); then
	ikt_log "dat-4k is $dev"
	ikt_check "4096-byte logical blocks" \
		test "$(blockdev --getss "$dev")" = 4096
	ikt_check "capacity 32M" \
		test "$(blockdev --getsize64 "$dev")" = $((32 << 20))
	ikt_check "fio randwrite 4k QD16 verify on 4k blocks" fio_run "$dev" \
		bs4k --rw=randwrite --bs=4k --iodepth=16 --size=16M
	ikt_check "fio randwrite 64k QD16 verify on 4k blocks" fio_run "$dev" \
		bs4k64 --rw=randwrite --bs=64k --iodepth=16 --size=32M
	ikt_check "logout" ikt_logout dat-4k
else
	ikt_fail "login to dat-4k"
fi
rm -f "$pat"
ikt_done
