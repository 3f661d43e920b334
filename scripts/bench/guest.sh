#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark inside the guest (scripts/bench/run.sh boots it): serves
# the same LUN from each target in turn and measures it; one line per
# measurement goes to $IKT_RESULTS/raw.csv (backing,target,rep,metric,value),
# fio's and iscsi-perf's own output next to it.
#
# Environment: BENCH_RUNTIME (s per fio/iscsi-perf/iperf3 run, default 10),
# BENCH_RAMP (s of fio warm-up, default 1), BENCH_REPS (default 3),
# BENCH_TARGETS (default "iscsikt lio tgt"), BENCH_BACKINGS (default
# "file block"), BENCH_SESSIONS (idle sessions held, default 100),
# BENCH_LOGIN_SECS (length of the login loop, default 5), BENCH_JOBS (what
# to measure, by name: the fio jobs below, iscsi-perf and sessions; default
# all of it).
. "$IKT_TOP/scripts/bench/targets.sh"

runtime=${BENCH_RUNTIME:-10}
ramp=${BENCH_RAMP:-1}
reps=${BENCH_REPS:-3}
targets=${BENCH_TARGETS:-iscsikt lio tgt}
backings=${BENCH_BACKINGS:-file block}
nsessions=${BENCH_SESSIONS:-100}
login_secs=${BENCH_LOGIN_SECS:-5}
jobs=${BENCH_JOBS:-}
py=/usr/bin/python3
set -o pipefail

raw=$IKT_RESULTS/raw.csv
logs=$IKT_RESULTS/logs
start=$SECONDS
# Log lines on the emulated serial console cost the guest CPU time.
dmesg -n 1

