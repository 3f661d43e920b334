#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reconfiguration under load: while fio writes and verifies through
# open-iscsi on one target, everything else is changed and deleted around
# it: LUNs of the same target come and go, other targets, extents,
# portals, initiator groups and CHAP users are created and deleted, the
# busy extent's mutable options change, and another initiator logs in
# and out.  fio must finish with every block verified, and its session
# must never have dropped (same TSIH, one login).
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd fio jq iscsi-inq
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target busy 256M portal=1 || ikt_die "target busy"
ikt_node busy || ikt_die "node busy"
ikt_login busy || ikt_die "login to busy"
dev=$(ikt_disk busy) || ikt_die "no disk for busy"
iqn=$(ikt_iqn busy)
tsih() {
	ikt_cfg -j session show |
		jq -r --arg t "$iqn" '[.[] | select(.target == $t)] | map(.tsih) | join(",")'
}
tsih0=$(tsih)
ikt_log "busy: $dev, session TSIH $tsih0"

# What changes around the busy target, as fast as it can, until told.
img=$IKT_IMG_DIR/ikt-churn
churn() {
	local i=0 fail=0
	secret=secret-0123456
	while [ ! -e /tmp/ikt-churn.stop ]; do
		i=$((i + 1))
		step() { "$@" >/dev/null 2>&1 || { echo "churn $i: $*"; fail=1; }; }
		step ikt_cfg extent add churn-x --file $img-x.img --size 4M
		step ikt_cfg lun add busy churn-x --lun 1
		step ikt_cfg extent set busy --rpm SSD --comment "pass $i"
		step ikt_cfg portal add --tag 2 --listen 127.0.0.1:3261
		step ikt_cfg initiator add --id 7 --initiator iqn.2026-01.org.example:x$i
		step ikt_cfg auth add --tag 9 --user u$i --secret-file <(echo "$secret")
		step ikt_cfg extent add churn-y --file $img-y.img --size 4M
		step ikt_cfg target add other --group portal=2,initiator=7,auth=chap,tag=9
		step ikt_cfg lun add other churn-y --lun 0
		step iscsi-inq "iscsi://127.0.0.1/$iqn/1"
		step ikt_cfg target set other --group portal=1
		step ikt_cfg target del other --force --delete-extents
		step ikt_cfg lun del busy 1
		step ikt_cfg extent del churn-x --force
		step ikt_cfg auth del "$(ikt_cfg -j auth show |
					 jq -r '.[] | select(.tag == 9) | .id')"
		step ikt_cfg initiator del 7
		step ikt_cfg portal del 2
		step ikt_cfg extent set busy --rpm UNKNOWN
		rm -f $img-x.img $img-y.img
	done
	echo "churn: $i rounds, failed=$fail"
}
rm -f /tmp/ikt-churn.stop
churn >/tmp/ikt-churn.out 2>&1 &
churn_pid=$!
ikt_on_exit "touch /tmp/ikt-churn.stop; kill $churn_pid 2>/dev/null; rm -f $img-x.img $img-y.img"

ikt_check "fio verifies 256 MiB while the configuration churns" \
	ikt_fio_verify "$dev" 256M
touch /tmp/ikt-churn.stop
wait $churn_pid
sed 's/^/#   /' /tmp/ikt-churn.out | tail -n 20
ikt_check "the churn ran (at least 2 rounds)" \
	grep -qE '^churn: ([2-9]|[1-9][0-9]+) rounds' /tmp/ikt-churn.out
ikt_check "every change was accepted" grep -q 'failed=0$' /tmp/ikt-churn.out
ikt_check "the busy session never dropped (same TSIH, one session)" \
	test "$(tsih)" = "$tsih0"
ikt_check "the configuration is back to one target" \
	test "$(ikt_cfg -j target show | jq length)" = 1
ikt_logout busy
ikt_done
