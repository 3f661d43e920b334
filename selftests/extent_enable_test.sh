#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A disabled extent is not exported, as on a NAS.  With open-iscsi logged in
# to a target of two LUNs: disabling LUN 1's extent raises REPORTED LUNS
# DATA HAS CHANGED (06/3f/0e) once, REPORT LUNS no longer lists LUN 1, and
# commands to it get what a LUN never mapped gets (LOGICAL UNIT NOT
# SUPPORTED, INQUIRY peripheral qualifier 3), while LUN 0 keeps working;
# enabled again, LUN 1 is listed and its data reads back intact.  LUN 0
# disabled leaves REPORT LUNS answerable through it.  A disabled extent
# stays configured and mapped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_luns sg_inq sg_turs iscsi-inq jq cmp
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

img=$IKT_IMG_DIR/ikt-en-lu1.img pat=/tmp/ikt-en.pat
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target en-disk 8M portal=1 || ikt_die "target en-disk"
ikt_cfg extent add en-lu1 --file "$img" --size 8M >/dev/null ||
	ikt_die "extent en-lu1"
ikt_on_exit "ikt_cfg extent del en-lu1 --force >/dev/null 2>&1; rm -f $img $pat"
ikt_cfg lun add en-disk en-lu1 --lun 1 >/dev/null || ikt_die "LUN 1"

ikt_node en-disk || ikt_die "node en-disk"
ikt_login en-disk || ikt_die "login to en-disk"
ikt_on_exit "ikt_logout en-disk"
d0=$(ikt_disk en-disk 0) || ikt_die "no disk for LUN 0"
d1=$(ikt_disk en-disk 1) || ikt_die "no disk for LUN 1"
ikt_log "LUN 0 $d0, LUN 1 $d1"

# Is LUN $2 in the REPORT LUNS answer through disk $1?  (peripheral
# addressing: the LUN in the first two bytes)
listed() { sg_luns "$1" | grep -q "^ *$(printf '%04x' "$2")000000000000"; }
# Does the next command through disk $1 report REPORTED LUNS DATA HAS
# CHANGED?  Linux passes that unit attention up to SG_IO callers until a
# REPORT LUNS, which the callers below send after each change.
luns_changed() { sg_turs -v "$1" 2>&1 | grep -qi 'reported luns data has changed'; }
# INQUIRY (standard and the unit serial page) through libiscsi, which
# addresses any LUN, mapped or not: what an initiator learns of LUN $1.
inquiry() {
	local url
	url=iscsi://127.0.0.1/$(ikt_iqn en-disk)/$1
	iscsi-inq "$url" 2>&1
	echo "exit $?"
	iscsi-inq -e 1 -c 0x80 "$url" 2>&1
	echo "exit $?"
}
enabled() { ikt_cfg -j extent show en-lu1 | jq -r '.[0].enabled'; }

head -c 1M /dev/urandom >"$pat" || ikt_die "pattern"
ikt_check "a pattern written to LUN 1" \
	dd if="$pat" of="$d1" bs=1M oflag=direct status=none
ikt_check "REPORT LUNS lists LUN 1 while its extent is enabled" listed "$d0" 1
ikt_check "INQUIRY of LUN 1 differs from a LUN never mapped while enabled" \
	ikt_not cmp -s <(inquiry 1) <(inquiry 7)

# Disabled: LUN 1 goes away, LUN 0 stays.
ikt_check "extent disabled with a session logged in" \
	ikt_cfg extent set en-lu1 --disabled
ikt_check "disabled: LUN 0's next command reports REPORTED LUNS DATA HAS CHANGED" \
	luns_changed "$d0"
ikt_check "disabled: reported once, the next TEST UNIT READY is GOOD" \
	sg_turs "$d0"
ikt_check "disabled: REPORT LUNS no longer lists LUN 1" ikt_not listed "$d0" 1
ikt_check "disabled: REPORT LUNS still lists LUN 0" listed "$d0" 0
ikt_check "disabled: INQUIRY of LUN 1 reports peripheral qualifier 3" \
	grep -q 'PQual=3' <<<"$(sg_inq "$d1" 2>&1)"
out=$(sg_turs -v "$d1" 2>&1)
sed 's/^/#   /' <<<"$out"
ikt_check "disabled: TEST UNIT READY to LUN 1: LOGICAL UNIT NOT SUPPORTED" \
	grep -qi 'logical unit not supported' <<<"$out"
ikt_check "disabled: a read from LUN 1 fails" ikt_not \
	dd if="$d1" of=/dev/null bs=4k count=1 iflag=direct status=none
ikt_check "disabled: LUN 1 answers INQUIRY exactly as a LUN never mapped" \
	cmp <(inquiry 1) <(inquiry 7)
ikt_check "disabled: LUN 0 still reads" \
	dd if="$d0" of=/dev/null bs=64k count=16 iflag=direct status=none
ikt_check "disabled: LUN 0 still writes" \
	dd if=/dev/zero of="$d0" bs=64k count=16 oflag=direct status=none
ikt_check "disabled: the extent is still configured, disabled" \
	[ "$(enabled)" = false ]
ikt_check "disabled: the extent is still mapped at LUN 1" \
	grep -qw en-lu1 <<<"$(ikt_cfg lun show en-disk)"

# Enabled again: LUN 1 is back with its data.
ikt_check "extent enabled again" ikt_cfg extent set en-lu1 --enabled
ikt_check "enabled: REPORTED LUNS DATA HAS CHANGED again" luns_changed "$d0"
ikt_check "enabled: REPORT LUNS lists LUN 1 again" listed "$d0" 1
ikt_check "enabled: the pattern reads back intact from LUN 1" \
	cmp "$pat" <(dd if="$d1" bs=1M count=1 iflag=direct status=none)

# LUN 0 disabled: the target still answers REPORT LUNS there.
ikt_check "LUN 0's extent disabled" ikt_cfg extent set en-disk --disabled
ikt_check "LUN 0 disabled: LUN 1 reports REPORTED LUNS DATA HAS CHANGED" \
	luns_changed "$d1"
ikt_check "LUN 0 disabled: REPORT LUNS through LUN 0 lists LUN 1" \
	listed "$d0" 1
ikt_check "LUN 0 disabled: and not LUN 0" ikt_not listed "$d0" 0
ikt_check "LUN 0 disabled: INQUIRY of LUN 0 reports peripheral qualifier 3" \
	grep -q 'PQual=3' <<<"$(sg_inq "$d0" 2>&1)"
ikt_check "LUN 0 disabled: LUN 1 still reads" \
	cmp "$pat" <(dd if="$d1" bs=1M count=1 iflag=direct status=none)
ikt_check "LUN 0's extent enabled again" ikt_cfg extent set en-disk --enabled
ikt_check "LUN 0 enabled: REPORT LUNS lists LUN 0 again" listed "$d1" 0
ikt_done
