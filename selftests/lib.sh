# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers for the shell selftests; source it: . "$(dirname "$0")/lib.sh"
#
# A test exits 0 (pass), 1 (fail) or 4 (skip).  A skip must name the missing
# prerequisite: use ikt_skip / ikt_require_*; run_suite.sh counts any other
# exit 4 as a failure, and never counts a skip as a pass.
#
#   ikt_skip WHAT             skip: "SKIP: requires WHAT", exit 4
#   ikt_require_cmd CMD...    skip unless every CMD is in PATH
#   ikt_require_module MOD... skip unless modprobe loads every MOD
#   ikt_require_file PATH...  skip unless every PATH exists
#   ikt_check DESC CMD...     run CMD; log PASS/FAIL DESC, remember failures
#                             (CMD runs in a subshell: cleanups it registers
#                             with ikt_on_exit are lost; register them here)
#   ikt_fail MSG              log and remember a failure (test goes on)
#   ikt_die MSG               log a failure and exit 1 now
#   ikt_log MSG               diagnostic line
#   ikt_on_exit CMD           run CMD (eval'd) at exit, last registered first
#   ikt_done                  exit 1 if anything failed, else 0
#   ikt_module_loaded         true when iscsikt is loaded
#   ikt_load / ikt_unload     insmod $IKT_MODULE (and its deps) / rmmod
#   ikt_install_module        put $IKT_MODULE where libkmod finds it
#   ikt_genl_family NAME      true when generic netlink family NAME exists
#   ikt_cfg ARGS...           run build/bin/iscsicfg with build/lib
#   ikt_cfg_tty "S..." ARGS...  ikt_cfg on a pseudo-terminal typing each
#                             secret S at a prompt; fails when one shows
#   ikt_full                  true for the long (--debug-full) run
#   ikt_debug_kernel          true on the KASAN/kmemleak kernel
#   ikt_retry N CMD...        run CMD up to N times, 0.2 s apart
#   ikt_within SECS CMD...    run CMD until it succeeds, for at most SECS s

IKT_TOP=${IKT_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
IKT_MODULE=${IKT_MODULE:-$IKT_TOP/build/kmod/$(uname -r)/iscsikt.ko}
IKT_BIN=${IKT_BIN:-$IKT_TOP/build/bin}
IKT_LIB=${IKT_LIB:-$IKT_TOP/build/lib}
export IKT_NAME=$(basename "$0" .sh)
_ikt_failed=0
_ikt_exit_cmds=()

ikt_log() { echo "# $*"; }

ikt_skip() {
	echo "SKIP: requires $*"
	exit 4
}

ikt_require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || ikt_skip "command $c"
	done
}

ikt_require_module() {
	local m
	for m in "$@"; do
		modprobe -q "$m" 2>/dev/null || ikt_skip "kernel module $m"
	done
}

ikt_require_file() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || ikt_skip "$f"
	done
}

ikt_fail() {
	echo "# FAIL: $*"
	_ikt_failed=1
}

ikt_die() {
	echo "# FAIL: $*"
	exit 1
}

ikt_check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "# PASS: $desc"
	else
		ikt_fail "$desc (exit $rc)"
		[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/#   /'
	fi
	return $rc
}

_ikt_run_exit_cmds() {
	local rc=$? i
	for ((i = ${#_ikt_exit_cmds[@]} - 1; i >= 0; i--)); do
		eval "${_ikt_exit_cmds[i]}" || true
	done
	return $rc
}
trap _ikt_run_exit_cmds EXIT

ikt_on_exit() { _ikt_exit_cmds+=("$1"); }

ikt_done() {
	[ "$_ikt_failed" = 0 ] && exit 0
	exit 1
}

ikt_module_loaded() { [ -d /sys/module/iscsikt ]; }

# insmod does not resolve dependencies: modprobe them from the host's
# module tree first.
ikt_load() {
	local d
	ikt_module_loaded && return 0
	for d in $(modinfo -F depends "$IKT_MODULE" | tr , ' '); do
		modprobe "$d" || return 1
	done
	insmod "$IKT_MODULE"
}

ikt_unload() {
	ikt_module_loaded || return 0
	rmmod iscsikt
}

# Install $IKT_MODULE where libkmod finds it (the guest's /lib/modules is
# on its tmpfs overlay), so "iscsicfg service start" loads it as it does
# on a host with the package installed.  It stays for the boot: the same
# module the other tests insmod.  The index comes from the host
# (scripts/vm/run.sh, module-index.sh) when it was made for this module:
# depmod over 9p takes most of a minute.
ikt_install_module() {
	local d idx
	d=/lib/modules/$(uname -r)
	idx=$(dirname "$IKT_MODULE")/index
	cmp -s "$IKT_MODULE" "$d/updates/iscsikt.ko" && return 0
	mkdir -p "$d/updates" && cp "$IKT_MODULE" "$d/updates/iscsikt.ko" ||
		return 1
	if cmp -s "$IKT_MODULE" "$idx/iscsikt.ko"; then
		cp "$idx"/modules.* "$d/"
	else
		depmod -a
	fi
}

ikt_genl_family() {
	genl ctrl get name "$1" >/dev/null 2>&1
}

ikt_cfg() {
	LD_LIBRARY_PATH=$IKT_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
		"$IKT_BIN/iscsicfg" "$@"
}

# ikt_cfg_tty "SECRET..." ARGS...: iscsicfg ARGS on a pseudo-terminal that
# types each SECRET at a prompt; prints what the terminal showed and
# fails (125) when it showed a SECRET (tty_answer.py)
ikt_cfg_tty() {
	local answers=$1
	shift
	# shellcheck disable=SC2086 # a word per answer
	LD_LIBRARY_PATH=$IKT_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
		python3 "$IKT_TOP/selftests/tty_answer.py" --hidden $answers \
		-- "$IKT_BIN/iscsicfg" "$@"
}

ikt_full() { [ "${IKT_FULL:-0}" = 1 ]; }

ikt_debug_kernel() { [ -e /sys/kernel/debug/kmemleak ]; }

ikt_retry() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# A deadline rather than a count: each try may itself take seconds.
ikt_within() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}
