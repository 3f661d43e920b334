#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Initiators that vanish mid-write.  A bare initiator (iscsi_io.py) writes
# a verifiable pattern with commands in flight and logs every write the
# target acknowledged; then it disappears:
#   reset   killed with SIGKILL, its socket set to reset (SO_LINGER 0): RST
#   netns   in its own network namespace (veth pair, the portal listening
#           on the root end), killed, the namespace deleted at once
#   silent  in its own namespace, its link taken down first, then killed
#           and the namespace deleted: no FIN, no RST ever reaches the
#           target, which notices through its NOP-In ping (lowered here to
#           2 s + 3 s through the module parameters)
# Each time the target releases the session within a stated bound (session
# show and status list nothing), and a new login from the root namespace
# reads back every block the vanished initiator had acknowledged.
# run_suite.sh adds: no kernel report, and (debug kernel) no kmemleak leak.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd python3 ip
ikt_require_module veth
ikt_load || ikt_die "cannot load iscsikt"
io=(python3 "$(dirname "$0")/iscsi_io.py")
export IKT_IO_WAIT=10

ns=ikt-vanish root_addr=10.251.0.1 ns_addr=10.251.0.2
# Seconds the target may take to release a session: after a reset, and
# after a silent vanish (nopin_interval + nopin_timeout + slack).
reset_bound=10 silent_bound=20
if ikt_debug_kernel; then
	IKT_IO_WAIT=30
	reset_bound=30 silent_bound=45
fi
for p in nopin_interval=2 nopin_timeout=3; do
	f=/sys/module/iscsikt/parameters/${p%=*}
	ikt_on_exit "echo $(cat "$f") >$f"
	echo "${p#*=}" >"$f"
done

dir=/tmp/ikt-vanish
mkdir -p $dir
ikt_on_exit "rm -rf $dir"

ns_link_up() { ip -n $ns -br link show ikt-vns | grep -qw UP; }
# The namespace with its end of a veth pair; the root end keeps
# $root_addr, which the portal listens on.
netns_up() {
	# The last namespace's veth may still be on its way out.
	ikt_retry 50 ikt_not ip link show ikt-vroot 2>/dev/null &&
	ip netns add $ns &&
	ip link add ikt-vroot type veth peer name ikt-vns netns $ns &&
	ip addr add $root_addr/24 dev ikt-vroot &&
	ip link set ikt-vroot up &&
	ip -n $ns addr add $ns_addr/24 dev ikt-vns &&
	ip -n $ns link set ikt-vns up &&
	ip -n $ns link set lo up &&
	ikt_retry 50 ns_link_up
}
ikt_on_exit "ip netns del $ns 2>/dev/null; ip link del ikt-vroot 2>/dev/null"
netns_up || ikt_die "network namespace with a veth pair"

ikt_cfg portal add --tag 1 --listen 127.0.0.1:3260 \
	--listen $root_addr:3260 >/dev/null || ikt_die "portal"
ikt_on_exit "ikt_cfg portal del 1 --force >/dev/null 2>&1"

# Processes start slowly in the emulated guest: one call per check.
# count SESSIONS CONNECTIONS: what "status" reports
count() {
	[[ "$(ikt_cfg status)" =~ sessions\ +$1.connections\ +$2$ ]]
}
released() { count 0 0; }

# vanish CASE BOUND HOW: start the writer (HOW: reset, netns or silent),
# let it get writes acknowledged, make it vanish, then check the cleanup
# and read back what was acknowledged.
vanish() {
	local c=$1 bound=$2 how=$3 pid start secs acked iqn
	local run=("${io[@]}" write 127.0.0.1)

	ikt_target "van-$c" 128M portal=1 || ikt_die "target van-$c"
	iqn=$(ikt_iqn "van-$c")
	if [ "$how" = reset ]; then
		run+=("$iqn" 023d00000001 "$dir/$c.ack" 600 --linger0)
	else
		run=(ip netns exec "$ns" "${io[@]}" write "$root_addr" "$iqn"
		     023d00000001 "$dir/$c.ack" 600)
	fi
	"${run[@]}" >"$dir/$c.log" 2>&1 &
	pid=$!
	# The first line of the log is the pattern's tag.
	enough_acks() {
		local l
		{ mapfile -t l <"$dir/$c.ack"; } 2>/dev/null
		[ ${#l[@]} -gt 20 ]
	}
	ikt_within 120 eval "enough_acks || ! kill -0 $pid"
	ikt_check "$c: the writer got 20 writes acknowledged" enough_acks ||
		{ sed 's/^/#   /' $dir/$c.log; return; }
	ikt_log "$c: 20 writes acknowledged at $SECONDS s"
	ikt_check "$c: the writer is still writing" kill -0 $pid
	ikt_check "$c: one session, one connection" count 1 1

	[ "$how" = silent ] && ip -n $ns link set ikt-vns down
	start=$SECONDS
	kill -KILL $pid
	wait $pid 2>/dev/null
	acked=$(($(wc -l <$dir/$c.ack) - 1))
	if [ "$how" != reset ]; then
		ikt_check "$c: namespace deleted" ip netns del $ns
	fi
	ikt_check "$c: session and connection released within $bound s" \
		ikt_within $bound released
	secs=$((SECONDS - start))
	ikt_log "$c: $acked writes acknowledged; released after about $secs s"
	released || ikt_cfg session show | sed 's/^/#   /'

	ikt_check "$c: every acknowledged write reads back" \
		"${io[@]}" verify 127.0.0.1 "$iqn" 023d00000002 "$dir/$c.ack"
	ikt_check "$c: target del" ikt_cfg target del "van-$c"
	[ "$how" = netns ] && netns_up
	ikt_log "$c: done at $SECONDS s"
}

vanish reset $reset_bound reset
vanish netns $reset_bound netns
vanish silent $silent_bound silent
ikt_check "nothing left: no session, no connection" released
ikt_done
