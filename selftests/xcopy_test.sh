#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Third-party copy with a real initiator: open-iscsi attaches two LUNs of
# one target on TPC-enabled extents, sg_xcopy has the target copy random
# data from the first to the second with EXTENDED COPY, and the second
# disk then reads back what the first holds.  With TPC off on the extents
# the target refuses the copy and sg_xcopy fails.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd iscsiadm
ikt_require_cmd sg_xcopy sg_inq sg_vpd
ikt_require_module sg
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

name=xc
size=16M
mib=8		# copied: the first 8 MiB

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
for x in a b; do
	ikt_cfg extent add "$name-$x" --file "$IKT_IMG_DIR/ikt-$name-$x.img" \
		--size "$size" --tpc >/dev/null || ikt_die "extent $name-$x"
	ikt_on_exit "ikt_cfg extent del $name-$x --force >/dev/null 2>&1; rm -f $IKT_IMG_DIR/ikt-$name-$x.img"
done
ikt_cfg target add "$name" --group portal=1 >/dev/null || ikt_die "target"
ikt_on_exit "ikt_cfg target del $name --force >/dev/null 2>&1"
ikt_cfg lun add "$name" "$name-a" --lun 0 >/dev/null || ikt_die "lun 0"
ikt_cfg lun add "$name" "$name-b" --lun 1 >/dev/null || ikt_die "lun 1"

ikt_node "$name" || ikt_die "node"
ikt_on_exit "_ikt_node $name -o delete >/dev/null 2>&1"
ikt_login "$name" || ikt_die "login"
ikt_on_exit "ikt_logout $name"

src=$(ikt_disk "$name" 0) || ikt_die "no disk for LUN 0"
dst=$(ikt_disk "$name" 1) || ikt_die "no disk for LUN 1"
# sg_xcopy talks to the SCSI generic devices of the disks.
sg_of() { echo "/dev/$(ls "/sys/block/${1#/dev/}/device/scsi_generic")"; }
sg_src=$(sg_of "$src") && [ -c "$sg_src" ] || ikt_die "no sg device for $src"
sg_dst=$(sg_of "$dst") && [ -c "$sg_dst" ] || ikt_die "no sg device for $dst"
ikt_log "source $src ($sg_src), destination $dst ($sg_dst)"

ikt_check "the 3PC bit is set" \
	bash -c "sg_inq $src | grep -q '3PC=1'"
ikt_check "VPD 0x8F lists EXTENDED COPY" \
	bash -c "sg_vpd -p tpc $dst | grep -qi 'extended copy'"

dd if=/dev/urandom of="$src" bs=1M count=$mib oflag=direct status=none ||
	ikt_die "write the source"

same() {
	cmp <(dd if="$src" bs=1M count=$mib iflag=direct status=none) \
	    <(dd if="$dst" bs=1M count=$mib iflag=direct status=none)
}

ikt_check "the disks differ before the copy" ikt_not same
ikt_check "sg_xcopy copies $mib MiB" \
	sg_xcopy if="$sg_src" of="$sg_dst" bs=512 count=$((mib * 2048))
ikt_check "the destination holds the source's data" same

# With TPC off the copy manager is gone: EXTENDED COPY is refused.
for x in a b; do
	ikt_cfg extent set "$name-$x" --tpc=off >/dev/null ||
		ikt_fail "TPC off on $name-$x"
done
ikt_check "the 3PC bit is clear" \
	bash -c "sg_inq $src | grep -q '3PC=0'"
ikt_check "sg_xcopy fails with TPC off" \
	ikt_not sg_xcopy if="$sg_src" of="$sg_dst" bs=512 count=2048

ikt_done
