# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# tgt (the user-space target daemon) for the benchmark.
#
#   tgt_start KIND PATH   tgtd serving PATH (image or block device, the
#                         default rdwr backing store) as LUN 1 of $BENCH_IQN;
#                         LUN 0 is tgt's own controller LUN
#   tgt_stop              stop tgtd
#   tgt_lun               the LUN number initiators use

_tgt_pid=

tgt_lun() { echo 1; }

_tgt_adm() { tgtadm --lld iscsi "$@" >/dev/null; }

_tgt_gone() { ! kill -0 "$_tgt_pid" 2>/dev/null; }

_tgt_up() { _tgt_adm --op show --mode target 2>/dev/null; }

tgt_start() {
	local path=$2
	mkdir -p /run/tgtd /var/run/tgtd 2>/dev/null
	# Its own process group, like iscsid: nothing it signals reaches us.
	setsid tgtd -f \
		>"$IKT_RESULTS/tgtd.log" 2>&1 &
	_tgt_pid=$!
	ikt_retry 50 _tgt_up || return 1
	_tgt_adm --op new --mode target --tid 1 -T "$BENCH_IQN" &&
		_tgt_adm --op new --mode logicalunit --tid 1 --lun 1 -b "$path" &&
		_tgt_adm --op bind --mode target --tid 1 -I ALL
}

tgt_stop() {
	[ -n "$_tgt_pid" ] || return 0
	# tgtd does not end on SIGTERM while it has targets: ask it to.
	timeout 10 tgtadm --op delete --mode system >/dev/null 2>&1
	ikt_retry 50 _tgt_gone || kill -KILL "$_tgt_pid" 2>/dev/null
	wait "$_tgt_pid" 2>/dev/null
	_tgt_pid=
}
