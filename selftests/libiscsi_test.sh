#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libiscsi's conformance suite (iscsi-test-cu --dataloss) on the SCSI and
# iSCSI suites the target passes: each must exit 0 and report no failed
# test or assert in its Run Summary.  The long run adds other CDB sizes and
# the suites that mostly check unsupported commands are refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd iscsi-test-cu
ikt_load || ikt_die "cannot load iscsikt"

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target cu-disk 64M portal=1 || ikt_die "target cu-disk"
url=$(ikt_url cu-disk)

suites=(
	SCSI.TestUnitReady SCSI.Inquiry SCSI.Mandatory SCSI.ModeSense6
	SCSI.ReadCapacity10 SCSI.ReadCapacity16 SCSI.ReportSupportedOpcodes
	SCSI.Read6 SCSI.Read10 SCSI.Read12 SCSI.Read16
	SCSI.Write10 SCSI.Write12 SCSI.Write16
	SCSI.Verify10 SCSI.Verify16 SCSI.WriteVerify10 SCSI.WriteVerify16
	iSCSI.iSCSIcmdsn iSCSI.iSCSIdatasn iSCSI.iSCSITMF iSCSI.iSCSIResiduals
)
# Same commands in other CDB sizes, and suites that mostly check that
# unsupported commands are refused properly.
ikt_full && suites+=(
	SCSI.Verify12 SCSI.WriteVerify12 SCSI.StartStopUnit SCSI.PreventAllow
	SCSI.Prefetch10 SCSI.Prefetch16 SCSI.Unmap SCSI.WriteSame10
	SCSI.WriteSame16 SCSI.CompareAndWrite SCSI.ExtendedCopy
	SCSI.GetLBAStatus SCSI.NoMedia SCSI.OrWrite SCSI.PrinReadKeys
	SCSI.PrinServiceactionRange SCSI.PrinReportCapabilities
	SCSI.ProutRegister SCSI.ProutReserve SCSI.ProutClear
	SCSI.ProutPreempt SCSI.ReadDefectData10 SCSI.ReadDefectData12
	SCSI.ReadOnly SCSI.ReceiveCopyResults SCSI.Reserve6
	SCSI.WriteAtomic16
)

# The debug kernel runs several times slower: outside the long run it
# keeps the suites that drive the protocol paths (make check-debug runs
# everything).
if ikt_debug_kernel && ! ikt_full; then
	suites=(SCSI.Inquiry SCSI.ReadCapacity16 SCSI.Read10 SCSI.Write10
		iSCSI.iSCSIcmdsn iSCSI.iSCSIdatasn iSCSI.iSCSITMF
		iSCSI.iSCSIResiduals)
fi

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
