# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# iscsikt for the benchmark: source after selftests/lib.sh.
#
#   iscsikt_start KIND PATH   KIND file (PATH an existing image) or block
#                             (PATH a block device); serves it as LUN 0 of
#                             $BENCH_IQN on 0.0.0.0:3260
#   iscsikt_stop              undo everything, unload the module
#   iscsikt_lun               the LUN number initiators use
#
# iscsiktb_start, _stop and _lun do the same with the module
# $BENCH_IKT_B: another build of iscsikt, to compare with this one in the
# same boot (BENCH_TARGETS="iscsikt iscsiktb"; run.sh reports B/A).

iscsikt_lun() { echo 0; }

iscsikt_start() {
	local kind=$1 path=$2 src
	case "$kind" in
	file) src=(--file "$path") ;;
	block) src=(--device "$path") ;;
	*) return 1 ;;
	esac
	ikt_load || return 1
	ikt_cfg portal add --tag 1 --listen 0.0.0.0:3260 >/dev/null &&
		ikt_cfg extent add bench "${src[@]}" >/dev/null &&
		ikt_cfg target add "$BENCH_IQN" --group portal=1 >/dev/null &&
		ikt_cfg lun add "$BENCH_IQN" bench --lun 0 >/dev/null
}

iscsikt_stop() {
	ikt_module_loaded || return 0
	ikt_cfg target del "$BENCH_IQN" --force >/dev/null 2>&1
	ikt_cfg extent del bench --force >/dev/null 2>&1
	ikt_cfg portal del 1 --force >/dev/null 2>&1
	ikt_retry 50 ikt_unload
}

iscsiktb_lun() { iscsikt_lun; }
iscsiktb_start() { IKT_MODULE=$BENCH_IKT_B iscsikt_start "$@"; }
iscsiktb_stop() { iscsikt_stop; }
