#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libiscsi's conformance suite (iscsi-test-cu --dataloss) on the iSCSI
# protocol suites and the basic SCSI commands: each must exit 0 and report
# no failed test or assert in its Run Summary.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd iscsi-test-cu
ikt_load || ikt_die "cannot load iscsikt"

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target cu-disk 64M portal=1 || ikt_die "target cu-disk"
url=$(ikt_url cu-disk)

# conformance_test runs the whole suite on every layout (a long test); this
# one keeps the suites that drive the protocol paths and the basic
# commands, so the debug kernel checks them too.
suites=(SCSI.Inquiry SCSI.ReadCapacity16 SCSI.Read10 SCSI.Write10
	SCSI.ModeSense6 iSCSI.iSCSIcmdsn iSCSI.iSCSIdatasn iSCSI.iSCSITMF
	iSCSI.iSCSIResiduals)

out=/tmp/ikt-libiscsi.out
for s in "${suites[@]}"; do
	iscsi-test-cu --dataloss --silent --test "$s" "$url" >"$out" 2>&1
	rc=$?
	# "Type Total Ran Passed Failed Inactive" rows for tests and asserts
	failed=$(awk '$1 == "tests" || $1 == "asserts" { n += $5 } END { print n + 0 }' \
		 "$out")
	ran=$(awk '$1 == "tests" { print $3 }' "$out")
	if [ "$rc" = 0 ] && grep -q '^Run Summary' "$out" &&
	   [ "$failed" = 0 ] && [ "${ran:-0}" -gt 0 ]; then
		echo "# PASS: $s ($ran tests)"
	else
		ikt_fail "$s (exit $rc, $failed failed)"
		grep -vE '^\s*$' "$out" | tail -n 40 | sed 's/^/#   /'
	fi
done
rm -f "$out"
ikt_done
