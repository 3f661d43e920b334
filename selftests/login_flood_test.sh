#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A login flood: 300 connections that never finish logging in (silent,
# half a BHS, a login request left unanswered).  The target keeps at most
# 64 connections in login and closes the rest at once, kernel memory stays
# within a fixed budget, the login timeout closes every one of them, and
# a real initiator logs in afterwards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd python3 iscsi-inq
ikt_load || ikt_die "cannot load iscsikt"
param=/sys/module/iscsikt/parameters/login_timeout
old=$(cat $param)
ikt_on_exit "echo $old >$param"
tmo=3
ikt_debug_kernel && tmo=8
echo $tmo >$param

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target flood 4M portal=1 || ikt_die "target flood"
out=/tmp/ikt-flood.out
n=300
python3 "$(dirname "$0")/login_flood.py" "$(ikt_iqn flood)" $n \
	$((tmo * 3 + 5)) >$out 2>&1
sed 's/^/#   /' $out
val() { awk -v k="$1" '$1 == k { print $2 }' $out; }
secs() { awk -v k="$1" '$1 == k { print $3 }' $out; }

grew=$(( $(val slab-peak) - $(val slab-before) ))
# 64 connections in login plus 300 client sockets: well under 16 MiB.
ikt_check "slab grew by ${grew} KiB with $n connections open (< 16384)" \
	test "$grew" -lt 16384
ikt_check "connections over the login cap closed at once ($(val refused) of $n)" \
	test "$(val refused)" -ge $((n - 64))
ikt_check "every connection closed ($(val closed) of $n, $(secs closed) s)" \
	test "$(val closed)" = $n
ikt_check "closed by the login timeout (${tmo} s), not before" \
	awk -v s="$(secs closed)" -v t=$tmo \
	'BEGIN { exit !(s >= t - 0.5 && s <= 2 * t + 3) }'
ikt_check "a real initiator logs in after the flood" \
	iscsi-inq "$(ikt_url flood)"
rm -f $out
ikt_done
