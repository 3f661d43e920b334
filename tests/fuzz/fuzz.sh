#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Replay the regression inputs of each libFuzzer target, then fuzz it for a
# while; one TAP line per target.  Called by tests/fuzz/Makefile:
#
#   fuzz.sh ci|run OUT SECONDS JOBS TARGET...
#
# ci   starts from a fresh copy of corpus/TARGET in OUT/ci/TARGET
# run  keeps growing OUT/corpus/TARGET across runs, seeded by corpus/TARGET
#
# A target passes when its regressions replay cleanly and it fuzzes for
# SECONDS without a crash, leak, timeout or out-of-memory; the input that
# failed is left as OUT/TARGET-{crash,leak,timeout,oom}-<sha1>.  JOBS
# targets run at once, each in a single process.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
mode=$1 out=$2 secs=$3 jobs=$4
shift 4
targets=("$@")

# Inputs are bounded by what each harness can make use of: a BHS plus a
# little data; a login request split into a few PDUs; CHAP values up to a
# 1024-byte challenge in hex; a CDB longer than any real one.
opts() {
	case "$1" in
	fuzz_pdu)	echo -max_len=1024 ;;
	fuzz_params)	echo -max_len=4096 ;;
	fuzz_chap)	echo -max_len=4096 ;;
	fuzz_scsi)	echo -max_len=512 ;;
	*)		echo -max_len=4096 ;;
	esac
	if [ -f "$here/$1.dict" ]; then
		echo "-dict=$here/$1.dict"
	fi
}

# fuzz_one TARGET: writes OUT/MODE/TARGET.res: "ok" or "not ok", then
# diagnostics.
fuzz_one() {
	local t=$1 bin=$out/$1 dir=$out/$mode/$1 log res regs corpus
	log=$dir.log res=$dir.res
	rm -rf "$dir" "$res"
	mkdir -p "$dir"
	regs=()
	[ -d "$here/regressions/$t" ] &&
		mapfile -t regs < <(find "$here/regressions/$t" -type f | sort)
	if [ ${#regs[@]} -gt 0 ] &&
	   ! "$bin" -timeout=10 -rss_limit_mb=2048 "${regs[@]}" \
		>"$dir.replay.log" 2>&1; then
		{
			echo "not ok"
			echo "$t: a regression input fails again"
			tail -n 30 "$dir.replay.log"
		} >"$res"
		return
	fi
	if [ "$mode" = ci ]; then
		corpus=$dir/corpus
		cp -r "$here/corpus/$t" "$corpus"
		set -- "$corpus"
	else
		corpus=$out/corpus/$t
		mkdir -p "$corpus"
		set -- "$corpus" "$here/corpus/$t"
	fi
	# shellcheck disable=SC2046
	(cd "$dir" && exec "$bin" $(opts "$t") -timeout=10 \
		-rss_limit_mb=2048 -max_total_time="$secs" \
		-print_final_stats=1 -artifact_prefix="$out/$t-" "$@") \
		>"$log" 2>&1
	local rc=$? execs rate last
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' \
		"$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+')
	{
		[ "$rc" = 0 ] && echo "ok" || echo "not ok"
		echo "$t: ${execs:-?} execs in ${secs}s (${rate:-?}/s)," \
			"${last:-no coverage line}," \
			"${#regs[@]} regression inputs replayed"
		if [ "$rc" != 0 ]; then
			echo "$t: exit status $rc; log $log"
			tail -n 60 "$log"
		fi
	} >"$res"
}

mkdir -p "$out/$mode"
running=0
for t in "${targets[@]}"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	fuzz_one "$t" &
	running=$((running + 1))
done
wait

echo "TAP version 13"
echo "1..${#targets[@]}"
n=0 fail=0
for t in "${targets[@]}"; do
	n=$((n + 1))
	res=$out/$mode/$t.res
	if [ -s "$res" ]; then
		status=$(head -n 1 "$res")
		tail -n +2 "$res" | sed 's/^/# /'
	else
		status="not ok"
		echo "# $t: no result"
	fi
	echo "$status $n $t"
	[ "$status" = ok ] || fail=$((fail + 1))
done
[ "$fail" = 0 ]
