#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Implicit ALUA and the REPORT LUNS well-known LU.  A target reachable
# through two portal groups: with ALUA on, sg3_utils on the disk open-iscsi
# attached sees TPGS 01b, REPORT TARGET PORT GROUPS lists both groups
# (active/optimized, one target port each, in both formats) as VPD 0x83
# names them, SET TARGET PORT GROUPS is refused, and scsi_dh_alua attaches
# without complaint; with ALUA off both commands are refused.  REPORT LUNS
# lists the W-LUN as SELECT REPORT asks, and the W-LUN itself (through
# alua_wlun.py) serves INQUIRY, REPORT LUNS, REQUEST SENSE and TEST UNIT
# READY only.
# ikt-tier: long
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_rtpg sg_stpg sg_luns sg_inq sg_vpd sg_opcodes python3
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal 1"
ikt_portal 2 127.0.0.1:3261 || ikt_die "portal 2"
ikt_on_exit "ikt_cfg global set --alua off >/dev/null 2>&1"
ikt_cfg global set --alua on >/dev/null || ikt_die "ALUA on"
ikt_target alua 16M portal=1 --group portal=2 || ikt_die "target alua"
ikt_node alua || ikt_die "node alua"

# scsi_dh_alua attaches when it sees TPGS (the kernel may also load it).
modprobe -q scsi_dh_alua 2>/dev/null
ikt_login alua || ikt_die "login with ALUA on"
dev=$(ikt_disk alua) || ikt_die "no disk"
ikt_log "ALUA on: $dev"

# raw REPORT TARGET PORT GROUPS data in hex; then sg_rtpg options
rtpg_hex() {
	sg_rtpg --raw "${@:2}" "$1" | od -An -v -tx1 | tr -d ' \n'
}

sg_inq "$dev" | grep -E 'TPGS|ACC' | sed 's/^/#   /'
ikt_check "ALUA on: TPGS 01b (implicit) in standard INQUIRY" \
	grep -q 'TPGS=1' <<<"$(sg_inq "$dev")"
sg_rtpg -d "$dev" | sed 's/^/#   /'
# TPG 1 and TPG 2, each active/optimized (AO_SUP only) with its port
descs=000100010000000100000001000100020000000100000002
ikt_check "RTPG length-only format: two groups, one port each" \
	[ "$(rtpg_hex "$dev")" = "00000018$descs" ]
ikt_check "RTPG extended format: FORMAT TYPE 1, transition time 0" \
	[ "$(rtpg_hex "$dev" --extended)" = "0000001c10000000$descs" ]
ikt_check "sg_rtpg decodes an active/optimized group" \
	grep -qi 'active/optimized' <<<"$(sg_rtpg -d "$dev")"
vpd=$(sg_vpd --page=di "$dev")
ikt_check "VPD 0x83: relative target port 1, as RTPG says" \
	grep -q 'Relative target port: 0x1$' <<<"$vpd"
ikt_check "VPD 0x83: target port group 1, as RTPG says" \
	grep -q 'Target port group: 0x1$' <<<"$vpd"
ikt_check "RSOC lists REPORT TARGET PORT GROUPS" \
	grep -qi 'report target port groups' <<<"$(sg_opcodes "$dev")"
ikt_check "RSOC does not list SET TARGET PORT GROUPS" ikt_not \
	grep -qi 'set target port groups' <<<"$(sg_opcodes "$dev")"
out=$(sg_stpg --optimized --tp=1 "$dev" 2>&1)
ikt_check "SET TARGET PORT GROUPS refused (implicit ALUA only)" \
	grep -qi 'invalid opcode' <<<"$out" || sed 's/^/#   /' <<<"$out"

