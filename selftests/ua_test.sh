#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Live LUN changes, with a bare initiator (iscsi_raw.py): a LUN added to a
# target with a session logged in raises REPORTED LUNS DATA HAS CHANGED
# (06/3f/0e) on that session's next command, once; REPORT LUNS then lists
# the new LUN, and the session never drops.  Removing the LUN again does
# the same.  An extent grown under a session raises CAPACITY DATA HAS
# CHANGED (06/2a/09) the same way; it cannot shrink.
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd python3 jq
ikt_load || ikt_die "cannot load iscsikt"
raw="python3 $(dirname "$0")/iscsi_raw.py"

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target ua-disk 4M portal=1 || ikt_die "target ua-disk"
ikt_cfg extent add ua-new --file "$IKT_IMG_DIR/ikt-ua-new.img" --size 4M \
	>/dev/null || ikt_die "extent ua-new"
ikt_on_exit "ikt_cfg extent del ua-new --force >/dev/null 2>&1; rm -f $IKT_IMG_DIR/ikt-ua-new.img"

out=/tmp/ikt-ua.out flag=/tmp/ikt-ua.go
rm -f $flag
$raw ua "$(ikt_iqn ua-disk)" 023d00000020 $flag >$out 2>&1 &
pid=$!
ikt_on_exit "kill $pid 2>/dev/null"
ikt_retry 50 grep -q '^ready' $out || ikt_die "no login ($(cat $out))"
ikt_check "a new I_T nexus: POWER ON, RESET, OR BUS DEVICE RESET OCCURRED" \
	grep -q '^scsi-rsp 0xf 2 6/29/00$' $out
ikt_check "TEST UNIT READY before the change: GOOD" \
	grep -q '^scsi-rsp 0x20 0$' $out
ikt_check "LUN 1 added with the session logged in" \
	ikt_cfg lun add ua-disk ua-new --lun 1
touch $flag
wait $pid
sed 's/^/#   /' $out
ikt_check "next command: REPORTED LUNS DATA HAS CHANGED" \
	grep -q '^scsi-rsp 0x21 2 6/3f/0e$' $out
ikt_check "reported once: the one after is GOOD" \
	grep -q '^scsi-rsp 0x22 0$' $out
ikt_check "REPORT LUNS lists both LUNs" grep -q '^luns 2$' $out
ikt_check "the session ran to the end" grep -q '^done$' $out

# Removing a LUN with a session logged in keeps the session.
rm -f $flag
$raw ua "$(ikt_iqn ua-disk)" 023d00000021 $flag >$out 2>&1 &
pid=$!
ikt_retry 50 grep -q '^ready' $out || ikt_die "no login ($(cat $out))"
ikt_check "LUN 1 removed with the session logged in" \
	ikt_cfg lun del ua-disk 1
touch $flag
wait $pid
sed 's/^/#   /' $out
ikt_check "LUN removed: REPORTED LUNS DATA HAS CHANGED" \
	grep -q '^scsi-rsp 0x21 2 6/3f/0e$' $out
ikt_check "LUN removed: REPORT LUNS lists one LUN" grep -q '^luns 1$' $out
ikt_check "LUN removed: the session ran to the end" grep -q '^done$' $out

# Growing LUN 0's extent with a session logged in.
rm -f $flag
$raw ua "$(ikt_iqn ua-disk)" 023d00000022 $flag >$out 2>&1 &
pid=$!
ikt_retry 50 grep -q '^ready' $out || ikt_die "no login ($(cat $out))"
ikt_check "extent grown from 4M to 8M with the session logged in" \
	ikt_cfg extent set ua-disk --size 8M
touch $flag
wait $pid
sed 's/^/#   /' $out
ikt_check "grown: CAPACITY DATA HAS CHANGED" \
	grep -q '^scsi-rsp 0x21 2 6/2a/09$' $out
ikt_check "grown: reported once" grep -q '^scsi-rsp 0x22 0$' $out
ikt_check "grown: the session ran to the end" grep -q '^done$' $out
size=$(ikt_cfg -j extent show ua-disk | jq -r '.[0].size')
ikt_check "grown: the extent has 8 MiB" [ "$size" = 8388608 ]
msg=$(ikt_cfg extent set ua-disk --size 4M 2>&1)
ikt_check "shrinking is refused" [ $? -ne 0 ]
ikt_check "shrinking: the message says why" grep -q 'can only grow' <<<"$msg"
size=$(ikt_cfg -j extent show ua-disk | jq -r '.[0].size')
ikt_check "shrinking changed nothing" [ "$size" = 8388608 ]
rm -f $out $flag
ikt_done
