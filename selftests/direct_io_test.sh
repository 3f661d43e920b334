#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# FILE extents with and without direct I/O (extent --direct-io), as an
# initiator and as the page cache see them: two extents on ext4 (on a
# loop device) take the same data through open-iscsi and give it back,
# and only the one without direct I/O leaves its backing file's pages in
# the page cache (fincore).  Turned on and off while a writer runs, the
# data stays intact, and once on, reads leave no pages behind.  A write
# that ends inside a sector is a read-modify-write of it.  Refused: a
# DEVICE extent, and a file on tmpfs before 6.6 (no direct I/O there).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd mkfs.ext4 fincore losetup cmp dd
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

dir=/tmp/ikt-dio
mnt=$dir/mnt
ikt_scratch "$dir" 400M || ikt_die "scratch tmpfs"
ikt_loop loop "$dir/fs.img" 256M || ikt_die "loop device"
ikt_mkfs_mount "$loop" "$mnt" || ikt_die "ext4 on $loop"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"

# extent NAME on $mnt/NAME.img, 64M, exported as LUN 0 of target NAME
_extent() {
	local name=$1
	shift
	ikt_cfg extent add "$name" --file "$mnt/$name.img" --size 64M "$@" \
		>/dev/null || return 1
	ikt_on_exit "ikt_cfg extent del $name --force >/dev/null 2>&1"
	ikt_export "$name" portal=1
}
_extent dio-on --direct-io || ikt_die "extent dio-on"
_extent dio-off || ikt_die "extent dio-off"
ikt_check "extent show -j: direct_io true" \
	grep -q '"direct_io":true' <<<"$(ikt_cfg -j extent show dio-on)"
ikt_check "extent show -j: direct_io false by default" \
	grep -q '"direct_io":false' <<<"$(ikt_cfg -j extent show dio-off)"

for t in dio-on dio-off; do
	ikt_node $t || ikt_die "node $t"
	ikt_login $t || ikt_die "login to $t"
done
on=$(ikt_disk dio-on) || ikt_die "no disk for dio-on"
off=$(ikt_disk dio-off) || ikt_die "no disk for dio-off"
ikt_log "dio-on is $on, dio-off is $off"

# bytes of FILE in the page cache
_cached() { fincore --bytes --noheadings --output RES "$1"; }
# the first SIZE MiB of DEV are FILE's bytes
_same() {
	cmp <(dd if="$1" bs=1M count="$3" iflag=direct status=none) "$2"
}

head -c 8M /dev/urandom >"$dir/a" || ikt_die "data"
for d in "$on" "$off"; do
	ikt_check "write 8 MiB to $d" \
		dd if="$dir/a" of="$d" bs=1M oflag=direct status=none
	ikt_check "read back 8 MiB from $d" _same "$d" "$dir/a" 8
done
c_on=$(_cached "$mnt/dio-on.img")
c_off=$(_cached "$mnt/dio-off.img")
ikt_log "page cache: dio-on.img $c_on bytes, dio-off.img $c_off bytes"
ikt_check "direct I/O: none of the backing file is in the page cache" \
	test "$c_on" -eq 0
ikt_check "page cache: the backing file's 8 MiB are in it" \
	test "$c_off" -ge $((8 << 20))

# Live: toggled under a writer, in both directions, with a session in.
# The writer writes the same 8 MiB over and over until the toggling ends.
head -c 8M /dev/urandom >"$dir/b" || ikt_die "data"
(
	while ! [ -e "$dir/stop" ]; do
		dd if="$dir/b" of="$off" bs=64k oflag=direct status=none ||
			exit 1
		echo >>"$dir/passes"
	done
) &
writer=$!
toggles=0
for _ in $(seq 10); do
	ikt_cfg extent set dio-off --direct-io=on >/dev/null &&
		ikt_cfg extent set dio-off --direct-io=off >/dev/null &&
		toggles=$((toggles + 1))
	sleep 0.1
