#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Full feature phase housekeeping, with a bare initiator (iscsi_raw.py):
# a silent connection is pinged with NOP-In and closed after
# nopin_interval + nopin_timeout, one that echoes the pings stays; a second
# login with the same initiator and ISID replaces the first session
# (reinstatement); a forced target delete asks the initiator to log out
# with an Async Message and the initiator's logout ends the session.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd python3 jq
ikt_load || ikt_die "cannot load iscsikt"
raw="python3 $(dirname "$0")/iscsi_raw.py"
params=/sys/module/iscsikt/parameters
old_interval=$(cat $params/nopin_interval)
old_timeout=$(cat $params/nopin_timeout)
ikt_on_exit "echo $old_interval >$params/nopin_interval; echo $old_timeout >$params/nopin_timeout"
# Seconds; the debug kernel needs longer to log in and list sessions.
iv=2
ikt_debug_kernel && iv=5
echo $iv >$params/nopin_interval
echo $iv >$params/nopin_timeout

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target ffp-a 4M portal=1 || ikt_die "target ffp-a"
iqn=$(ikt_iqn ffp-a)
out=/tmp/ikt-ffp.out
nsessions() { ikt_cfg -j session show | jq length; }

# A silent peer: pinged after $iv s, closed $iv s later.
$raw silent "$iqn" 023d00000001 >$out 2>&1 &
pid=$!
ikt_retry 25 grep -q logged-in $out || ikt_fail "silent client: no login"
ikt_check "silent client: session listed" test "$(nsessions)" = 1
wait $pid
cat $out | sed 's/^/#   /'
ikt_check "silent client: pinged with a NOP-In" grep -q '^nop-in ' $out
secs=$(sed -n 's/^closed //p' $out)
ikt_check "silent client: closed within interval + timeout (${secs}s)" \
	awk -v s="${secs:-99}" -v iv=$iv \
	'BEGIN { exit !(s >= 2 * iv - 1 && s <= 2 * iv + 2) }'
ikt_check "silent client: session gone" ikt_retry 25 test "$(nsessions)" = 0

# A peer that answers the pings stays connected.
ikt_check "echoing client stays $((3 * iv + 1)) s" bash -c \
	"$raw echo $iqn 023d00000002 $((3 * iv + 1)) | tee $out | grep -q '^done'"
ikt_check "echoing client was pinged" grep -q '^nop-in ' $out
echo 0 >$params/nopin_interval

# Reinstatement: the second login with the same ISID ends the first.
$raw hold "$iqn" 023d00000003 >$out 2>&1 &
pid=$!
ikt_retry 25 grep -q logged-in $out || ikt_fail "first session: no login"
$raw hold "$iqn" 023d00000003 >$out.2 2>&1 &
pid2=$!
ikt_retry 25 grep -q logged-in $out.2 || ikt_fail "second session: no login"
wait $pid
ikt_check "reinstatement: the first connection was closed" grep -q '^closed' $out
ikt_check "reinstatement: one session left" test "$(nsessions)" = 1

# A forced delete asks for a logout first; the initiator obeys.
$raw logout-on-async "$iqn" 023d00000004 >$out.3 2>&1 &
pid3=$!
ikt_retry 25 grep -q logged-in $out.3 || ikt_fail "async client: no login"
start=$(date +%s%N)
ikt_check "target del --force" ikt_cfg target del ffp-a --force
ms=$((($(date +%s%N) - start) / 1000000))
wait $pid3 $pid2
sed 's/^/#   /' $out.3
ikt_check "async: logout requested" grep -q '^async 1' $out.3
ikt_check "async: logout answered" grep -q '^logout-rsp 0' $out.3
ikt_check "async: the connection closed" grep -q '^closed' $out.3
ikt_check "the holding client (no logout) was closed after the grace period" \
	grep -q '^closed' $out.2
ikt_log "target del --force took ${ms} ms"
bound=5000
ikt_debug_kernel && bound=15000
ikt_check "target del --force bounded (${ms} ms)" test "$ms" -lt $bound
ikt_check "no session left" test "$(nsessions)" = 0
rm -f $out $out.2 $out.3
ikt_done
