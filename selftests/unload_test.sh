#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod iscsikt with open-iscsi logged in: once right after I/O, once with
# fio running.  The unload succeeds at once (the sessions are dropped, the
# initiator gives up after its 5 s replacement timeout), the module loads
# again, and the data written before the first unload is still there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd fio rmmod timeout
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

setup() {
	ikt_portal 1 0.0.0.0:3260 && ikt_target unl 64M portal=1
}
login() { ikt_login unl && ikt_disk unl; }
# Sequential, so that --verify_only can check it after the reload.
job=(--rw=write --bs=64k)

setup || ikt_die "target unl"
ikt_node unl || ikt_die "node unl"
dev=$(login) || ikt_die "login to unl"
ikt_check "fio verify before the unload" ikt_fio_verify "$dev" 16M "${job[@]}"
ikt_check "rmmod with a session logged in" timeout 60 rmmod iscsikt
ikt_check "module reloads" ikt_load

# The stale session is logged out (or was already recovered); log in anew.
setup || ikt_die "target unl after the reload"
ikt_logout unl
if dev=$(login); then
	ikt_check "data written before the unload is still there" \
		ikt_fio_verify "$dev" 16M "${job[@]}" --verify_only
	fio --name=busy --filename="$dev" --rw=randrw --bsrange=4k-64k \
		--iodepth=16 --ioengine=libaio --direct=1 --time_based \
		--runtime=60 >/dev/null 2>&1 &
	fio=$!
	sleep 3
	ikt_check "fio is running" kill -0 $fio
	ikt_check "rmmod with fio running" timeout 60 rmmod iscsikt
	# I/O fails after the 5 s replacement timeout: fio ends with errors.
	ikt_check "fio ends once the target is gone" ikt_retry 150 \
		ikt_not kill -0 $fio
	wait $fio
	ikt_check "module reloads" ikt_load
else
	ikt_fail "login after the reload"
fi
ikt_done
