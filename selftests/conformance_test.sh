#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libiscsi's whole conformance suite, iscsi-test-cu --dataloss --test ALL,
# with two initiator names (the reservation tests) and two paths to the
# LU (the multipath tests), against a FILE and a DEVICE extent with
# third-party copy on.  Every test must pass, and a test libiscsi skips
# counts as failed unless the reason is one that holds for any disk (not
# removable media, SANITIZE, geometry; see below).  The ReadOnly suite
# runs again on a read-only extent, where it cannot skip, and GetLBAStatus
# on a LU where its UnmapSingle test is valid, and the Sanitize suite
# (--allow-sanitize) on a LU slow enough for its reset test.
#
# The four layouts (FILE, DEVICE) x (512, 4096-byte blocks) run side by
# side: about as long as two (libiscsi sleeps a lot).  The SCSI emulation
# does not depend on the kernel's version: in make check, one of the two
# regular kernels runs this (ikt-share, run_suite.sh).
# ikt-tier: long
# ikt-share: 2
# ikt-timeout: 1800
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd iscsi-test-cu losetup dmsetup blockdev
ikt_require_module loop dm-delay
ikt_load || ikt_die "cannot load iscsikt"

# Skips a real disk gets too: its medium is not removable.  The Sanitize
# suite runs on its own LU below, with --allow-sanitize.
allowed_skips='Logical unit is not removable|Media is not removable'
allowed_skips+='|--allow-sanitize flag is not set'
# A test that needs several logical blocks per physical block, on a LU
# with 4096-byte blocks (one per physical block): geometry, not a gap.
allowed_skips+='|LBPPB < 2'
# ReadOnly runs on its own read-only LU below.
allowed_skips+='|Logical unit is not write-protected'
ini1=iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-test
ini2=iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-test-2

# Sanitize.Reset waits for the end of the overwrite in a loop that
# sleeps a minute without reading its socket: past the NOP-In interval and
# timeout, the target would drop the connection as dead.  No pings here.
nopin=/sys/module/iscsikt/parameters/nopin_interval
ikt_on_exit "echo $(cat $nopin) >$nopin"
echo 0 >$nopin
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal 1"
ikt_portal 2 0.0.0.0:3261 || ikt_die "portal 2"

# conform_report OUT: "FAIL suite.test reason" per failed or skipped test
conform_report() {
	awk -v ok="$allowed_skips" -v known_list="$known_failures" '
	BEGIN { n = split(known_list, k, " "); for (i = 1; i <= n; i++) known[k[i]] = 1 }
	/^Suite: / { suite = $2 }
	/^  Test: / { test = $2 }
	/\[SKIPPED\]/ {
		r = substr($0, index($0, "[SKIPPED]") + 10)
		if (r !~ ok && !((suite "." test) in seen)) {
			seen[suite "." test] = 1
			print "FAIL " suite "." test " skipped: " r
		}
	}
	# CUnit ends a failed test with "FAILED", on its line or alone
	/^FAILED$/ || /\.\.\.FAILED$/ {
		if ((suite "." test) in known)
			print "KNOWN " suite "." test " failed"
		else
			print "FAIL " suite "." test " failed"
	}
	' "$1"
}

# conform_exec LABEL URL [iscsi-test-cu args]: one run, its output in
# conformance-LABEL.out and its exit status in conformance-LABEL.rc.
# The runs go side by side: libiscsi sleeps a lot (resets, reservations),
# and each run has LUs of its own.
conform_exec() {
	local label=$1 url=$2
	shift 2
	iscsi-test-cu --dataloss -i "$ini1" -I "$ini2" "$@" "$url" \
		"${url/127.0.0.1/127.0.0.1:3261}" \
		>"$IKT_RESULTS_DIR/conformance-$label.out" 2>&1
	echo $? >"$IKT_RESULTS_DIR/conformance-$label.rc"
}

# conform_judge LABEL [KNOWN...]: pass or fail a finished run; a test named
# in KNOWN may fail (it is listed, not counted)
conform_judge() {
	local label=$1 out=$IKT_RESULTS_DIR/conformance-$1.out rc bad ran
	shift
	known_failures="$*"
	rc=$(cat "$IKT_RESULTS_DIR/conformance-$label.rc" 2>/dev/null)
	ran=$(awk '$1 == "tests" { print $3 }' "$out")
	bad=$(conform_report "$out" | grep '^FAIL')
	conform_report "$out" | grep '^KNOWN' | sed 's/^/# /'
	# a known failure fails the run's exit status, nothing else
	[ -z "$bad" ] && conform_report "$out" | grep -q '^KNOWN' && rc=0
	if [ "$rc" = 0 ] && [ -z "$bad" ] && [ "${ran:-0}" -gt 0 ] &&
	   grep -q '^Run Summary' "$out"; then
		echo "# PASS: $label: $ran tests"
		return
	fi
	ikt_fail "$label (exit ${rc:-none}, ${ran:-0} tests ran)"
	if [ -n "$bad" ]; then
		echo "$bad" | sed 's/^/#   /'
	else
		grep -vE '^\s*$' "$out" | tail -n 30 | sed 's/^/#   /'
	fi
}

