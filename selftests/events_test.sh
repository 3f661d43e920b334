#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Events: "iscsicfg monitor -j" sees every configuration change with its
# key and never an auth secret; an open-iscsi login then its logout with
# the initiator's name and TSIH (and no discovery session); a logout when
# the connection is dropped without a Logout PDU, when a forced target
# delete ends the session, and when the module unloads; a user without
# CAP_NET_ADMIN is refused the subscription with EPERM.
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd jq iscsiadm python3 capsh rmmod
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start
me=$(ikt_our_initiator)
[ -n "$me" ] || ikt_die "no InitiatorName in /etc/iscsi/initiatorname.iscsi"
raw="python3 $(dirname "$0")/iscsi_raw.py"
raw_ini=iqn.2026-11.org.iscsikt.raw:client

ev=/tmp/ikt-events.json
ikt_cfg monitor -j >"$ev" 2>"$ev.err" &
mon=$!
ikt_on_exit "kill $mon 2>/dev/null; cp $ev $ev.err \"\${IKT_RESULTS:-/tmp}/\" 2>/dev/null"

# The events matching a jq condition (jq's --arg k: $2).
events() { jq -c --arg k "${2:-}" "select($1)" "$ev"; }
has_event() { [ -n "$(events "$1" "${2:-}")" ]; }
# Wait (10 s at most) for an event.
wait_event() { ikt_retry 50 has_event "$1" "${2:-}"; }
cfg_event() {
	wait_event ".event == \"config\" and .op == \"$1\" and .object == \"$2\" and .key == \$k" "$3"
}

# Subscribed once a change made after the start shows up.
sync_monitor() {
	ikt_cfg global set --alua off >/dev/null
	has_event '.object == "global"'
}
ikt_retry 50 sync_monitor || ikt_die "the monitor sees no event ($(cat "$ev.err"))"
ikt_log "monitor subscribed"

# --- (a) configuration changes, by key; secrets never appear ---
secret=EvSecret-4242
secret2=EvSecret-7777
iqn=$(ikt_iqn ev-a)

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_check "portal add: event with its tag" cfg_event add portal 1
ikt_cfg portal set 1 --comment events >/dev/null
ikt_check "portal set: event" cfg_event set portal 1

# One line per event without -j; --count ends it.
txt=/tmp/ikt-events.txt
ikt_cfg monitor --count 1 --timeout 30 >"$txt" 2>&1 &
one=$!
human_seen() {
	ikt_cfg portal set 1 --comment human >/dev/null
	grep -q . "$txt"
}
ikt_retry 50 human_seen
wait "$one"
ikt_check "monitor --count 1: exits 0 after one event" test $? = 0
ikt_check "monitor: a human line ($(cat "$txt"))" \
	grep -qx 'set    portal  1' "$txt"

ikt_target ev-a 4M portal=1 || ikt_die "target ev-a"
ikt_check "extent add: event with its name" cfg_event add extent ev-a
ikt_check "target add: event with its full name" cfg_event add target "$iqn"
ikt_check "lun add: event keyed target/LUN" cfg_event add lun "$iqn/0"
ikt_cfg target set ev-a --alias evalias >/dev/null
ikt_check "target set: event" cfg_event set target "$iqn"
ikt_cfg extent set ev-a --comment evcomment >/dev/null
ikt_check "extent set: event" cfg_event set extent ev-a

ikt_cfg extent add ev-b --file /tmp/ikt-ev-b.img --size 1M >/dev/null ||
	ikt_fail "extent ev-b"
ikt_cfg lun add ev-a ev-b --lun 1 >/dev/null || ikt_fail "lun 1"
ikt_cfg lun del ev-a 1 >/dev/null || ikt_fail "lun del"
ikt_check "lun del: event" cfg_event del lun "$iqn/1"
ikt_cfg extent del ev-b >/dev/null || ikt_fail "extent del"
rm -f /tmp/ikt-ev-b.img
ikt_check "extent del: event" cfg_event del extent ev-b

out=$(ikt_cfg auth add --tag 5 --user evuser --secret - <<<"$secret")
aid=$(grep -o '[0-9]\+' <<<"$out" | head -n 1)
ikt_check "auth add: event with its id ($out)" cfg_event add auth "$aid"
ikt_cfg auth set "$aid" --secret - <<<"$secret2" >/dev/null
ikt_check "auth set: event" cfg_event set auth "$aid"
ikt_cfg auth del "$aid" >/dev/null
ikt_check "auth del: event" cfg_event del auth "$aid"
ikt_check "no event carries a secret" \
	ikt_not grep -qF -e "$secret" -e "$secret2" "$ev"
