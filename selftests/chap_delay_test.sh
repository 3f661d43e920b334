#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A failed CHAP authentication is answered only after auth_fail_delay_ms
# (chap_guess.py, a raw CHAP initiator that times the answer): a wrong
# secret or an unknown user waits at least the delay, the right secret is
# answered at once, parallel guesses all wait and are all refused, a peer
# that leaves during the delay leaves no connection, the delay never
# outlasts the login timeout, a flood of guesses stays within the cap of
# logins and the login timeout, 0 answers at once, and "service stop"
# ends a login that is being delayed.
# On the debug kernel in CI, chap_test takes the delayed path instead.
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd python3 jq
ikt_load || ikt_die "cannot load iscsikt"
guess="python3 $(dirname "$0")/chap_guess.py"
params=/sys/module/iscsikt/parameters
ikt_on_exit "[ -d $params ] && echo $(cat $params/auth_fail_delay_ms) >$params/auth_fail_delay_ms"
ikt_on_exit "[ -d $params ] && echo $(cat $params/login_timeout) >$params/login_timeout"
delay() { echo "$1" >$params/auth_fail_delay_ms; }
echo 15 >$params/login_timeout

user=u1 secret=chap-secret-01
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_cfg auth add --tag 1 --user $user --secret - <<<"$secret" >/dev/null ||
	ikt_die "auth tag 1"
ikt_on_exit 'for id in $(ikt_cfg -j auth show 2>/dev/null | jq -r ".[].id"); do ikt_cfg auth del $id --force >/dev/null; done'
ikt_target chp-delay 1M portal=1,auth=chap,tag=1 || ikt_die "target"
iqn=$(ikt_iqn chp-delay)
out=/tmp/ikt-chap-delay
mkdir -p $out
ikt_on_exit "rm -rf $out"

# try NAME MODE ARGS...: run chap_guess.py into $out/NAME and log how
# many lines gave each outcome, and in how many seconds.
try() {
	local name=$1
	shift
	$guess "$@" >$out/$name 2>&1
	awk -v n="$name" '
		$NF ~ /^[0-9.]+$/ {
			t = $NF; $NF = ""; sub(/ $/, "")
			if (!($0 in lo) || t < lo[$0]) lo[$0] = t
			if (!($0 in hi) || t > hi[$0]) hi[$0] = t
		}
		{ c[$0]++ }
		END {
			for (k in c)
				printf "# %s: %d x %s%s\n", n, c[k], k,
					k in lo ? " (" lo[k] "-" hi[k] " s)" : ""
		}' $out/$name
}
# outcome FILE WHAT [MIN [MAX]]: every line of FILE is WHAT ("ok" or
# "refused 2 1") taking at least MIN and less than MAX seconds.
outcome() {
	[ -s "$1" ] && awk -v w="$2" -v lo="${3:-0}" -v hi="${4:-1e9}" '
		{ secs = $NF; $NF = ""; sub(/ $/, "") }
		$0 != w || secs < lo || secs >= hi { bad = 1 }
		END { exit bad }' "$1"
}
conns() { [ "$(ikt_cfg -j status | jq ".[0].connections")" = "$1" ]; }

# A lower bound on a delay is exact: jiffies round it up, never down.
delay 4000
try wrong login "$iqn" $user chap-secret-99
ikt_check "a wrong secret is refused (2/1) after at least 4 s" \
	outcome $out/wrong "refused 2 1" 3.95
try right login "$iqn" $user $secret
ikt_check "the right secret right after logs in, well before the delay" \
	outcome $out/right ok 0 3
try unknown login "$iqn" u9 $secret
ikt_check "an unknown user is refused after the delay too" \
	outcome $out/unknown "refused 2 1" 3.95

n=8
try parallel parallel $n "$iqn" $user chap-secret-98
ikt_check "$n parallel wrong guesses: $(grep -c refused $out/parallel) refused, each after the delay" \
	outcome $out/parallel "refused 2 1" 3.95
ikt_check "all $n answered" test "$(wc -l <$out/parallel)" = $n
ikt_check "no connection left after the guesses" ikt_within 10 conns 0

# Gone as soon as the peer is, not when the delay ends.
delay 30000
try leave leave "$iqn" $user chap-secret-97
ikt_check "a peer leaving during the delay leaves no connection" \
	ikt_within 10 conns 0

# The login timeout bounds the delay.
delay 60000
echo 3 >$params/login_timeout
try capped login "$iqn" $user chap-secret-96
ikt_check "a 60 s delay is cut to the 3 s login timeout" \
	outcome $out/capped "refused 2 1" 1 10
echo 15 >$params/login_timeout

# A flood of wrong guesses: 64 guesses wait out their delay (cut to the
# login timeout) in their login slots (IKT_MAX_LOGINS), so further
# connections meanwhile are closed at accept; the login timeout still
# ends every guess.  All 64 must be waiting before the first one's login
# timeout: on the debug kernel that takes longer than 15 s.
# The 64 answers are all due at the same moment: sending them and
# closing 64 connections takes seconds on the debug kernel (5.5 s seen).
tmo=15 slack=5
ikt_debug_kernel && tmo=60 slack=15
echo $tmo >$params/login_timeout
try flood flood 64 8 "$iqn" $user chap-secret-92
ikt_check "64 waiting guesses: $(grep -c "^refused 2 1 " $out/flood) refused" \
	test "$(grep -c "^refused 2 1 " $out/flood)" = 64
ikt_check "8 more logins meanwhile: $(grep -c "^late closed " $out/flood) closed at once" \
	test "$(grep -c "^late closed " $out/flood)" = 8
ikt_check "each answered within the ${tmo} s login timeout (+$slack s)" \
	awk -v t=$((tmo + slack)) '$NF >= t { bad = 1 } END { exit bad }' $out/flood
ikt_check "no connection left after the flood" ikt_within 10 conns 0

delay 0
try zero login "$iqn" $user chap-secret-95
ikt_check "auth_fail_delay_ms=0 refuses at once" \
	outcome $out/zero "refused 2 1" 0 3

# Service stop (which unloads the module) while a refusal is being held.
delay 60000
$guess hold "$iqn" $user chap-secret-94 >$out/hold 2>&1 &
hold=$!
ikt_on_exit "kill $hold 2>/dev/null"
ikt_retry 50 grep -q waiting $out/hold || ikt_fail "hold: $(cat $out/hold)"
ikt_check "service stop during the delay" ikt_cfg service stop
ikt_check "module unloaded" ikt_not ikt_module_loaded
wait $hold
sed "s/^/# hold: /" $out/hold
ikt_check "the held login is closed, not answered" grep -q "^closed" $out/hold
ikt_load || ikt_die "cannot load iscsikt again"
ikt_done