# conform_lu NAME KIND BS [extent args]: an extent, and a target on both
# portals with it as LUN 0
conform_lu() {
	local name=$1 kind=$2 bs=$3 img=$IKT_IMG_DIR/ikt-$1.img dev
	shift 3
	if [ "$kind" = dev ]; then
		ikt_loop dev "$img" 64M -b "$bs" || return 1
		ikt_cfg extent add "$name" --device "$dev" --block-size "$bs" \
			"$@" >/dev/null || return 1
	else
		# Made first: a read-only extent cannot create its file.
		truncate -s 64M "$img" || return 1
		ikt_on_exit "rm -f $img"
		ikt_cfg extent add "$name" --file "$img" --block-size "$bs" \
			"$@" >/dev/null || return 1
	fi
	ikt_on_exit "ikt_cfg extent del $name --force >/dev/null 2>&1"
	ikt_export "$name" portal=1 --group portal=2
}

IKT_RESULTS_DIR=${IKT_RESULTS:-/tmp}
layouts="file:512 file:4096 dev:512 dev:4096"
pids=()
for l in $layouts; do
	kind=${l%:*} bs=${l#*:}
	conform_lu "cu-$kind-$bs" "$kind" "$bs" --tpc || ikt_die "LU cu-$kind-$bs"
	conform_exec "$kind-$bs" "$(ikt_url "cu-$kind-$bs")" --test ALL &
	pids+=($!)
done

# libiscsi 1.19's GetLBAStatus.UnmapSingle asks for the status of LBA
# n + 1 and wants the first descriptor to start at n + (logical blocks per
# physical block), where SBC-3 starts it at the LBA asked for, as we do:
# on a LU with several logical blocks per physical block (512-byte blocks
# report 4096-byte physical ones) it cannot pass, and the runs above
# expect that one failure there.  Here the suite runs on a LU with one
# logical block per physical block, where the test is valid and must pass.
conform_lu cu-lbas file 512 --no-pbs || ikt_die "LU cu-lbas"
conform_exec get-lba-status "$(ikt_url cu-lbas)" --test SCSI.GetLBAStatus &
pids+=($!)
conform_lu cu-ro file 512 --read-only || ikt_die "read-only LU"
conform_exec read-only "$(ikt_url cu-ro)" --test SCSI.ReadOnly &
pids+=($!)

# Sanitize.Reset wants an overwrite still running seconds after it
# started, through resets and a new login; an overwrite of 64 MiB takes
# about a second here.  dm-delay holds the cache flush that ends it for
# 10 s (reads and writes pass at once).
ikt_loop sanloop "$IKT_IMG_DIR/ikt-cu-san.img" 64M || ikt_die "loop device"
table="0 $(blockdev --getsz "$sanloop") delay $sanloop 0 0 $sanloop 0 0"
table+=" $sanloop 0 10000"
# No udev in the guest: dmsetup makes the /dev/mapper node itself.
dmsetup create --noudevsync ikt-cu-san --table "$table" &&
	dmsetup mknodes ikt-cu-san || ikt_die "dm-delay device"
ikt_on_exit "dmsetup remove --noudevsync ikt-cu-san"
ikt_cfg extent add cu-san --device /dev/mapper/ikt-cu-san >/dev/null ||
	ikt_die "extent on dm-delay"
ikt_on_exit "ikt_cfg extent del cu-san --force >/dev/null 2>&1"
ikt_export cu-san portal=1 --group portal=2 || ikt_die "target cu-san"
# One run per test: Sanitize.Reservations ends by dropping a connection
# that holds a RESERVE, and the target releases it when it sees the
# connection go, which the next test in the same run may overtake.
sanitize_tests=$(iscsi-test-cu --list | sed -n 's/^ALL\.Sanitize\.//p')
[ -n "$sanitize_tests" ] || ikt_die "no Sanitize tests in iscsi-test-cu"
for t in $sanitize_tests; do
	conform_exec "sanitize-$t" "$(ikt_url cu-san)" \
		--test "SCSI.Sanitize.$t" --allow-sanitize
done &
pids+=($!)
ikt_on_exit "kill ${pids[*]} 2>/dev/null"
wait "${pids[@]}"

for l in $layouts; do
	known=
	[ "${l#*:}" = 512 ] && known=GetLBAStatus.UnmapSingle
	conform_judge "${l/:/-}" $known
done
conform_judge get-lba-status
allowed_skips='^$' conform_judge read-only
# BLOCK ERASE and CRYPTOGRAPHIC ERASE are not served (scsi_sanitize.c).
for t in $sanitize_tests; do
	allowed_skips='SANITIZE (BLOCK_ERASE|CRYPTO_ERASE) is not implemented' \
		conform_judge "sanitize-$t"
done
ikt_done
