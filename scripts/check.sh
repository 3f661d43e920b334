#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The project's test command (make check): dependencies, build, host unit
# tests, a short run of every fuzz target, then the guest selftest suite on
# every test kernel.
#
#   scripts/check.sh                 6.1, 6.12 and the debug kernel
#   scripts/check.sh --quick         6.1 only
#   scripts/check.sh --kver KVER     one kernel (repeatable)
#   scripts/check.sh --debug-full    the debug kernel only, long tests on
#   scripts/check.sh --strict        count skips as failures
#   scripts/check.sh --no-deps       do not run scripts/install-deps.sh
#
# Ends with the line "N passed, N failed" (", N skipped" appended when
# tests were skipped); exits non-zero on any failure or missing kernel.
# Every unit test case, every fuzz target and every guest test on every
# kernel counts once.
# Logs: build/check/.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
make=${MAKE:-make}
log=$top/build/check
kvers=() quick=0 full=0 strict=0 deps=1
declare -A share=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kvers+=("$2"); shift 2 ;;
	--quick) quick=1; shift ;;
	--debug-full) full=1; shift ;;
	--strict) strict=1; shift ;;
	--no-deps) deps=0; shift ;;
	-h|--help) sed -n '3,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "check.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

mkdir -p "$log"
pass=0 fail=0 skip=0 summary=()
note() { summary+=("$*"); }
failed() { fail=$((fail + 1)); note "FAIL: $*"; }

# count_tap FILE LABEL: add the top-level TAP results of FILE.
count_tap() {
	local p f s
	p=$(grep -cE '^ok [0-9]+' "$1" 2>/dev/null)
	s=$(grep -cE '^ok [0-9]+.*# SKIP' "$1" 2>/dev/null)
	f=$(grep -cE '^not ok [0-9]+' "$1" 2>/dev/null)
	p=$((${p:-0} - ${s:-0}))
	pass=$((pass + p)) fail=$((fail + ${f:-0})) skip=$((skip + ${s:-0}))
	note "$2: $p passed, ${f:-0} failed, ${s:-0} skipped"
	grep -E '^not ok [0-9]+' "$1" | sed "s|^|    $2: |" >>"$log/failures"
	grep -E '^ok [0-9]+.*# SKIP' "$1" | sed "s|^|    $2: |" >>"$log/skips"
}

step() { echo; echo "=== $*"; }
: >"$log/failures"
: >"$log/skips"

if [ "$deps" = 1 ]; then
	step "install-deps"
	scripts/install-deps.sh || failed "scripts/install-deps.sh"
fi

step "make (userspace)"
$make || failed "make"
# Test tools from the 6.12 sources: the unit tests and the guests use them.
$make ynl || failed "make ynl"

# tap_run NAME DIR TARGET: count the TAP that "make -C DIR TARGET" prints.
tap_run() {
	local out=$log/$1.tap d=$2 t=$3 rc
	[ -f "$d/Makefile" ] || return 0
	$make -C "$d" "$t" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	count_tap "$out" "$d"
	# A crash ends a program before it prints its results.
	[ "$rc" = 0 ] || [ "$(grep -c '^not ok' "$out")" != 0 ] ||
		failed "$d: make $t exit status $rc"
}

