#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Live sessions: the target's alias reaches the initiator as TargetAlias;
# "session show" (table and JSON) names the logged-in
# initiator and its target, the parameters it negotiated (as the
# initiator reports them) and its counters; deleting a target with a session is refused
# (EBUSY) unless forced, and forcing it ends the initiator's session; the
# module unloads afterwards.  "initiator show" lists the initiator as
# connected through the initiator group its target pairs with the portal,
# not through a group the target does not use, and no more after logout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd jq rmmod sg_raw iscsiadm
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start
me=$(ikt_our_initiator)
[ -n "$me" ] || ikt_die "no InitiatorName in /etc/iscsi/initiatorname.iscsi"

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
# group 1 admits this host, group 2 every initiator; only ses-b uses 2
ikt_cfg initiator add --id 1 --initiator "$me" >/dev/null &&
	ikt_cfg initiator add --id 2 >/dev/null || ikt_die "initiator groups"
ikt_on_exit "ikt_cfg initiator del 1 --force >/dev/null 2>&1"
ikt_on_exit "ikt_cfg initiator del 2 --force >/dev/null 2>&1"
ikt_target ses-a 4M portal=1,initiator=1 || ikt_die "target ses-a"
ikt_cfg target add ses-b --group portal=1,initiator=2 >/dev/null ||
	ikt_die "target ses-b"
ikt_on_exit "ikt_cfg target del ses-b --force >/dev/null 2>&1"
iqn=$(ikt_iqn ses-a)

# the alias reaches the initiator as the TargetAlias login key (open-iscsi
# keeps it nowhere to read: a bare initiator, which ses-b's group admits)
ikt_cfg target set ses-b --alias "Session disk B" >/dev/null ||
	ikt_die "target set --alias"
alias_seen() {
	local o
	o=$(timeout 30 python3 "$IKT_TOP/selftests/iscsi_raw.py" login \
		"$(ikt_iqn ses-b)" 00023d0000a1 2>&1)
	grep -qx "target-alias Session disk B" <<<"$o" && return 0
	echo "$o"
	return 1
}
ikt_check "the alias reaches the initiator as TargetAlias" alias_seen
no_session() {
	[ "$(ikt_cfg -j session show | jq length)" = 0 ]
}
ikt_check "its session ended with its connection" ikt_retry 50 no_session
ikt_node ses-a || ikt_die "node ses-a"
ikt_check "login" ikt_login ses-a || ikt_die "cannot log in"

connected() { ikt_cfg -j initiator show "$1" | jq -c '.[0].connected'; }
ikt_check "initiator show -j: connected through group 1" \
	test "$(connected 1)" = "[\"$me\"]"
ikt_check "initiator show -j: not through group 2, which ses-a does not use" \
	test "$(connected 2)" = "[]"
ikt_check "initiator show: group 1 lists it as CONNECTED" \
	grep -qE "^1 +$me +$me +-\$" <<<"$(ikt_cfg initiator show)"
ikt_logout ses-a
not_connected() { [ "$(connected 1)" = "[]" ]; }
ikt_check "initiator show -j: not connected after logout" \
	ikt_retry 50 not_connected
ikt_check "login again" ikt_login ses-a || ikt_die "cannot log in again"
dev=$(ikt_disk ses-a) || ikt_fail "no disk"

table=$(ikt_cfg session show)
ikt_log "session show:"
printf '%s\n' "$table" | sed 's/^/#   /'
ikt_check "session show names the initiator and the target" \
	grep -qE "[[:space:]]$me[[:space:]]+$iqn[[:space:]]" <<<"$table"

json=$(ikt_cfg -j session show)
sel='.[] | select(.target == $t)'
jqs() { jq -r --arg t "$iqn" "$sel | $1" <<<"$json"; }
ikt_check "session show -j: one session to the target" \
	test "$(jqs .tsih | wc -l)" = 1
