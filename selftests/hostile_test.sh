#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile peers (iscsi_hostile.py): malformed, truncated, oversized and
# out-of-order PDUs and login sequences, crafted and then random (mutated
# valid PDUs, seeded).  Each ends with a Reject, a response or a closed
# connection within a bounded wait; logins that never finish are closed by
# the login timeout; a bystander session on another target runs commands
# every 0.5 s throughout and sees no error; at the end a fresh login works
# and only the bystander's session is listed.  run_suite.sh fails the test
# on any kernel warning.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd python3 jq
ikt_load || ikt_die "cannot load iscsikt"
hostile="python3 $(dirname "$0")/iscsi_hostile.py"

# Seconds: the longest wait for an answer, the random run, and the login
# timeout (a module parameter) with the slack a close may take.
export IKT_HOSTILE_WAIT=3
random_secs=20
tmo=10 slack=5
if ikt_debug_kernel; then
	IKT_HOSTILE_WAIT=10
	slack=15
fi
param=/sys/module/iscsikt/parameters/login_timeout
ikt_on_exit "echo $(cat $param) >$param"
echo $tmo >$param
login_min=$((tmo - 1)) login_max=$((tmo + slack))

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target hostile-a 4M portal=1 || ikt_die "target hostile-a"
ikt_target hostile-b 4M portal=1 || ikt_die "target hostile-b"
victim=$(ikt_iqn hostile-a)
bystander_isid=023d0000b0b0
out=/tmp/ikt-hostile
mkdir -p $out
ikt_on_exit "rm -rf $out"

# The bystander, and two logins that never finish, run throughout.
$hostile bystander "$(ikt_iqn hostile-b)" $bystander_isid $out/stop \
	>$out/bystander 2>&1 &
bystander=$!
ikt_on_exit "touch $out/stop; kill $bystander 2>/dev/null; wait $bystander 2>/dev/null"
ikt_retry 50 grep -q logged-in $out/bystander ||
	ikt_die "bystander: no login ($(cat $out/bystander))"
$hostile stall "$victim" silent >$out/stall-silent 2>&1 &
stall1=$!
$hostile stall "$victim" half >$out/stall-half 2>&1 &
stall2=$!
ikt_on_exit "kill $stall1 $stall2 2>/dev/null"

# run NAME ARGS...: one group of cases; every case's outcome is logged.
run() {
	local name=$1 rc
	shift
	$hostile "$@" "$victim" >$out/$name 2>&1
	rc=$?
	sed 's/^/#   /' $out/$name
	ikt_check "$name cases" test $rc = 0 &&
		ikt_check "$name: no FAIL line" ikt_not grep -q '^FAIL' $out/$name
}
run login login
run ffp ffp
seed=${IKT_HOSTILE_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
$hostile random "$victim" $random_secs "$seed" >$out/random 2>&1
rc=$?
sed 's/^/#   /' $out/random
ikt_check "random: seed $seed" test $rc = 0

for s in silent half; do
	pid=$stall1
	[ $s = half ] && pid=$stall2
	wait $pid
	secs=$(sed -n 's/^closed //p' $out/stall-$s)
	ikt_check "login never finished ($s): closed by the login timeout (${secs:-never} s)" \
		awk -v s="${secs:-999}" -v lo=$login_min -v hi=$login_max \
		'BEGIN { exit !(s >= lo && s <= hi) }'
done

sessions() { ikt_cfg -j session show | jq -r '.[] | "\(.target) \(.isid)"'; }
only_bystander() {
	[ "$(sessions)" = "$(ikt_iqn hostile-b) $bystander_isid" ]
}
ikt_check "only the bystander's session is left" ikt_retry 50 only_bystander ||
	sessions | sed 's/^/#   /'
$hostile probe "$victim" 023d0000c0c0 >$out/probe 2>&1
rc=$?
sed 's/^/#   /' $out/probe
ikt_check "a fresh login works afterwards (exit $rc)" test $rc = 0

touch $out/stop
wait $bystander
rc=$?
sed 's/^/#   /' $out/bystander
ikt_check "the bystander saw no error (exit $rc)" test $rc = 0
ikt_check "no session left" ikt_retry 50 test -z "$(sessions)"
ikt_done
