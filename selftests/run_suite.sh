#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest-side suite runner: load iscsikt, run every selftest, check the
# kernel log after each, unload, look for leaks.  Prints TAP on stdout (and
# to $IKT_RESULTS/suite.tap when run by scripts/vm/run.sh).
#
#   selftests/run_suite.sh [TEST...]     default: every *_test.sh here and
#                                        every built *_test program
#
# Shell tests count as one test each; a kselftest_harness program counts
# each of its test cases.  Exit 4 is a SKIP only when the test printed
# "SKIP: requires ..." (lib.sh's ikt_skip), else it is a failure.  A test
# fails when the kernel log gains a warning while it runs.  Environment:
# IKT_MODULE (default build/kmod/$(uname -r)/iscsikt.ko), IKT_FULL=1 for
# the long run, IKT_SHARE (see other_share()).
set -u

here=$(cd "$(dirname "$0")" && pwd)
export IKT_TOP=${IKT_TOP:-$(dirname "$here")}
export IKT_MODULE=${IKT_MODULE:-$IKT_TOP/build/kmod/$(uname -r)/iscsikt.ko}
export IKT_FULL=${IKT_FULL:-0}
export PATH=$IKT_TOP/build/bin:$PATH
export LD_LIBRARY_PATH=$IKT_TOP/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
gen=${IKT_SELFTESTS_OUT:-$IKT_TOP/build/selftests}
kmemleak=/sys/kernel/debug/kmemleak

pattern='BUG:|WARNING:|Oops|general protection|KASAN|UBSAN|possible circular'
pattern+='|possible recursive|INFO: task .* blocked|kmemleak|unreferenced object'
pattern+='|list_add corruption|list_del corruption|slab corruption'
pattern+='|Poison overwritten'

timeout=$(sed -n 's/^timeout=//p' "$here/settings" 2>/dev/null)
timeout=${timeout:-300}
base_timeout=$timeout
# The KASAN/lockdep kernel runs code several times slower.
[ -e "$kmemleak" ] && timeout=$((timeout * 4))

tap_file=
[ -n "${IKT_RESULTS:-}" ] && tap_file=$IKT_RESULTS/suite.tap
n=0 npass=0 nfail=0 nskip=0 marker=0

emit() {
	printf '%s\n' "$*"
	[ -n "$tap_file" ] && printf '%s\n' "$*" >>"$tap_file"
}
diag() { sed 's/^/# /' | while IFS= read -r l; do emit "$l"; done; }

result() {	# result ok|fail|skip NAME [REASON]
	n=$((n + 1))
	case $1 in
	ok)   npass=$((npass + 1)); emit "ok $n $2" ;;
	fail) nfail=$((nfail + 1)); emit "not ok $n $2${3:+ # $3}" ;;
	skip) nskip=$((nskip + 1)); emit "ok $n $2 # SKIP ${3:-}" ;;
	esac
}