done
touch "$dir/stop"
wait $writer
ikt_check "writer under toggling ends well" test $? -eq 0
passes=$(grep -c '' "$dir/passes" 2>/dev/null)
ikt_log "the writer wrote its 8 MiB ${passes:-0} times while toggled"
ikt_check "10 live on/off toggles accepted" test $toggles -eq 10
ikt_check "data written while toggling reads back" _same "$off" "$dir/b" 8
ikt_check "turned on live" \
	ikt_cfg extent set dio-off --direct-io=on
sync
echo 1 >/proc/sys/vm/drop_caches
ikt_check "read back with direct I/O on" _same "$off" "$dir/b" 8
c_off=$(_cached "$mnt/dio-off.img")
ikt_log "page cache after reading with direct I/O: $c_off bytes"
ikt_check "turned on live: reads leave no pages in the page cache" \
	test "$c_off" -eq 0
ikt_check "dio-on still reads back" _same "$on" "$dir/a" 8

# A write whose EDTL (1000 bytes) ends inside a sector: with direct I/O
# that sector is read, patched and written whole; the rest stays as it was.
_partial_write() {
	python3 - "$IKT_TOP/selftests" "$(ikt_iqn "$1")" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[1])
import iscsi_io
s = iscsi_io.Initiator("127.0.0.1", sys.argv[2], "400000000001")
bs, _ = s.geometry()
old = bytes(s.wait(s.send(iscsi_io.rw10(0x28, 100, 8), 8 * bs)))
new = os.urandom(1000)
s.wait(s.send(iscsi_io.rw10(0x2a, 100, 8), 1000, new))
back = bytes(s.wait(s.send(iscsi_io.rw10(0x28, 100, 8), 8 * bs)))
s.logout()
sys.exit(0 if back == new + old[1000:] else 1)
PY
}
ikt_check "direct I/O: a partial-sector write keeps the rest of its blocks" \
	_partial_write dio-on

# Refusals, the configuration unchanged
ikt_loop dev "$dir/dev.img" 16M || ikt_die "second loop device"
out=$(ikt_cfg extent add dio-dev --device "$dev" --direct-io 2>&1)
ikt_check "DEVICE extent add --direct-io refused (library)" \
	grep -q 'direct-io: file extents only; a device always bypasses the page cache' \
	<<<"$out"
ikt_cfg extent add dio-dev --device "$dev" >/dev/null ||
	ikt_die "DEVICE extent"
ikt_on_exit "ikt_cfg extent del dio-dev --force >/dev/null 2>&1"
out=$(ikt_cfg extent set dio-dev --direct-io=on 2>&1)
ikt_check "DEVICE extent set --direct-io refused (kernel)" \
	grep -q 'direct I/O: FILE extents only; a DEVICE bypasses the page cache' \
	<<<"$out"
ikt_check "DEVICE extent unchanged" \
	grep -q '"direct_io":false' <<<"$(ikt_cfg -j extent show dio-dev)"

read -r major minor < <(uname -r | awk -F. '{ print $1, $2 }')
out=$(ikt_cfg extent add dio-tmp --file "$dir/tmp.img" --size 1M \
	--direct-io 2>&1)
rc=$?
if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 6 ]; }; then
	ikt_check "tmpfs file: direct I/O refused before 6.6" test $rc -ne 0
	ikt_check "tmpfs refusal names the rule" \
		grep -q 'direct I/O: the filesystem of this file does not support it' \
		<<<"$out"
	ikt_check "tmpfs refusal: no extent" ikt_not \
		ikt_cfg extent show dio-tmp
else
	ikt_check "tmpfs file: direct I/O accepted from 6.6" test $rc -eq 0
	ikt_cfg extent del dio-tmp >/dev/null 2>&1
fi

for t in dio-on dio-off; do
	ikt_check "logout $t" ikt_logout $t
done
ikt_done
