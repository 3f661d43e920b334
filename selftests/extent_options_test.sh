#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every extent option, as sg3_utils sees it on the disks open-iscsi
# attached: logical block size, physical block size reporting, read-only,
# LUN RPM, serial (and Xen compat's unpadded T10 designator), NAA, TPC,
# and the identification strings.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_inq sg_vpd sg_readcap sg_opcodes sg_modes python3
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

img=$IKT_IMG_DIR/ikt-opt
ikt_on_exit "rm -f $img-a.img $img-b.img $img-c.img"
truncate -s 16M $img-b.img	# a read-only extent cannot create its file
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_cfg extent add opt-a --file $img-a.img --size 16M --block-size 4096 \
	--rpm SSD --serial OPTSERIAL01 --naa 0x6001405aabbccdd0 --tpc --xen \
	>/dev/null || ikt_die "extent opt-a"
ikt_on_exit "ikt_cfg extent del opt-a --force >/dev/null 2>&1"
ikt_cfg extent add opt-b --file $img-b.img --no-pbs --read-only \
	--rpm 7200 >/dev/null || ikt_die "extent opt-b"
ikt_on_exit "ikt_cfg extent del opt-b --force >/dev/null 2>&1"
ikt_cfg extent add opt-c --file $img-c.img --size 16M >/dev/null ||
	ikt_die "extent opt-c"
ikt_on_exit "ikt_cfg extent del opt-c --force >/dev/null 2>&1"
ikt_export opt-a portal=1 || ikt_die "target opt-a"
ikt_cfg lun add opt-a opt-b --lun 1 >/dev/null || ikt_die "LUN 1"
ikt_cfg lun add opt-a opt-c --lun 2 >/dev/null || ikt_die "LUN 2"

ikt_node opt-a || ikt_die "node opt-a"
ikt_login opt-a || ikt_die "login to opt-a"

a=$(ikt_disk opt-a 0) || ikt_die "no disk for LUN 0"
b=$(ikt_disk opt-a 1) || ikt_die "no disk for LUN 1"
c=$(ikt_disk opt-a 2) || ikt_die "no disk for LUN 2"
ikt_log "LUN 0 $a, LUN 1 $b, LUN 2 $c"

# "TYPE LENGTH VALUE" per designator of VPD page 0x83 (sg_vpd --raw)
designators() {
	sg_vpd --page=di --raw "$1" | python3 -c '
import sys
p = sys.stdin.buffer.read()
off = 4
while off + 4 <= len(p):
    n = p[off + 3]
    d = p[off + 4:off + 4 + n]
    v = d.hex() if p[off] & 0xf == 1 else d.rstrip(b"\0").decode("ascii", "replace")
    print(p[off + 1] & 0xf, n, v)
    off += 4 + n'
}

# Block size and physical block reporting
ikt_check "4096-byte logical blocks" \
	grep -q 'Logical block length=4096 bytes' <<<"$(sg_readcap -l "$a")"
ikt_check "512-byte logical blocks" \
	grep -q 'Logical block length=512 bytes' <<<"$(sg_readcap -l "$c")"
ikt_check "512-byte blocks report a 4096-byte physical block (exponent 3)" \
	grep -q 'Logical blocks per physical block exponent=3' \
	<<<"$(sg_readcap -l "$c")"
ikt_check "no physical block reporting: exponent 0" \
	grep -q 'Logical blocks per physical block exponent=0' \
	<<<"$(sg_readcap -l -R "$b")"

# Read-only: WP in the mode parameter header, writes refused
ikt_check "read-only: WP set in MODE SENSE" \
	grep -q 'WP=1' <<<"$(sg_modes "$b" 2>&1)"
ikt_check "read-write: WP clear in MODE SENSE" \
	grep -q 'WP=0' <<<"$(sg_modes "$c" 2>&1)"
ikt_check "read-only: a write is refused" ikt_not \
	dd if=/dev/zero of="$b" bs=512 count=1 oflag=direct status=none

# LUN RPM: VPD 0xB1 MEDIUM ROTATION RATE
ikt_check "RPM SSD: non-rotating medium" \
	grep -qi 'non-rotating' <<<"$(sg_vpd --page=bdc "$a")"
ikt_check "RPM 7200: nominal rotation rate 7200" \
	grep -q '7200 rpm' <<<"$(sg_vpd --page=bdc "$b")"
ikt_check "RPM UNKNOWN: rate not reported" \
	grep -qi 'not reported' <<<"$(sg_vpd --page=bdc "$c")"

# Serial, NAA, Xen compat
ikt_check "serial in VPD 0x80" \
	grep -q 'Unit serial number: OPTSERIAL01$' <<<"$(sg_vpd --page=sn "$a")"
ikt_check "a serial is generated when none is given" \
	grep -qE 'Unit serial number: [0-9a-f]{15}$' <<<"$(sg_vpd --page=sn "$c")"
d=$(designators "$a")
sed 's/^/#   /' <<<"$d"
ikt_check "NAA designator (type 3) with the NAA given" \
	grep -q '^3 16 6001405aabbccdd0' <<<"$d"
ikt_check "Xen compat: T10 designator carries the bare serial" \
	grep -q '^1 19 ISCSIKT OPTSERIAL01$' <<<"$d"
ikt_check "without Xen compat: the serial is padded to 20 bytes" \
	grep -qE '^1 28 ISCSIKT [0-9a-f]{15} {5}$' <<<"$(designators "$c")"
naa_b=$(designators "$b" | awk '$1 == 3 { print $3 }')
naa_c=$(designators "$c" | awk '$1 == 3 { print $3 }')
ikt_check "generated NAAs are unique per extent" \
	[ -n "$naa_b" ] && [ "$naa_b" != "$naa_c" ]

# Identification, TPC
inq=$(sg_inq "$a")
ikt_check "vendor identification" grep -q 'Vendor identification: ISCSIKT' <<<"$inq"
ikt_check "product identification" \
	grep -q 'Product identification: iSCSI Disk' <<<"$inq"
ikt_check "TPC on: 3PC set in standard INQUIRY" grep -q '3PC=1' <<<"$inq"
ikt_check "TPC off: 3PC clear" grep -q '3PC=0' <<<"$(sg_inq "$c")"
ikt_check "TPC on: EXTENDED COPY listed by REPORT SUPPORTED OPERATION CODES" \
	grep -qi 'extended copy' <<<"$(sg_opcodes "$a" 2>&1)"
ikt_check "REPORT SUPPORTED OPERATION CODES lists READ(16)" \
	grep -qi 'read(16)' <<<"$(sg_opcodes "$c" 2>&1)"

ikt_logout opt-a
ikt_done
