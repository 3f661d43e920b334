#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark: iscsikt, LIO and tgt serving the same LUN in one guest
# boot, one at a time, alternated; then the report.
#
#   scripts/bench/run.sh [--kver KVER] [--out DIR]
#
# KVER defaults to the newest 6.1 kernel installed (make module KVER=...
# lib tool first);
# DIR to build/bench, which receives bench.txt (the table), bench.csv,
# bench.png and guest/ (raw.csv, every tool's output, the guest's log).
# Environment: BENCH_QUICK=1 for a smoke run (1 repetition, 3 s runs);
# BENCH_RUNTIME, BENCH_RAMP, BENCH_REPS, BENCH_TARGETS, BENCH_BACKINGS,
# BENCH_SESSIONS, BENCH_LOGIN_SECS, BENCH_JOBS (see scripts/bench/guest.sh);
# BENCH_IKT_B=MODULE.ko with BENCH_TARGETS="iscsikt iscsiktb" compares
# another build of iscsikt with this one (bench-ab.txt: B/A per metric).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$("$top/scripts/vm/newest-kver.sh" '6.1.*' 'kdebug$')
out=$top/build/bench
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) sed -n '3,14s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	: "${BENCH_RUNTIME:=3}" "${BENCH_REPS:=1}" "${BENCH_LOGIN_SECS:=2}"
fi
runtime=${BENCH_RUNTIME:-10} reps=${BENCH_REPS:-3}
ntargets=$(wc -w <<<"${BENCH_TARGETS:-iscsikt lio tgt}")
nbackings=$(wc -w <<<"${BENCH_BACKINGS:-file block}")

[ -z "${BENCH_IKT_B:-}" ] || BENCH_IKT_B=$(realpath -e "$BENCH_IKT_B")
for f in "build/kmod/$kver/iscsikt.ko" build/bin/iscsicfg; do
	[ -e "$top/$f" ] || {
		echo "bench: $f missing: make module KVER=$kver lib tool" >&2
		exit 2
	}
done

# Per target and backing: 6 fio jobs (run, ramp, ~1 s to start) and
# iscsi-perf, ~20 s of setup and session tests; per rep one iperf3 run.
# (The default run took 1828 s in the guest on 2026-12-01: 1866 here.)
ramp=${BENCH_RAMP:-1}
est=$(( reps * (runtime + nbackings * ntargets *
	(6 * (runtime + ramp + 1) + runtime + 20)) ))
echo "bench: $reps repetition(s) of ${runtime} s runs, about $((est / 60)) min"

mkdir -p "$out"
env=()
for v in BENCH_RUNTIME BENCH_RAMP BENCH_REPS BENCH_TARGETS BENCH_BACKINGS \
	 BENCH_SESSIONS BENCH_LOGIN_SECS BENCH_JOBS BENCH_IKT_B; do
	[ -n "${!v:-}" ] && env+=("$v=${!v}")
done
start=$SECONDS
status=0
"$top/scripts/vm/run.sh" --kver "$kver" --results "$out/guest" --mem 4G \
	--smp 2 --no-slub-debug --timeout $((est * 2 + 300)) -- \
	env "${env[@]}" "$top/scripts/bench/guest.sh" || status=$?
if [ -n "${BENCH_IKT_B:-}" ]; then
	[ -s "$out/guest/raw.csv" ] &&
		python3 "$top/scripts/bench/report.py" ab \
			"$out/guest/raw.csv" iscsikt iscsiktb |
		tee "$out/bench-ab.txt"
	echo "bench: $out/bench-ab.txt; total $((SECONDS - start)) s"
else
	[ -s "$out/guest/raw.csv" ] &&
		python3 "$top/scripts/bench/report.py" table \
			"$out/guest/raw.csv" "$out"
	echo "bench: $out/bench.txt, bench.csv, bench.png;" \
		"total $((SECONDS - start)) s"
fi
[ "$status" = 0 ] || echo "bench: the guest reported failures (exit $status)," \
	"see $out/guest/console.log" >&2
exit "$status"