ikt_check "session show -j: initiator name" test "$(jqs .initiator)" = "$me"
ikt_check "session show -j: TSIH is not 0" test "$(jqs .tsih)" != 0
ikt_check "session show -j: one connection from 127.0.0.1 to :3260" \
	test "$(jqs '.connections[] | "\(.peer|sub(":[0-9]+$"; "")) \(.local) \(.portal)"')" = \
	"127.0.0.1 127.0.0.1:3260 1"

# What was negotiated, as the initiator sees it: its MaxRecv is our Xmit.
neg=$(iscsiadm -m session -P 2 2>/dev/null)
ini() { awk -v k="$1:" '$1 == k { print $2; exit }' <<<"$neg"; }
yn() { [ "$1" = true ] && echo Yes || echo No; }
conn() { jqs ".connections[0].$1"; }
ikt_check "session show -j: MaxRecvDataSegmentLength as negotiated" \
	test "$(conn max_recv_data_segment_length)" = "$(ini MaxXmitDataSegmentLength)"
ikt_check "session show -j: MaxXmitDataSegmentLength as negotiated" \
	test "$(conn max_xmit_data_segment_length)" = "$(ini MaxRecvDataSegmentLength)"
ikt_check "session show -j: FirstBurstLength as negotiated" \
	test "$(conn first_burst_length)" = "$(ini FirstBurstLength)"
ikt_check "session show -j: MaxBurstLength as negotiated" \
	test "$(conn max_burst_length)" = "$(ini MaxBurstLength)"
ikt_check "session show -j: ImmediateData as negotiated" \
	test "$(yn "$(conn immediate_data)")" = "$(ini ImmediateData)"
ikt_check "session show -j: InitialR2T as negotiated" \
	test "$(yn "$(conn initial_r2t)")" = "$(ini InitialR2T)"

# Counters: a 64 KiB read adds a command and its bytes; a refused
# command counts as an error.
before=$(ikt_cfg -j session show)
dd if="$dev" of=/dev/null bs=64k count=1 iflag=direct status=none
sg_raw "$dev" ff 00 00 00 00 00 >/dev/null 2>&1
json=$(ikt_cfg -j session show)
cnt() { jq -r --arg t "$iqn" "$sel | .connections[0].$1" <<<"$2"; }
ikt_check "session show -j: commands counted" \
	test "$(cnt commands "$json")" -ge $(($(cnt commands "$before") + 2))
ikt_check "session show -j: the refused command counted as an error" \
	test "$(cnt command_errors "$json")" -gt "$(cnt command_errors "$before")"
ikt_check "session show -j: the read's bytes counted as sent" \
	test "$(cnt tx_bytes "$json")" -ge $(($(cnt tx_bytes "$before") + 65536))
ikt_check "session show -j: bytes received counted" \
	test "$(cnt rx_bytes "$json")" -gt "$(cnt rx_bytes "$before")"

out=$(ikt_cfg target del ses-a 2>&1)
rc=$?
ikt_check "target del without --force refused" test "$rc" = 1
ikt_check "target del without --force says busy" \
	grep -qi busy <<<"$out" || printf '%s\n' "$out" | sed 's/^/#   /'
ikt_check "target still there" ikt_cfg target show ses-a
ikt_check "I/O still works" dd if="$dev" of=/dev/null bs=4k count=16 \
	iflag=direct status=none

ikt_check "target del --force" ikt_cfg target del ses-a --force
ikt_check "session gone from session show" ikt_retry 50 no_session
initiator_dropped() {
	local s
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/targetname" 2>/dev/null)" = "$iqn" ] || continue
		[ "$(cat "$s/state")" != LOGGED_IN ] && return 0
	done
	return 1
}
ikt_check "initiator's session left LOGGED_IN" ikt_retry 50 initiator_dropped
ikt_check "I/O fails after the target is gone" \
	bash -c "! timeout 60 dd if=$dev of=/dev/null bs=4k count=1 skip=100 iflag=direct status=none"
ikt_logout ses-a

ikt_check "rmmod with no sessions left" rmmod iscsikt
ikt_check "module reloads" ikt_load
ikt_done
