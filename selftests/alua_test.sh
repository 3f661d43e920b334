#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ALUA and the REPORT LUNS well-known LU.  A target reachable through two
# portal groups: with ALUA on, sg3_utils on the disk open-iscsi attached
# sees TPGS 11b, REPORT TARGET PORT GROUPS lists both groups
# (active/optimized, one target port each, in both formats) as VPD 0x83
# names them, and scsi_dh_alua attaches without complaint.  Explicit ALUA
# with a second session through portal group 2: sg_stpg sets group 2
# standby, then unavailable, then back; sg_rtpg reports each state with
# STATUS CODE 01h; the other session gets ASYMMETRIC ACCESS STATE CHANGED
# and is refused what the state forbids (NOT READY 04/0B, 04/0C), while
# the first session's port serves everything; bad parameter lists change
# nothing.  Turning ALUA off raises INQUIRY DATA HAS CHANGED; with ALUA
# off both commands are refused.  REPORT LUNS lists the W-LUN as SELECT
# REPORT asks, and the W-LUN itself (through alua_wlun.py) serves
# INQUIRY, REPORT LUNS, REQUEST SENSE and TEST UNIT READY only.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_rtpg sg_stpg sg_luns sg_inq sg_vpd sg_opcodes sg_raw \
	sg_turs sg_requests python3
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
ikt_check "ALUA on: TPGS 11b (implicit and explicit) in standard INQUIRY" \
	grep -q 'TPGS=3' <<<"$(sg_inq "$dev")"
sg_rtpg -d "$dev" | sed 's/^/#   /'
# TPG 1 and TPG 2, each active/optimized (U_SUP, S_SUP, AN_SUP, AO_SUP)
# with its port, STATUS CODE 0
descs=000f00010000000100000001000f00020000000100000002
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
ikt_check "RSOC lists SET TARGET PORT GROUPS" \
	grep -qi 'set target port groups' <<<"$(sg_opcodes "$dev")"

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

