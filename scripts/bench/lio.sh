# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Linux LIO for the benchmark, configured through configfs directly
# (targetcli needs a daemon that the guest does not run).
#
#   lio_start KIND PATH   KIND file: target_core_file over the image PATH;
#                         KIND block: target_core_iblock over the device
#                         PATH; LUN 0 of $BENCH_IQN on 0.0.0.0:3260, any
#                         initiator (demo mode), no authentication
#   lio_stop              undo everything, unload the modules
#   lio_lun               the LUN number initiators use
#
# Each target keeps its defaults for the negotiated parameters and queue
# depths: the benchmark compares what a user gets out of the box.

LIO_CFS=/sys/kernel/config/target
LIO_MODS=(iscsi_target_mod target_core_file target_core_iblock target_core_mod)

lio_lun() { echo 0; }

# target_core_mod loads every backend it knows when the first device is
# made: pscsi and user too.
# Users of target_core_mod first, one at a time: modprobe -r of a list
# stops at the first module still in use.
_lio_unload() {
	local m
	for m in iscsi_target_mod target_core_file target_core_iblock \
		 target_core_pscsi target_core_user target_core_mod; do
		[ -d "/sys/module/$m" ] && rmmod "$m" 2>/dev/null
	done
	! [ -d /sys/module/target_core_mod ]
}

_lio_dev() { echo "$LIO_CFS/core/${1}_0/bench"; }

lio_start() {
	local kind=$1 path=$2 hba dev tpg size
	case "$kind" in
	file) hba=fileio ;;
	block) hba=iblock ;;
	*) return 1 ;;
	esac
	modprobe -a "${LIO_MODS[@]}" || return 1
	mountpoint -q /sys/kernel/config ||
		mount -t configfs none /sys/kernel/config || return 1
	# Without a writable dbroot LIO tries /etc/target, read-only here.
	mkdir -p /tmp/lio-db
	[ "$(cat "$LIO_CFS/dbroot")" = /tmp/lio-db ] ||
		echo /tmp/lio-db >"$LIO_CFS/dbroot" || return 1
	dev=$(_lio_dev $hba)
	mkdir -p "$dev" || return 1
	if [ $hba = fileio ]; then
		size=$(stat -c %s "$path")
		echo "fd_dev_name=$path,fd_dev_size=$size" >"$dev/control"
	else
		echo "udev_path=$path" >"$dev/control"
	fi || return 1
	echo 1 >"$dev/enable" || return 1
	tpg=$LIO_CFS/iscsi/$BENCH_IQN/tpgt_1
	mkdir -p "$tpg/lun/lun_0" "$tpg/np/0.0.0.0:3260" || return 1
	ln -s "$dev" "$tpg/lun/lun_0/bench" || return 1
	echo 1 >"$tpg/attrib/generate_node_acls" &&
		echo 0 >"$tpg/attrib/demo_mode_write_protect" &&
		echo 0 >"$tpg/attrib/authentication" &&
		echo 1 >"$tpg/enable"
}

lio_stop() {
	local tgt=$LIO_CFS/iscsi/$BENCH_IQN tpg hba
	tpg=$tgt/tpgt_1
	if [ -d "$tpg" ]; then
		echo 0 >"$tpg/enable" 2>/dev/null
		rm -f "$tpg"/lun/lun_0/bench
		rmdir "$tpg/lun/lun_0" "$tpg/np/0.0.0.0:3260" 2>/dev/null
		rmdir "$tpg" "$tgt" 2>/dev/null
	fi
	# The fabric's directory holds a reference on iscsi_target_mod.
	rmdir "$LIO_CFS/iscsi" 2>/dev/null
	for hba in fileio iblock; do
		[ -d "$(_lio_dev $hba)" ] || continue
		rmdir "$(_lio_dev $hba)" "$LIO_CFS/core/${hba}_0"
	done
	[ -d /sys/module/target_core_mod ] || return 0
	# The last session may still be going away.
	ikt_retry 50 _lio_unload && return 0
	echo "lio_stop: still loaded:" >&2
	grep -E '^(target_core|iscsi_target)' /proc/modules >&2
	find "$LIO_CFS" -maxdepth 4 -type d >&2
	return 1
}
