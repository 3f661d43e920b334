#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where a queue depth 1 I/O spends its time, target by target: in the
# guest, serves a tmpfs image from each target in turn, runs 4k random
# writes and reads at queue depth 1 with the function tracer on the hops
# of an I/O (initiator, TCP, the target's own) and the scheduler's
# switch and wake-up events, and writes TARGET-trace-RW.txt and
# TARGET-fio-RW.json to $IKT_RESULTS for scripts/bench/qd1-hops.py.
# With --split it traces only the initiator's send of each command and
# its completion of the answer, which adds little, and also runs fio
# untraced (TARGET-fio-RW-plain.json): what the target's side of an I/O
# costs and what every target's I/O costs alike.
# With --pin, fio and the initiator's sending worker (the iscsi_q_N
# workqueue) run on CPU 0 only, so that a command reaches the target
# without a wake-up of the other vCPU; the targets place their own work
# as they do by themselves.
# Run from the host (see Documentation/benchmark.rst):
#
#   scripts/vm/run.sh --kver KVER --no-slub-debug --results DIR -- \
#       "$PWD/scripts/bench/qd1-trace.sh" [--split] [--pin] [TARGET...]
#
# The targets default to iscsikt and lio.
. "$IKT_TOP/scripts/bench/targets.sh"

tr=/sys/kernel/tracing
hops_initiator="__x64_sys_io_submit iscsi_queuecommand iscsi_xmitworker
 iscsi_sw_tcp_pdu_xmit tcp_v4_rcv iscsi_sw_tcp_data_ready iscsi_complete_pdu
 scsi_done blk_mq_complete_request __x64_sys_io_getevents"
hops_iscsikt="ikt_conn_data_ready ikt_conn_io_work_near ikt_conn_io_work
 ikt_cmd_start ikt_rx_data_piece ikt_cmd_data_done ikt_cmd_io_work
 ikt_backend_read ikt_backend_write ikt_cmd_io_finish ikt_tx_one"
hops_lio="iscsit_process_scsi_cmd iscsit_execute_cmd target_execute_cmd
 fd_execute_rw target_complete_cmd target_complete_ok_work
 iscsit_add_cmd_to_response_queue iscsit_xmit_pdu"
hops_tgt=""

split=0 pin=()
while [ $# -gt 0 ]; do
	case "$1" in
	--split)
		split=1
		# The I/O's start, and the two ends of the target's side.
		hops_initiator="__x64_sys_io_submit iscsi_sw_tcp_pdu_xmit
 iscsi_complete_pdu"
		hops_iscsikt='' hops_lio='' ;;
	--pin) pin=(--cpus_allowed=0) ;;
	*) break ;;
	esac
	shift
done

ikt_require_cmd fio
ikt_scratch /bench 600M || ikt_die "tmpfs for the image"
fallocate -l 256M /bench/disk.img || ikt_die "image"
ikt_iscsid_start
ikt_node disk || ikt_die "open-iscsi node record"
mountpoint -q $tr || mount -t tracefs tracefs $tr || ikt_die tracefs

qd1() {	# qd1 DEV RW SECONDS [fio option...]
	fio --name=qd1 --filename="$1" --rw="$2" --bs=4k --iodepth=1 \
		--ioengine=libaio --direct=1 --time_based --runtime="$3" \
		--size=256M "${pin[@]}" "${@:4}" >/dev/null
}

# pin_initiator DEV: its host's sending workqueue on CPU 0 (--pin only)
pin_initiator() {
	local host wq

	[ ${#pin[@]} -gt 0 ] || return 0
	host=$(readlink -f "/sys/block/${1#/dev/}") &&
		host=$(grep -o '/host[0-9]*/' <<<"$host") &&
		wq=/sys/devices/virtual/workqueue/iscsi_q_${host//[^0-9]/} &&
		echo 1 >"$wq/cpumask"
}

trace_target() {	# trace_target TARGET
	local t=$1 d f rw hops=hops_$1 sched=$((!split))
	"${t}_start" file /bench/disk.img || { ikt_fail "$t start"; return; }
	if ikt_login disk && d=$(ikt_disk disk); then
		echo none >"/sys/block/${d#/dev/}/queue/scheduler"
		pin_initiator "$d" || ikt_fail "$t: pin the initiator"
		echo 0 >$tr/tracing_on
		echo function >$tr/current_tracer
		echo 16384 >$tr/buffer_size_kb
		: >$tr/set_ftrace_filter
		for f in $hops_initiator ${!hops}; do
			echo "$f" >>$tr/set_ftrace_filter 2>/dev/null ||
				ikt_log "$t: no function $f to trace"
		done
		echo $sched >$tr/events/sched/sched_switch/enable
		echo $sched >$tr/events/sched/sched_wakeup/enable
		for rw in randwrite randread; do
			qd1 "$d" $rw 2 || ikt_fail "$t: fio $rw warm-up"
			rm -f "$IKT_RESULTS/$t-fio-$rw-plain.json"
			[ $split = 0 ] || qd1 "$d" $rw 3 --output-format=json \
				--output="$IKT_RESULTS/$t-fio-$rw-plain.json" ||
				ikt_fail "$t: fio $rw untraced"
			echo >$tr/trace
			echo 1 >$tr/tracing_on
			qd1 "$d" $rw 3 --output-format=json \
				--output="$IKT_RESULTS/$t-fio-$rw.json" ||
				ikt_fail "$t: fio $rw"
			echo 0 >$tr/tracing_on
			cp $tr/trace "$IKT_RESULTS/$t-trace-$rw.txt"
		done
		echo 0 >$tr/events/sched/sched_switch/enable
		echo 0 >$tr/events/sched/sched_wakeup/enable
		echo nop >$tr/current_tracer
		ikt_logout disk || ikt_fail "$t: logout"
	else
		ikt_fail "$t: login"
		ikt_logout disk
	fi
	"${t}_stop"
}

targets=("$@")
[ $# -gt 0 ] || targets=(iscsikt lio)
for t in "${targets[@]}"; do
	trace_target "$t"
done
ikt_done
