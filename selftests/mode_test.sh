#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MODE SELECT through the Linux initiator: sd's own cache_type switch and
# sdparm turn the write cache (caching page WCE) off and on again, sdparm
# selects descriptor-format sense (control page D_SENSE) and a refused
# command then reports its sense in that format; software write protect
# (control page SWP) refuses writes until cleared; a bit that cannot be
# changed is refused and changes nothing.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sdparm sg_raw sg_modes
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target mode-disk 16M portal=1 || ikt_die "target mode-disk"
ikt_node mode-disk || ikt_die "node mode-disk"
ikt_login mode-disk || ikt_die "login to mode-disk"
dev=$(ikt_disk mode-disk) || ikt_die "no disk for mode-disk"
cache_type=$(echo /sys/block/"${dev#/dev/}"/device/scsi_disk/*/cache_type)

# "WCE 1 [cha: y, def: 1, sav: 1]": the current value first.
get() { sdparm --get="$1" "$dev" 2>/dev/null | awk -v f="$1" '$1 == f { print $2 }'; }

ikt_check "WCE starts on" test "$(get WCE)" = 1
ikt_check "sd sees a write-back cache" grep -q '^write back$' "$cache_type"
ikt_check "sd switches the cache to write through (MODE SELECT)" \
	bash -c "echo 'write through' >$cache_type"
ikt_check "WCE is now off" test "$(get WCE)" = 0
ikt_check "a write with WCE off completes" \
	dd if=/dev/urandom of="$dev" bs=4k count=16 oflag=direct status=none
ikt_check "sdparm sets WCE again" sdparm -q --set=WCE "$dev"
ikt_check "WCE is on" test "$(get WCE)" = 1

ikt_check "D_SENSE starts off" test "$(get D_SENSE)" = 0
out=/tmp/ikt-mode.out
sg_raw -vv "$dev" ff 00 00 00 00 00 >$out 2>&1
ikt_check "fixed format sense for a refused command" \
	grep -qi 'fixed format' $out
ikt_check "sdparm sets D_SENSE" sdparm -q --set=D_SENSE "$dev"
ikt_check "D_SENSE is on" test "$(get D_SENSE)" = 1
sg_raw -vv "$dev" ff 00 00 00 00 00 >$out 2>&1
sed 's/^/#   /' $out | head -n 12
ikt_check "descriptor format sense for a refused command" \
	grep -qi 'descriptor format' $out
ikt_check "sdparm clears D_SENSE" sdparm -q --clear=D_SENSE "$dev"

# WRITE(10) of LBA 0 through SG_IO, the answer as sg_raw decodes it
write_raw() {
	head -c 512 /dev/zero | sg_raw -s 512 "$dev" 2a 00 00 00 00 00 00 00 01 00 2>&1
}
ikt_check "sdparm sets SWP" sdparm -q --set=SWP "$dev"
ikt_check "SWP is on" test "$(get SWP)" = 1
ikt_check "MODE SENSE reports WP" \
	grep -q 'WP=1,' <<<"$(sg_modes -p 0x0a "$dev" 2>&1)"
ikt_check "a write is refused: DATA PROTECT, WRITE PROTECTED" \
	grep -qi 'write protected' <<<"$(write_raw)"
ikt_check "sdparm clears SWP" sdparm -q --clear=SWP "$dev"
ikt_check "a write completes again" \
	dd if=/dev/urandom of="$dev" bs=4k count=1 oflag=direct status=none

# RLEC (report log exception condition) is not changeable here.
ikt_check "a bit that is not changeable is refused" \
	ikt_not sdparm -q --set=RLEC "$dev"
ikt_check "and changes nothing" test "$(get RLEC)" = 0
ikt_check "logout" ikt_logout mode-disk
rm -f $out
ikt_done
