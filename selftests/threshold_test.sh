#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Free-space thresholds of a FILE extent on a small filesystem (a 64 MiB
# tmpfs), through open-iscsi: with both thresholds off nothing fires; the
# pool threshold, crossed by writes to the LU, raises THIN PROVISIONING
# SOFT THRESHOLD REACHED (the initiator's kernel logs it) and sends a
# THRESHOLD event; space given back (UNMAP, or a file deleted on that
# filesystem) re-arms it with a REACHED=0 event; setting the extent
# threshold re-evaluates at once.  LOG SENSE page 0Ch reports the
# filesystem's free blocks and the extent's allocated blocks.
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_logs sg_turs blkdiscard python3 dmesg
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

dir=/tmp/ikt-thresh
events=/tmp/ikt-thresh-events
ikt_scratch "$dir" 64M || ikt_die "scratch tmpfs"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_on_exit "ikt_cfg global set --pool-threshold 0 >/dev/null 2>&1"
# A thin 128 MiB extent on 64 MiB: the filesystem fills first.
IKT_IMG_DIR=$dir ikt_target tp 128M portal=1 || ikt_die "target"

python3 "$IKT_TOP/selftests/genl_events.py" \
	"$IKT_TOP/include/uapi/linux/iscsikt.h" >"$events" 2>&1 &
listener=$!
ikt_on_exit "kill $listener 2>/dev/null; rm -f $events"
ikt_retry 50 grep -q '^ready' "$events" || ikt_die "event listener: $(cat "$events")"
# iscsicfg monitor, where it is built, must decode the same events.
mon=/tmp/ikt-thresh-monitor
if ikt_cfg monitor --help >/dev/null 2>&1; then
	LD_LIBRARY_PATH=$IKT_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
		"$IKT_BIN/iscsicfg" monitor -j >"$mon" 2>&1 &
	ikt_on_exit "kill $! 2>/dev/null; rm -f $mon"
fi

# The debug kernel under emulation can take more than the usual 5 s.
ikt_node tp node.conn[0].timeo.login_timeout=30 || ikt_die "node"
ikt_login tp || ikt_die "login"
ikt_on_exit "ikt_logout tp"
dev=$(ikt_disk tp) || ikt_die "no disk"
ikt_log "tp is $dev"

# write MB_OFFSET MB: MB MiB through the LU
write() {
	dd if=/dev/zero of="$dev" bs=1M seek="$1" count="$2" oflag=direct \
		status=none
}

nr_events() { grep -c '^THRESHOLD ' "$events"; }
# The initiator's SCSI layer logs each 38h/07h unit attention it sees.
nr_ua() { dmesg | grep -c 'thin provisioning soft threshold'; }
ua0=$(nr_ua)

# settle: past the checks' one-second rate limit, then a command that
# takes any unit attention pending for this I_T nexus
settle() {
	sleep 1.5
	sg_turs "$dev" >/dev/null 2>&1
	sg_turs "$dev" >/dev/null 2>&1
	sleep 0.2
}

# expect N_EVENTS N_UA: that many THRESHOLD events and UAs since the start
expect() {
	local i
	for ((i = 0; i < 25; i++)); do
		[ "$(nr_events)" -eq "$1" ] && [ $(($(nr_ua) - ua0)) -eq "$2" ] &&
			return 0
		sleep 0.2
	done
	echo "events $(nr_events), unit attentions $(($(nr_ua) - ua0))"
	cat "$events"
	return 1
}

# last_event: the fields of the last THRESHOLD event, less AVAIL
last_event() {
	grep '^THRESHOLD ' "$events" | tail -n 1 | sed 's/ THRESHOLD_AVAIL=[0-9]*//'
}

# 40 of 64 MiB with the thresholds off: nothing.
write 0 40 || ikt_fail "write 40 MiB"
settle
ikt_check "thresholds off: no event, no unit attention" expect 0 0

# Pool threshold 25%: 24 MiB free (37%) is above it.
ikt_cfg global set --pool-threshold 25 >/dev/null || ikt_fail "pool threshold"
settle
ikt_check "pool 25%: above it, nothing" expect 0 0
# 14 MiB free (22%): crossed.
write 40 10 || ikt_fail "write 10 MiB"
settle
ikt_check "pool 25% crossed: event and unit attention" expect 1 1
ikt_check "the event names extent, scope, percent, REACHED=1" test \
	"$(last_event)" = \
	"THRESHOLD EXTENT_NAME=tp THRESHOLD_SCOPE=1 THRESHOLD_PERCENT=25 THRESHOLD_REACHED=1"
