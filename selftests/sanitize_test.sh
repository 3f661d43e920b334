#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SANITIZE through the disks open-iscsi attached, with sg3_utils'
# sg_sanitize (libiscsi's Sanitize suite runs in conformance_test):
#  - OVERWRITE with IMMED, two passes and INVERT on a DEVICE extent whose
#    writes dm-delay slows: while it runs, reads are refused and REQUEST
#    SENSE reports its progress; afterwards every block of the LU reads
#    back as the inverted pattern.
#  - OVERWRITE of a device whose second half fails: SANITIZE COMMAND
#    FAILED, reads refused as well, until EXIT FAILURE MODE (allowed by
#    AUSE) gives the LU back, with its first half overwritten.
#  - rmmod while an overwrite runs waits for it to stop, and the module
#    loads again.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_sanitize sg_requests sg_turs sg_raw dmsetup losetup \
	blockdev python3 cmp dd rmmod timeout
ikt_require_module loop dm-delay
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

dir=/tmp/ikt-sanitize
mkdir -p "$dir"
ikt_on_exit "rm -rf $dir"
# dm devices over loop devices; no udev in the guest, dmsetup makes nodes.
dm() {
	dmsetup create --noudevsync "$1" --table "$2" &&
		dmsetup mknodes "$1" || return 1
	ikt_on_exit "dmsetup remove --noudevsync $1"
}
ikt_loop slow "$dir/slow.img" 32M || ikt_die "loop device"
ikt_loop half "$dir/half.img" 32M || ikt_die "second loop device"
# The cache flush that ends an overwrite waits 5 s: time to watch it.
dm ikt-san-slow "0 65536 delay $slow 0 0 $slow 0 0 $slow 0 5000" ||
	ikt_die "dm-delay device"
dm ikt-san-half "0 32768 linear $half 0
32768 32768 error" || ikt_die "half-failing device"
ikt_cfg extent add san-slow --device /dev/mapper/ikt-san-slow >/dev/null ||
	ikt_die "extent san-slow"
ikt_on_exit "ikt_cfg extent del san-slow --force >/dev/null 2>&1"
ikt_cfg extent add san-half --device /dev/mapper/ikt-san-half >/dev/null ||
	ikt_die "extent san-half"
ikt_on_exit "ikt_cfg extent del san-half --force >/dev/null 2>&1"
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_export san-slow portal=1 || ikt_die "target san-slow"
ikt_cfg lun add san-slow san-half --lun 1 >/dev/null || ikt_die "LUN 1"
ikt_node san-slow || ikt_die "node"
ikt_login san-slow || ikt_die "login"
a=$(ikt_disk san-slow 0) || ikt_die "no disk for LUN 0"
b=$(ikt_disk san-slow 1) || ikt_die "no disk for LUN 1"

# A 3-byte pattern: it repeats from the start of every 512-byte block.
printf 'abc' >"$dir/pattern"
python3 - "$dir" <<'EOF'
import sys
block = (b"abc" * 171)[:512]
with open(sys.argv[1] + "/inverted", "wb") as f:
    f.write(bytes(b ^ 0xff for b in block) * (32 << 11))
with open(sys.argv[1] + "/block", "wb") as f:
    f.write(block)
EOF
dd if=/dev/urandom of="$a" bs=1M count=32 oflag=direct status=none ||
	ikt_die "filling LUN 0"

read_one() { dd if="$1" of=/dev/null bs=512 count=1 iflag=direct status=none; }
# A READ(10) of LBA 0 through SG_IO: the disk driver would retry a NOT
# READY, SANITIZE IN PROGRESS read until the sanitize ends.
read_raw() { sg_raw -r 512 "$1" 28 00 00 00 00 00 00 00 01 00 2>&1; }

ikt_check "SANITIZE OVERWRITE, IMMED, 2 passes, INVERT: started" \
	sg_sanitize --quick --early --overwrite --count=2 --invert \
	--pattern="$dir/pattern" "$a"
sense=$(sg_requests --progress "$a" 2>&1)
ikt_log "${sense//$'\n'/ / }"
ikt_check "REQUEST SENSE reports the progress" \
	grep -qi 'progress indication' <<<"$sense"
ikt_check "a READ while it runs: NOT READY, SANITIZE IN PROGRESS" \
	grep -qi 'sanitize in progress' <<<"$(read_raw "$a")"
ikt_check "TEST UNIT READY: NOT READY, SANITIZE IN PROGRESS" \
	grep -qi 'sanitize in progress' <<<"$(sg_turs -v "$a" 2>&1)"
ready() { sg_turs "$a" >/dev/null 2>&1; }
ikt_check "the overwrite ends" ikt_retry 300 ready
ikt_check "every block reads back as the inverted pattern" \
	cmp <(dd if="$a" bs=1M iflag=direct status=none) "$dir/inverted"

out=$(sg_sanitize --quick --wait --overwrite --ause \
	--pattern="$dir/pattern" "$b" 2>&1)
rc=$?
ikt_log "${out//$'\n'/ / }"
ikt_check "SANITIZE over a failing half: refused" test "$rc" != 0
ikt_check "REQUEST SENSE: SANITIZE COMMAND FAILED" \
	grep -qi 'sanitize command failed' <<<"$(sg_requests "$b" 2>&1)"
ikt_check "a READ after the failure is refused" ikt_not read_one "$b"
ikt_check "EXIT FAILURE MODE (AUSE was set)" sg_sanitize --quick --fail "$b"
ikt_check "the first half reads back as the pattern" \
	cmp <(dd if="$b" bs=512 count=1 iflag=direct status=none) \
	"$dir/block"

ikt_check "another overwrite, IMMED: started" \
	sg_sanitize --quick --early --overwrite --pattern="$dir/pattern" "$a"
ikt_check "logout while it runs" ikt_logout san-slow
ikt_check "rmmod while it runs" timeout 60 rmmod iscsikt
ikt_check "module reloads" ikt_load
ikt_done