# ---- Explicit ALUA: a second session, through portal group 2 ----
node2() { iscsiadm -m node -T "$(ikt_iqn alua)" -p 127.0.0.1:3261 "$@"; }
# the disk of the session to target alua through local port $1
_disk_via() {
	local s d
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/targetname" 2>/dev/null)" = "$(ikt_iqn alua)" ] ||
			continue
		grep -qx "$1" "$s"/device/connection*/iscsi_connection/*/persistent_port \
			2>/dev/null || continue
		for d in "$s"/device/target*/*/block/*; do
			[ -b "/dev/${d##*/}" ] && echo "/dev/${d##*/}" && return 0
		done
	done
	return 1
}
# "STATE/STATUS" of target port group $2 in REPORT TARGET PORT GROUPS
# through $1, from the raw data: byte 0 low nibble, byte 5
tpg_state() {
	local -a b
	local i

	read -ra b <<<"$(sg_rtpg --raw "$1" | od -An -v -tx1 | tr '\n' ' ')"
	for ((i = 4; i + 12 <= ${#b[@]}; i += 12)); do
		if ((16#${b[i + 2]}${b[i + 3]} == $2)); then
			echo "${b[i]:1}/${b[i + 5]}"
			return 0
		fi
	done
	return 1
}
read10() { sg_raw -r 4096 "$1" 28 00 00 00 00 00 00 00 08 00 2>&1; }

node2 -o new >/dev/null || ikt_die "node through portal 2"
node2 -o update -n node.conn[0].timeo.login_timeout -v 5 >/dev/null
node2 -o update -n node.session.timeo.replacement_timeout -v 5 >/dev/null
node2 --login >/dev/null 2>&1 || ikt_die "login through portal 2"
dev2=$(ikt_retry 100 _disk_via 3261) || ikt_die "no disk through portal 2"
[ "$(_disk_via 3260)" = "$dev" ] || ikt_die "$dev is not the portal 1 path"
udevadm settle 2>/dev/null
ikt_log "portal 1: $dev, portal 2: $dev2"
ikt_check "VPD 0x83 through portal 2: target port group 2" \
	grep -q 'Target port group: 0x2$' <<<"$(sg_vpd --page=di "$dev2")"
# a stale UA of the login's scan, if any, is not what we look for
sg_requests "$dev2" >/dev/null 2>&1

out=$(sg_stpg --standby --tp=2 "$dev" 2>&1)
sed 's/^/#   /' <<<"$out"
sg_rtpg -d "$dev" | sed 's/^/#   /'
ikt_check "STPG standby: group 2 standby, STATUS CODE 01h (altered by STPG)" \
	[ "$(tpg_state "$dev" 2)" = "2/01" ]
ikt_check "STPG standby: group 1 untouched (active/optimized, status 0)" \
	[ "$(tpg_state "$dev" 1)" = "0/00" ]
ikt_check "sg_rtpg decodes standby, altered by SET TARGET PORT GROUPS" \
	grep -qi 'standby' <<<"$(sg_rtpg -d "$dev")"
out=$(sg_requests "$dev2" 2>&1)
sed 's/^/#   /' <<<"$out"
ikt_check "the other session: ASYMMETRIC ACCESS STATE CHANGED (06/2A/06)" \
	grep -qi 'asymmetric access state changed' <<<"$out"
ikt_check "the STPG session: no unit attention" ikt_not \
	grep -qi 'asymmetric access state changed' \
	<<<"$(sg_requests "$dev" 2>&1)"
out=$(read10 "$dev2")
sed 's/^/#   /' <<<"$out"
ikt_check "READ through the standby port: NOT READY, 04/0B" \
	grep -qi 'not accessible.*standby' <<<"$out"
ikt_check "TEST UNIT READY through the standby port fails" ikt_not \
	sg_turs "$dev2"
ikt_check "INQUIRY through the standby port is served" sg_inq "$dev2"
ikt_check "MODE SENSE through the standby port is served" \
	sg_raw -r 255 "$dev2" 1a 00 3f 00 ff 00
ikt_check "REPORT TARGET PORT GROUPS through the standby port" \
	[ "$(tpg_state "$dev2" 2)" = "2/01" ]
ikt_check "READ through the active/optimized port" \
	grep -qi 'good' <<<"$(read10 "$dev")"

# Unavailable; this time Linux itself takes the UA and asks again.
sg_stpg --unavailable --tp=2 "$dev" >/dev/null 2>&1
ikt_check "STPG unavailable: group 2 unavailable" \
	[ "$(tpg_state "$dev" 2)" = "3/01" ]
out=$(sg_turs -v "$dev2" 2>&1)
sed 's/^/#   /' <<<"$out"
out=$(sg_raw -r 255 "$dev2" 1a 00 3f 00 ff 00 2>&1)
ikt_check "MODE SENSE through the unavailable port: NOT READY, 04/0C" \
	grep -qi 'not accessible.*unavailable' <<<"$out" ||
	sed 's/^/#   /' <<<"$out"
ikt_check "REPORT TARGET PORT GROUPS through the unavailable port" \
	[ "$(tpg_state "$dev2" 2)" = "3/01" ]
sysdev2=/sys/block/${dev2#/dev/}/device
if [ -e "$sysdev2/access_state" ]; then
	ikt_check "scsi_dh_alua of the portal 2 path: unavailable" \
		ikt_retry 50 grep -qx unavailable "$sysdev2/access_state"
	ikt_log "portal 2 access_state $(cat "$sysdev2/access_state")"
fi

# Refused parameter lists change nothing.
out=$(sg_stpg -v --standby --tp=9 "$dev" 2>&1)
sed 's/^/#   /' <<<"$out"
ikt_check "STPG of a group the LU does not have: refused" \
	grep -qi 'invalid field in param' <<<"$out"
ikt_check "... the field pointer names its TARGET PORT GROUP (byte 6)" \
	grep -qi 'error in data parameters: byte 6$' <<<"$out"
out=$(sg_stpg -v --state=2,14 --tp=1,2 "$dev" 2>&1)
sed 's/^/#   /' <<<"$out"
ikt_check "STPG of an offline group: refused" \
	grep -qi 'invalid field in param' <<<"$out"
ikt_check "... the field pointer names its state (byte 8 bit 3)" \
	grep -qi 'error in data parameters: byte 8 bit 3' <<<"$out"
ikt_check "a refused STPG sets no group (all or nothing)" \
	[ "$(tpg_state "$dev" 1)/$(tpg_state "$dev" 2)" = "0/00/3/01" ]

# Active/non-optimized serves everything.
sg_stpg --active --tp=2 "$dev" >/dev/null 2>&1
ikt_check "STPG active/non-optimized: group 2" \
	[ "$(tpg_state "$dev" 2)" = "1/01" ]
# scsi_dh_alua takes the UA, asks again and retries the command; without
# it the UA is ours to take.
[ -e "$sysdev2/access_state" ] || sg_requests "$dev2" >/dev/null 2>&1
ikt_check "TEST UNIT READY through the active/non-optimized port" \
	sg_turs "$dev2"
ikt_check "READ through the active/non-optimized port" \
	grep -qi 'good' <<<"$(read10 "$dev2")"
if [ -e "$sysdev2/access_state" ]; then
	ikt_check "scsi_dh_alua of the portal 2 path: active/non-optimized" \
		ikt_retry 50 grep -qx active/non-optimized \
		"$sysdev2/access_state"
fi
sg_stpg --optimized --tp=2 "$dev" >/dev/null 2>&1
ikt_check "STPG active/optimized: group 2 back" \
	[ "$(tpg_state "$dev" 2)" = "0/01" ]
sg_turs "$dev2" >/dev/null 2>&1

# Turning ALUA off changes TPGS: every nexus is told.
ikt_cfg global set --alua off >/dev/null || ikt_die "ALUA off"
out=$(sg_requests "$dev2" 2>&1)
ikt_check "ALUA off: INQUIRY DATA HAS CHANGED (06/3F/03)" \
	grep -qi 'inquiry data has changed' <<<"$out" ||
	sed 's/^/#   /' <<<"$out"
ikt_check "ALUA off: the standby rules are gone with it" \
	grep -qi 'good' <<<"$(read10 "$dev2")"
node2 --logout >/dev/null 2>&1 || ikt_fail "logout through portal 2"
ikt_cfg global set --alua on >/dev/null || ikt_die "ALUA on again"
sg_requests "$dev" >/dev/null 2>&1
ikt_check "ALUA on again: the states were kept" \
	[ "$(tpg_state "$dev" 2)" = "0/01" ]

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