ikt_check "kernel log: one info line" \
	grep -q 'iscsikt: extent tp: free space fell below the 25% pool threshold' \
	<(dmesg)
# Still below: more writes raise nothing more.
write 50 1 || ikt_fail "write 1 MiB"
settle
ikt_check "still below: nothing more" expect 1 1

# LOG SENSE 0Ch: free blocks of the filesystem, allocated blocks of the
# extent, in 512-byte logical blocks.
sync
logs=$(sg_logs -p 0xc "$dev")
ikt_log "$(echo "$logs" | tr '\n' '|')"
free=$(($(stat -f -c '%a * %S' "$dir") / 512))
used=$(stat -c %b "$dir/ikt-tp.img")
ikt_check "LOG SENSE 0Ch: available count is the filesystem's free space" \
	grep -Eqi "available lba mapping( threshold)? resource count: $free\$" <<<"$logs"
ikt_check "LOG SENSE 0Ch: used count is the extent's allocation" \
	grep -Eqi "used lba mapping( threshold)? resource count: $used\$" <<<"$logs"
ikt_check "LOG SENSE 00h: pages 00h and 0Ch" \
	grep -qi 'logical block provisioning' <(sg_logs "$dev")

# UNMAP gives 20 MiB back: 34 MiB free, recovered, re-armed.
ikt_check "blkdiscard 20 MiB" blkdiscard -o 0 -l 20M "$dev"
settle
ikt_check "recovered: REACHED=0 event, no unit attention" expect 2 1
ikt_check "the event says recovered" test "$(last_event)" = \
	"THRESHOLD EXTENT_NAME=tp THRESHOLD_SCOPE=1 THRESHOLD_PERCENT=25 THRESHOLD_REACHED=0"

# Another file takes 24 MiB of the filesystem: below again at the next write.
dd if=/dev/zero of="$dir/filler" bs=1M count=24 status=none ||
	ikt_fail "filler"
write 50 1 || ikt_fail "write 1 MiB"
settle
ikt_check "re-armed threshold fires again" expect 3 2
# Deleting that file recovers, noticed at the next write.
rm -f "$dir/filler"
write 50 1 || ikt_fail "write 1 MiB"
settle
ikt_check "deleting a file recovers" expect 4 2

# The extent threshold, 30% of 128 MiB = 38.4 MiB > 34 MiB free: setting
# it is enough.
ikt_cfg global set --pool-threshold 0 >/dev/null || ikt_fail "pool off"
ikt_cfg extent set tp --threshold 30 >/dev/null || ikt_fail "threshold 30"
settle
ikt_check "extent 30% set below: event and unit attention" expect 5 3
ikt_check "the event is the extent's" test "$(last_event)" = \
	"THRESHOLD EXTENT_NAME=tp THRESHOLD_SCOPE=0 THRESHOLD_PERCENT=30 THRESHOLD_REACHED=1"

# Both off: writes that would cross anything fire nothing.
ikt_cfg extent set tp --threshold 0 >/dev/null || ikt_fail "threshold off"
write 60 20 || ikt_fail "write 20 MiB"
settle
ikt_check "thresholds off again: nothing" expect 5 3

# Checks still scheduled when an extent goes keep it until they have run:
# the deletion, under the configuration lock, does not wait for them.
ikt_cfg extent add tp2 --file "$dir/tp2.img" --size 8M --threshold 10 \
	>/dev/null || ikt_fail "extent tp2"
for i in 1 2 3 4 5; do
	ikt_cfg extent set tp2 --threshold $((10 + i)) >/dev/null ||
		ikt_fail "tp2 threshold"
done
ikt_check "an extent with checks pending is deleted" \
	timeout 30 "$IKT_BIN/iscsicfg" extent del tp2
rm -f "$dir/tp2.img"
ikt_check "tp2 fired nothing" expect 5 3
if [ -e "$mon" ]; then
	ikt_check "iscsicfg monitor -j: the same 5 threshold events" test \
		"$(grep -Ec '"event": ?"threshold"' "$mon")" -eq 5
	ikt_check "iscsicfg monitor -j: pool 25% reached first" grep -Eq \
		'"event": ?"threshold".*"scope": ?"pool".*"extent": ?"tp".*"percent": ?25.*"reached": ?true' \
		<(grep -E '"event": ?"threshold"' "$mon" | head -n 1)
fi

ikt_check "logout" ikt_logout tp
ikt_done