# scsi_dh_alua, where the kernel has it
sysdev=/sys/block/${dev#/dev/}/device
if [ -e "$sysdev/access_state" ]; then
	ikt_check "scsi_dh_alua attached" \
		grep -qx alua "$sysdev/dh_state"
	ikt_check "access_state: active/optimized" \
		grep -qx active/optimized "$sysdev/access_state"
	ikt_log "dh_state $(cat "$sysdev/dh_state"), access_state $(cat "$sysdev/access_state")"
else
	ikt_log "no access_state in sysfs: scsi_dh_alua check left out"
fi
dmesg | grep -i alua | tail -5 | sed 's/^/#   /'

# REPORT LUNS through sg_luns
sg_luns -s 2 "$dev" | sed 's/^/#   /'
ikt_check "SELECT REPORT 0: LUN 0" \
	grep -q '0000000000000000' <<<"$(sg_luns -s 0 "$dev")"
ikt_check "SELECT REPORT 0: no W-LUN" ikt_not \
	grep -qi 'c101' <<<"$(sg_luns -s 0 "$dev")"
ikt_check "SELECT REPORT 1: the REPORT LUNS W-LUN only" \
	grep -qi 'c101000000000000' <<<"$(sg_luns -s 1 "$dev")"
ikt_check "SELECT REPORT 1: no LUN 0" ikt_not \
	grep -q '0000000000000000' <<<"$(sg_luns -s 1 "$dev")"
out=$(sg_luns -s 2 "$dev")
ikt_check "SELECT REPORT 2: LUN 0 and the W-LUN" \
	grep -q '0000000000000000' <<<"$out" &&
	grep -qi 'c101000000000000' <<<"$out"
ikt_check "SELECT REPORT 10h (conglomerates) refused" ikt_not \
	sg_luns -s 16 "$dev"

ikt_logout alua || ikt_fail "logout"

# ALUA off: both commands refused, TPGS 00b
ikt_cfg global set --alua off >/dev/null || ikt_die "ALUA off"
ikt_login alua || ikt_die "login with ALUA off"
dev=$(ikt_disk alua) || ikt_die "no disk"
ikt_log "ALUA off: $dev"
ikt_check "ALUA off: TPGS 00b" grep -q 'TPGS=0' <<<"$(sg_inq "$dev")"
out=$(sg_rtpg "$dev" 2>&1)
ikt_check "ALUA off: REPORT TARGET PORT GROUPS refused" \
	grep -qi 'illegal request\|not supported\|invalid' <<<"$out"
ikt_check "ALUA off: RTPG fails" ikt_not sg_rtpg "$dev"
# sg_stpg (sg3_utils 1.46) exits 0 whatever the sense: read what it says.
ikt_check "ALUA off: SET TARGET PORT GROUPS refused" \
	grep -qi 'invalid opcode' <<<"$(sg_stpg --optimized --tp=1 "$dev" 2>&1)"
ikt_check "ALUA off: RSOC does not list RTPG" ikt_not \
	grep -qi 'report target port groups' <<<"$(sg_opcodes "$dev")"
ikt_logout alua || ikt_fail "logout"

# The W-LUN, addressed directly
wl=$(python3 "$(dirname "$0")/alua_wlun.py" "$(ikt_iqn alua)") ||
	ikt_fail "alua_wlun.py"
sed 's/^/#   /' <<<"$wl"
# "NAME STATUS[ SENSE] DATA" line of the command NAME
wl() { awk -v n="$1" '$1 == n { $1 = ""; print substr($0, 2) }' <<<"$wl"; }
ikt_check "W-LUN INQUIRY: peripheral device type 1Eh, qualifier 0" \
	grep -q '^0 1e' <<<"$(wl inquiry)"
ikt_check "W-LUN VPD 0x00: pages 00h and 83h" \
	grep -q '^0 1e00000200830*$' <<<"$(wl vpd-00)"
ikt_check "W-LUN VPD 0x83 served" grep -q '^0 1e83' <<<"$(wl vpd-83)"
ikt_check "W-LUN VPD 0x80 refused" grep -q '^2 5/24/00' <<<"$(wl vpd-80)"
ikt_check "W-LUN TEST UNIT READY" grep -qx '0' <<<"$(wl tur)"
ikt_check "W-LUN REQUEST SENSE: NO SENSE" \
	grep -q '^0 70000000' <<<"$(wl request-sense)"
for l in luns lun0-luns; do
	ikt_check "$l SELECT REPORT 0" \
		grep -qx '0 00000008000000000000000000000000' <<<"$(wl $l-0)"
	ikt_check "$l SELECT REPORT 1" \
		grep -qx '0 0000000800000000c101000000000000' <<<"$(wl $l-1)"
	ikt_check "$l SELECT REPORT 2" \
		grep -qx '0 00000010000000000000000000000000c101000000000000' \
		<<<"$(wl $l-2)"
	ikt_check "$l SELECT REPORT 3 refused" \
		grep -q '^2 5/24/00' <<<"$(wl $l-3)"
	ikt_check "$l SELECT REPORT 10h refused" \
		grep -q '^2 5/24/00' <<<"$(wl $l-10)"
done
for c in read-capacity read10 mode-sense rsoc rtpg; do
	ikt_check "W-LUN refuses $c: INVALID COMMAND OPERATION CODE" \
		grep -q '^2 5/20/00' <<<"$(wl $c)"
done

ikt_done