# Every test starts by writing a numbered marker into the kernel log;
# what follows the latest marker is that test's kernel log.
mark() {
	marker=$((marker + 1))
	echo "iscsikt-selftest: mark $marker $1" >/dev/kmsg
}
# A warning raised by other code in the guest on its own is dropped with
# its whole trace (cut here .. end trace), and the TAP output says so.
# There is one, on Debian's 6.1 kernels, where a stable backport made
# pm_runtime_remove() flush the device's runtime PM work: when the
# initiator's transport class removes a logged-out session's SCSI target
# from its WQ_MEM_RECLAIM workqueue while an idle check of that target is
# still queued on pm_wq, check_flush_dependency() warns, once per boot.
# Its stack is the initiator's alone; one with an iscsikt frame counts.
test_log() {
	dmesg | sed -n "/iscsikt-selftest: mark $marker /,\$p" | awk '
		function flush() { printf "%s", block; block = ""; inblock = 0 }
		function foreign() {
			return block ~ /check_flush_dependency/ &&
			       block ~ /__iscsi_unbind_session/ &&
			       block ~ /pm_runtime_remove/ &&
			       block !~ /\[iscsikt\]/
		}
		/-+\[ cut here \]-+/ { flush(); inblock = 1 }
		inblock { block = block $0 "\n" }
		!inblock { print }
		inblock && /---\[ end trace/ {
			if (foreign()) {
				print "iscsikt-selftest: foreign warning dropped"
				block = ""; inblock = 0
			} else {
				flush()
			}
		}
		END { flush() }'
}

kernel_log_bad() {
	test_log >/tmp/ikt-test-dmesg
	grep -q '^iscsikt-selftest: foreign warning dropped' /tmp/ikt-test-dmesg &&
		emit "# the kernel log has a warning of code outside iscsikt," \
			"left out (see run_suite.sh)"
	grep -E "$pattern" /tmp/ikt-test-dmesg >/tmp/ikt-dmesg-bad
	if [ -s /tmp/ikt-dmesg-bad ]; then
		emit "# kernel log since the test started:"
		tail -n 60 /tmp/ikt-test-dmesg | diag
		return 0
	fi
	return 1
}

# A test killed at its timeout may not have cleaned up: end what would
# stop the next one (open-iscsi sessions, iscsid).
reset_after_kill() {
	iscsiadm -m node -u >/dev/null 2>&1
	pkill -x iscsid && sleep 1
}

run_one() {	# run_one NAME PATH
	local name=$1 prog=$2 out rc bad=0 reason start tmo=$timeout own
	mark "$name"
	out=/tmp/ikt-test.out
	start=$SECONDS
	# Gigabytes through an emulated guest on a busy host take longer.
	long_test "$prog" && tmo=$((timeout * 2))
	# A whole conformance suite says how long it may take ("# ikt-timeout:
	# SECONDS"); the debug kernel's slowdown applies to it too.
	own=$(sed -n 's/^# ikt-timeout: \([0-9]*\)$/\1/p' "$prog" 2>/dev/null)
	[ -n "$own" ] && tmo=$((own * timeout / base_timeout))
	(cd "$here" && timeout -k 10 "$tmo" "$prog") >"$out" 2>&1 </dev/null
	rc=$?
	{ [ "$rc" = 124 ] || [ "$rc" = 137 ]; } && reset_after_kill
	diag <"$out"
	emit "# $name took $((SECONDS - start)) s"
	kernel_log_bad && bad=1
	if ! [ -d /sys/module/iscsikt ]; then
		emit "# $name left iscsikt unloaded; loading it again"
		load || true
		bad=1
	fi

	if grep -qE '^(not )?ok [0-9]+ ' "$out"; then
		# kselftest_harness program: one result per test case.
		local line cname
		grep -E '^(not )?ok [0-9]+ ' "$out" >"$out.results"
		while IFS= read -r line; do
			cname=${line#*ok }
			cname=${cname#* }
			case $line in
			"not ok "*) result fail "$name:${cname%% # *}" ;;
			*"# SKIP"*) result skip "$name:${cname%% # *}" \
					"${cname#*# SKIP}" ;;
			*) result ok "$name:$cname" ;;
			esac
		done <"$out.results"
		[ "$rc" = 0 ] || [ "$rc" = 4 ] || grep -q '^not ok' "$out" ||
			result fail "$name" "exit status $rc"
		[ "$bad" = 0 ] || result fail "$name" "kernel log or module state"
		return
	fi

	if [ "$rc" = 4 ] && reason=$(grep -m1 -o 'SKIP: requires .*' "$out")
	then
		[ "$bad" = 0 ] && result skip "$name" "${reason#SKIP: }" ||
			result fail "$name" "kernel log or module state"
		return
	fi
	if [ "$rc" = 0 ] && [ "$bad" = 0 ]; then
		result ok "$name"
	elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		result fail "$name" "timeout after ${tmo}s"
	elif [ "$rc" = 4 ]; then
		result fail "$name" "exit 4 without a named prerequisite"
	elif [ "$rc" != 0 ]; then
		result fail "$name" "exit status $rc"
	else
		result fail "$name" "kernel log or module state"
	fi
}

load() {
	local d
	for d in $(modinfo -F depends "$IKT_MODULE" | tr , ' '); do
		modprobe "$d" || return 1
	done
	insmod "$IKT_MODULE"
}

