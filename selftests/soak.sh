#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The soak (make soak; not part of make check): for IKT_SOAK_MINUTES
# (default 20), fio writes and verifies through open-iscsi on three LUNs
# of two targets, one of them on a DEVICE extent, while a libiscsi client
# logs in and out in a loop and the configuration around them churns.
# Reports operations done, errors (must be 0) and unreclaimable slab at
# the start and at the end (must not have grown by more than 4 MiB once
# the module is unloaded).  Runs in the guest: scripts/vm/run.sh ...
# -- selftests/run_suite.sh $PWD/selftests/soak.sh.  At most 110 minutes.
# ikt-timeout: 7200
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd fio jq iscsi-inq losetup
ikt_require_module loop
minutes=${IKT_SOAK_MINUTES:-20}
secs=$((minutes * 60))

# Unreclaimable slab in KiB, after the kernel let go of what it can.
sunreclaim() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '$1 == "SUnreclaim:" { print $2 }' /proc/meminfo
}
slab0=$(sunreclaim)

ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start
dir=/tmp/ikt-soak
ikt_scratch "$dir" 1G || ikt_die "scratch tmpfs"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target soak-a 128M portal=1 || ikt_die "target soak-a"
ikt_cfg extent add soak-a1 --file "$IKT_IMG_DIR/ikt-soak-a1.img" --size 128M \
	--block-size 4096 >/dev/null || ikt_die "extent soak-a1"
ikt_on_exit "ikt_cfg extent del soak-a1 --force >/dev/null 2>&1; rm -f $IKT_IMG_DIR/ikt-soak-a1.img"
ikt_cfg lun add soak-a soak-a1 --lun 1 >/dev/null || ikt_die "LUN soak-a 1"
ikt_loop loop "$dir/b.img" 128M || ikt_die "loop device"
ikt_cfg extent add soak-b --device "$loop" >/dev/null || ikt_die "extent soak-b"
ikt_on_exit "ikt_cfg extent del soak-b --force >/dev/null 2>&1"
ikt_export soak-b portal=1 || ikt_die "target soak-b"
for t in soak-a soak-b; do
	ikt_node "$t" && ikt_login "$t" || ikt_die "login to $t"
done
ikt_on_exit "iscsiadm -m node -u >/dev/null 2>&1"

disks=()
for s in /sys/class/iscsi_session/session*; do
	for d in "$s"/device/target*/*/block/*; do
		[ -b "/dev/${d##*/}" ] && disks+=("/dev/${d##*/}")
	done
done
[ ${#disks[@]} = 3 ] || ikt_die "expected 3 disks, got: ${disks[*]}"
ikt_log "soak: $minutes min on ${disks[*]}; slab $slab0 KiB before loading"

fio_pids=()
for d in "${disks[@]}"; do
	fio --name="soak-${d##*/}" --filename="$d" --rw=randrw --rwmixread=50 \
		--bsrange=4k-128k --iodepth=8 --ioengine=libaio --direct=1 \
		--verify=crc32c --verify_fatal=1 --time_based --runtime="$secs" \
		--output-format=json >"$IKT_RESULTS/soak-fio-${d##*/}.json" 2>&1 &
	fio_pids+=($!)
done

logins=0 login_errors=0 changes=0 change_errors=0
end=$((SECONDS + secs))
while [ $SECONDS -lt $end ]; do
	if iscsi-inq "iscsi://127.0.0.1/$(ikt_iqn soak-a)/1" >/dev/null 2>&1; then
		logins=$((logins + 1))
	else
		login_errors=$((login_errors + 1))
	fi
	for c in "extent add soak-x --file $dir/x.img --size 8M" \
		 "lun add soak-a soak-x --lun 2" \
		 "extent set soak-a1 --rpm SSD" \
		 "lun del soak-a 2" \
		 "extent del soak-x --force" \
		 "extent set soak-a1 --rpm UNKNOWN"; do
		# shellcheck disable=SC2086
		if ikt_cfg $c >/dev/null 2>&1; then
			changes=$((changes + 1))
		else
			change_errors=$((change_errors + 1))
		fi
	done
	rm -f "$dir/x.img"
done

fio_errors=0 ios=0
for i in "${!fio_pids[@]}"; do
	wait "${fio_pids[$i]}" || fio_errors=$((fio_errors + 1))
	d=${disks[$i]}
	n=$(jq '[.jobs[] | .read.total_ios + .write.total_ios] | add' \
		"$IKT_RESULTS/soak-fio-${d##*/}.json" 2>/dev/null)
	e=$(jq '[.jobs[].error] | add' "$IKT_RESULTS/soak-fio-${d##*/}.json" 2>/dev/null)
	ikt_log "fio ${d##*/}: ${n:-?} I/Os, error ${e:-?}"
	ios=$((ios + ${n:-0}))
	[ "${e:-1}" = 0 ] || fio_errors=$((fio_errors + 1))
done
ikt_log "soak: $ios I/Os verified, $logins logins, $changes changes"
ikt_check "fio: every I/O verified, no error" test "$fio_errors" = 0
ikt_check "fio did I/O" test "$ios" -gt 0
ikt_check "logins: none failed ($login_errors of $((logins + login_errors)))" \
	test "$login_errors" = 0
ikt_check "changes: none failed ($change_errors of $((changes + change_errors)))" \
	test "$change_errors" = 0

iscsiadm -m node -u >/dev/null 2>&1
_ikt_run_exit_cmds
_ikt_exit_cmds=()
ikt_unload || ikt_fail "rmmod"
slab1=$(sunreclaim)
ikt_log "slab: $slab0 KiB before loading, $slab1 KiB after unloading"
ikt_check "unreclaimable slab grew by less than 4 MiB" \
	test $((slab1 - slab0)) -lt 4096
ikt_load
ikt_done