ikt_check "auth events name the user only" \
	test "$(events '.object == "auth"' | wc -l)" = 3

# --- (b) open-iscsi logs in and out ---
ikt_node ev-a || ikt_die "node ev-a"
ikt_check "login" ikt_login ev-a || ikt_die "cannot log in"
login='.event == "login" and .session.initiator == $k'
ikt_check "login event names the initiator" wait_event "$login" "$me"
tsih=$(events "$login" "$me" | jq -r .session.tsih | tail -n 1)
ikt_check "login event: its TSIH is the session's ($tsih)" \
	test "$(ikt_cfg -j session show | jq -r '.[0].tsih')" = "$tsih"
ikt_check "login event: target and a peer address" test \
	"$(events "$login" "$me" | jq -r '"\(.session.target) \(.session.connections[0].peer|sub(":[0-9]+$"; ""))"' | tail -n 1)" = \
	"$iqn 127.0.0.1"
ikt_check "no event for the discovery session" \
	ikt_not has_event '(.event == "login" or .event == "logout") and .session.target == null'
ikt_logout ev-a
logout='.event == "logout" and .session.initiator == $k and .session.tsih == '
ikt_check "logout event with the same TSIH" \
	wait_event "$logout$tsih" "$me"
ikt_check "login came before logout" test "$(jq -r \
	'select(.session.tsih == '"$tsih"') | .event' "$ev" | tr '\n' ' ')" = \
	"login logout "

# --- (c) the connection drops without a Logout PDU ---
# A bare initiator that answers pings until killed or closed.
hold() {
	$raw echo "$iqn" "$1" 300 >"/tmp/ikt-hold-$1" 2>&1 &
	echo $!
}
held() { grep -q '^logged-in' "/tmp/ikt-hold-$1"; }
pid=$(hold 023d00000001)
ikt_retry 50 held 023d00000001 || ikt_fail "raw initiator: no login"
ikt_check "raw login: event" wait_event "$login" "$raw_ini"
tsih=$(events "$login" "$raw_ini" | jq -r .session.tsih | tail -n 1)
kill -9 "$pid"
wait "$pid" 2>/dev/null
ikt_check "connection dropped: logout event (TSIH $tsih)" \
	wait_event "$logout$tsih" "$raw_ini"

# --- (d) without CAP_NET_ADMIN: refused ---
noadmin=$(capsh --drop=cap_net_admin -- -c \
	"LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg monitor --timeout 1" 2>&1)
rc=$?
ikt_log "without CAP_NET_ADMIN: $noadmin (exit $rc)"
ikt_check "without CAP_NET_ADMIN: monitor fails" test "$rc" = 1
ikt_check "without CAP_NET_ADMIN: EPERM, and says why" \
	grep -q "Operation not permitted (CAP_NET_ADMIN is required)" <<<"$noadmin"

# --- a forced target delete ends the session: logout ---
pid=$(hold 023d00000002)
ikt_retry 50 held 023d00000002 || ikt_fail "raw initiator: no login"
ikt_check "raw login again: event" wait_event "$login" "$raw_ini"
tsih=$(events "$login" "$raw_ini" | jq -r .session.tsih | tail -n 1)
ikt_cfg target del ev-a --force >/dev/null || ikt_fail "forced delete"
ikt_check "forced delete: target del event" cfg_event del target "$iqn"
ikt_check "forced delete: logout event (TSIH $tsih)" \
	wait_event "$logout$tsih" "$raw_ini"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

# --- module unload ends the session: logout, announced before it goes ---
ikt_target ev-c 4M portal=1 || ikt_die "target ev-c"
iqn=$(ikt_iqn ev-c)
pid=$(hold 023d00000003)
ikt_retry 50 held 023d00000003 || ikt_fail "raw initiator: no login"
ikt_check "raw login to ev-c: event" \
	wait_event "$login and .session.target == \"$iqn\"" "$raw_ini"
tsih=$(events "$login" "$raw_ini" | jq -r .session.tsih | tail -n 1)
ikt_check "module unloads with a session" rmmod iscsikt
ikt_check "unload: logout event (TSIH $tsih)" \
	wait_event "$logout$tsih" "$raw_ini"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
ikt_check "every login has its logout" test \
	"$(jq -r 'select(.event == "login") | .session.tsih' "$ev" | sort)" = \
	"$(jq -r 'select(.event == "logout") | .session.tsih' "$ev" | sort)"
ikt_log "events seen: $(wc -l <"$ev")"
ikt_load || ikt_fail "cannot load iscsikt again"
ikt_done