# Long tests (a line "# ikt-tier: long") move gigabytes through the
# emulated guest, walk long userspace flows whose kernel paths shorter
# tests cover, or check SCSI behaviour that conformance_test also covers
# on the regular kernels; on the debug kernel, which runs several times
# slower, only the long run (make check-debug, IKT_FULL=1) includes them.
long_test() { grep -qx '# ikt-tier: long' "$1" 2>/dev/null; }

# A test whose outcome does not depend on the kernel's version (SCSI
# emulation, the userspace tools; a line "# ikt-share: N") runs on one of
# the two regular kernels make check boots: scripts/check.sh gives each
# its share number in IKT_SHARE.  With no IKT_SHARE, or IKT_FULL=1,
# every test runs.
other_share() {
	local s
	[ -n "${IKT_SHARE:-}" ] && [ "${IKT_FULL:-0}" != 1 ] || return 1
	s=$(sed -n 's/^# ikt-share: \([0-9]*\)$/\1/p' "$1" 2>/dev/null)
	[ -n "$s" ] && [ "$s" != "$IKT_SHARE" ]
}

tests=("$@") not_in_tier=() other_kernel=()
if [ ${#tests[@]} -eq 0 ]; then
	for t in "$here"/*_test.sh "$gen"/*_test; do
		[ -x "$t" ] || continue
		if [ "${IKT_DEBUG_KERNEL:-0}" = 1 ] && [ "${IKT_FULL:-0}" != 1 ] &&
		   long_test "$t"; then
			not_in_tier+=("$(basename "$t" .sh)")
			continue
		fi
		if other_share "$t"; then
			other_kernel+=("$(basename "$t" .sh)")
			continue
		fi
		tests+=("$t")
	done
fi

[ -n "$tap_file" ] && : >"$tap_file"
emit "TAP version 13"
emit "# kernel $(uname -r), module $IKT_MODULE, timeout ${timeout}s per test (long tests twice that)"
[ ${#not_in_tier[@]} -eq 0 ] ||
	emit "# long tests left to make check-debug: ${not_in_tier[*]}"
[ ${#other_kernel[@]} -eq 0 ] ||
	emit "# left to the other regular kernel (share $IKT_SHARE here): ${other_kernel[*]}"

if [ -e "$kmemleak" ]; then
	# Forget what boot left behind: only the suite's leaks are reported.
	echo clear >"$kmemleak"
fi

mark insmod
if rmmod iscsikt 2>/dev/null; then
	emit "# iscsikt was loaded already; reloaded from $IKT_MODULE"
fi
if load 2>/tmp/ikt-insmod.err; then
	kernel_log_bad && result fail "insmod iscsikt" "kernel log" ||
		result ok "insmod iscsikt"
	loaded=1
else
	diag </tmp/ikt-insmod.err
	result fail "insmod iscsikt" "insmod failed"
	loaded=0
fi

for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	if [ "$loaded" = 0 ]; then
		result fail "$name" "module not loaded"
		continue
	fi
	run_one "$name" "$t"
done

mark rmmod
: >/tmp/ikt-rmmod.err
if [ "$loaded" = 1 ] && rmmod iscsikt 2>/tmp/ikt-rmmod.err &&
	! [ -d /sys/module/iscsikt ]; then
	kernel_log_bad && result fail "rmmod iscsikt" "kernel log" ||
		result ok "rmmod iscsikt"
else
	diag </tmp/ikt-rmmod.err 2>/dev/null
	result fail "rmmod iscsikt" "rmmod failed"
fi

if [ -e "$kmemleak" ]; then
	# kmemleak reports an object only once it has stayed unreferenced
	# across scans and is older than its minimum age (5 s).
	sleep 6
	echo scan >"$kmemleak"
	echo scan >"$kmemleak"
	if [ -s "$kmemleak" ]; then
		head -n 200 "$kmemleak" | diag
		result fail "kmemleak" "leaks reported"
	else
		result ok "kmemleak"
	fi
fi

emit "1..$n"
emit "# $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" = 0 ]