step "host unit tests"
# "DIR TARGET" pairs whose make target prints kselftest-harness TAP.
unit_runs=("tests/unit run" "libiscsicfg check")
for r in "${unit_runs[@]}"; do
	d=${r% *} t=${r#* }
	tap_run "unit-${d//\//-}" "$d" "$t"
done

step "fuzz"
# One test per libFuzzer target: its regression inputs replay cleanly and
# it runs FUZZ_SECONDS (45) from its seed corpus without a finding.
tap_run fuzz tests/fuzz ci

step "selftests (build)"
$make -C selftests || failed "make -C selftests"

newest() { scripts/vm/newest-kver.sh "$@"; }
if [ ${#kvers[@]} -eq 0 ]; then
	k61=$(newest '6.1.*' 'kdebug$')
	k612=$(newest '6.12.*')
	kdbg=$(newest '6.1.*-kdebug')
	if [ "$full" = 1 ]; then
		want=("debug:$kdbg")
	elif [ "$quick" = 1 ]; then
		want=("6.1:$k61")
	else
		want=("6.1:$k61" "6.12:$k612" "debug:$kdbg")
		# The tests marked "# ikt-share: N" (run_suite.sh) are split
		# between the two regular kernels, when both are there.
		if [ -n "$k61" ] && [ -n "$k612" ]; then
			share[$k61]=1 share[$k612]=2
		fi
	fi
	for w in "${want[@]}"; do
		if [ -z "${w#*:}" ]; then
			failed "no ${w%%:*} kernel under /lib/modules" \
				"(scripts/install-deps.sh installs it)"
		else
			kvers+=("${w#*:}")
		fi
	done
fi

for kver in "${kvers[@]}"; do
	step "guest $kver"
	if ! [ -r "/boot/vmlinuz-$kver" ] || ! [ -d "/lib/modules/$kver/build" ]
	then
		failed "kernel $kver: /boot/vmlinuz-$kver or its build tree missing"
		continue
	fi
	if ! $make module KVER="$kver" >"$log/module-$kver.log" 2>&1; then
		cat "$log/module-$kver.log"
		failed "make module KVER=$kver"
		continue
	fi
	res=$top/build/vm/results/$kver
	# The whole guest run: about 15 min on 6.1 and 6.12 (each with its
	# share), 22 on the debug kernel; --debug-full adds the long tier,
	# hours there (conformance alone is about an hour).
	opts=() tmo=2400
	case "$kver" in *-kdebug) opts+=(--debug-kernel); tmo=3000 ;; esac
	[ "$full" = 1 ] && tmo=18000
	rm -f "$res/suite.tap"
	start=$(date +%s)
	IKT_FULL=$full IKT_SHARE=${share[$kver]:-} \
		scripts/vm/run.sh --kver "$kver" "${opts[@]}" \
		--timeout "$tmo" --results "$res" -- selftests/run_suite.sh \
		</dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	cp "$res/console.log" "$log/console-$kver.log" 2>/dev/null
	cp "$res/dmesg" "$log/dmesg-$kver.log" 2>/dev/null
	cp "$res/dmesg-timeout" "$log/dmesg-timeout-$kver.log" 2>/dev/null
	if [ "$rc" = 124 ] && [ -f "$res/dmesg-timeout" ]; then
		echo "--- $kver: where the guest was shortly before its timeout"
		sed -n '/sysrq: Show backtrace/,$p' "$res/dmesg-timeout" |
			head -n 400
	fi
	if [ -s "$res/suite.tap" ]; then
		cp "$res/suite.tap" "$log/suite-$kver.tap"
		count_tap "$res/suite.tap" "$kver"
		summary[-1]+=" (${secs}s)"
		plan=$(sed -n 's/^1\.\.//p' "$res/suite.tap")
		[ -n "$plan" ] || failed "$kver: suite ended early (guest exit $rc)"
		[ "$rc" = 0 ] || [ "$(grep -c '^not ok' "$res/suite.tap")" != 0 ] ||
			failed "$kver: guest exit status $rc"
	else
		failed "$kver: no suite output (guest exit $rc, ${secs}s)"
	fi
done

[ "$strict" = 1 ] && [ "$skip" != 0 ] && note "skips count as failures (--strict)"
echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
[ -s "$log/failures" ] && { echo "failed tests:"; cat "$log/failures"; }
[ -s "$log/skips" ] && { echo "skipped tests:"; cat "$log/skips"; }
line="$pass passed, $fail failed"
[ "$skip" != 0 ] && line+=", $skip skipped"
echo "$line"
[ "$fail" = 0 ] || exit 1
[ "$strict" = 1 ] && [ "$skip" != 0 ] && exit 1
exit 0