ikt_require_cmd fio iscsi-perf iperf3 tgtd tgtadm
mkdir -p "$logs"
rm -f "$logs"/* "$IKT_RESULTS/tgtd.log"
echo "backing,target,rep,metric,value" >"$raw"

wanted() {	# wanted NAME: BENCH_JOBS is unset or names it
	[ -z "$jobs" ] || [[ " $jobs " == *" $1 "* ]]
}

say() { printf 'bench [%4ds] %s\n' $((SECONDS - start)) "$*"; }

emit() {	# emit BACKING TARGET REP < "METRIC VALUE" lines
	local metric value
	while read -r metric value; do
		[ -n "$value" ] && echo "$1,$2,$3,$metric,$value" >>"$raw"
	done
}

# The 1 GiB image on its own tmpfs (allocated, so that reads do not come
# from the zero page) and the block device: null_blk, else a loop device.
declare -A backing_path
ikt_scratch /bench 1100M || ikt_die "tmpfs for the image"
fallocate -l 1G /bench/disk.img || ikt_die "1 GiB image"
backing_path[file]=/bench/disk.img
if modprobe null_blk nr_devices=1 gb=1 bs=512 2>/dev/null &&
	ikt_retry 25 test -b /dev/nullb0; then
	backing_path[block]=/dev/nullb0
	ikt_on_exit "modprobe -r null_blk"
else
	ikt_log "no null_blk: a loop device on tmpfs instead"
	ikt_scratch /bench-loop 1100M || ikt_die "tmpfs for the loop file"
	ikt_loop backing_path[block] /bench-loop/disk.img 1G ||
		ikt_die "loop device"
fi

stop_all() {
	local t
	for t in iscsikt lio tgt; do
		"${t}_stop"
	done
}
ikt_on_exit stop_all
ikt_iscsid_start
ikt_node disk || ikt_die "open-iscsi node record"

# name rw bs iodepth metric-kind (lat: IOPS and latencies, bw: MB/s)
fio_jobs=(
	"randread-4k-qd32 randread 4k 32 lat"
	"randwrite-4k-qd32 randwrite 4k 32 lat"
	"randread-4k-qd1 randread 4k 1 lat"
	"randwrite-4k-qd1 randwrite 4k 1 lat"
	"read-128k-qd8 read 128k 8 bw"
	"write-128k-qd8 write 128k 8 bw"
)

run_fio() {	# run_fio DEV TAG JOB...
	local dev=$1 tag=$2 name rw bs qd kind out
	shift 2
	read -r name rw bs qd kind <<<"$1"
	out=$logs/fio-$tag-$name.json
	fio --name="$name" --filename="$dev" --rw="$rw" --bs="$bs" \
		--iodepth="$qd" --ioengine=libaio --direct=1 --time_based \
		--runtime="$runtime" --ramp_time="$ramp" --norandommap \
		--randrepeat=0 --lat_percentiles=1 --output-format=json \
		--output="$out" >/dev/null 2>"$logs/fio-$tag-$name.err" &&
		$py "$bench/report.py" fio "$out" "fio_${name//-/_}" "$kind"
}

listening() { ss -Htln "sport = :$1" | grep -q .; }

run_target() {	# run_target TARGET BACKING REP
	local t=$1 b=$2 rep=$3 tag=$1-$2-$3 dev job iops lun
	say "$tag: start"
	if ! "${t}_start" "$b" "${backing_path[$b]}"; then
		ikt_fail "$tag: $t does not start"
		"${t}_stop"
		return
	fi
	lun=$("${t}_lun")
	if ikt_login disk && dev=$(ikt_disk disk); then
		echo none >"/sys/block/${dev#/dev/}/queue/scheduler" 2>/dev/null
		for job in "${fio_jobs[@]}"; do
			wanted "${job%% *}" || continue
			run_fio "$dev" "$tag" "$job" | emit "$b" "$t" "$rep" ||
				ikt_fail "$tag: fio ${job%% *}"
		done
		ikt_logout disk || ikt_fail "$tag: logout"
	else
		ikt_fail "$tag: open-iscsi login"
		ikt_logout disk
	fi
	if wanted iscsi-perf; then
		say "$tag: iscsi-perf"
		iscsi-perf -t "$runtime" -r -m 32 -b 8 \
			"iscsi://127.0.0.1/$BENCH_IQN/$lun" \
			>"$logs/perf-$tag.log" 2>&1
		iops=$(tr '\r' '\n' <"$logs/perf-$tag.log" |
			sed -n 's/.*iops average \([0-9]*\).*/\1/p' | tail -n 1)
		if [ -n "$iops" ]; then
			echo "iscsiperf_randread_4k_qd32_iops $iops" |
				emit "$b" "$t" "$rep"
		else
			ikt_fail "$tag: iscsi-perf"
		fi
	fi
	# Session costs do not depend on the backing: measure them once.
	if [ "$b" = file ] && wanted sessions; then
		say "$tag: logins and idle sessions"
		{
			# Idle first: the login loop's TIME_WAIT sockets would
			# be freed while the idle sessions are counted.
			$py "$bench/sessions.py" idle "$BENCH_IQN" "$nsessions" &&
				$py "$bench/sessions.py" logins "$BENCH_IQN" "$login_secs"
		} 2>"$logs/sessions-$tag.err" | emit "$b" "$t" "$rep" ||
			ikt_fail "$tag: sessions.py"
	fi
	"${t}_stop" || ikt_fail "$tag: $t does not stop"
}

for ((rep = 1; rep <= reps; rep++)); do
	say "rep $rep: iperf3 over loopback"
	iperf3 -s -1 >/dev/null 2>&1 &
	srv=$!
	ikt_retry 25 listening 5201
	iperf3 -c 127.0.0.1 -t "$runtime" -l 128K -J \
		>"$logs/iperf3-$rep.json" 2>&1 &&
		$py "$bench/report.py" iperf3 "$logs/iperf3-$rep.json" |
		emit - loopback "$rep" || ikt_fail "iperf3"
	wait "$srv"
	for b in $backings; do
		for t in $targets; do
			run_target "$t" "$b" "$rep"
		done
	done
done

dmesg >"$logs/dmesg.txt"
if grep -Eq 'BUG:|WARNING:|Oops|general protection' "$logs/dmesg.txt"; then
	ikt_fail "the kernel log has a BUG or WARNING"
fi
say "done"
ikt_done
