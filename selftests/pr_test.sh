#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Persistent reservations with real initiators: open-iscsi logs in twice
# under two initiator names (two ifaces), sg_persist drives each disk.  A
# Write Exclusive reservation of A stops B's writes, not its reads; B
# preempts A and releases; A preempts and aborts B; an APTPL registration
# and reservation survive a module reload and the same extent configured
# again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd sg_persist dd
ikt_iscsid_start
ikt_load || ikt_die "cannot load iscsikt"

prdir=/tmp/ikt-pr-state
mkdir -p "$prdir"
ikt_on_exit "rm -rf $prdir"
printf %s "$prdir" >/sys/module/iscsikt/parameters/pr_dir ||
	ikt_die "no pr_dir parameter"

INI_A=iqn.2026-11.org.iscsikt.test:pr-a
INI_B=iqn.2026-11.org.iscsikt.test:pr-b
iqn=$(ikt_iqn prdisk)

setup_target() {
	ikt_portal 1 0.0.0.0:3260 || return 1
	ikt_target prdisk 64M portal=1
}

_pr_iface() {
	iscsiadm -m iface -I "$1" -o new >/dev/null &&
	iscsiadm -m iface -I "$1" -o update -n iface.initiatorname \
		-v "$2" >/dev/null
}

_pr_node() {
	iscsiadm -m node -T "$iqn" -p 127.0.0.1:3260 -I "$1" "${@:2}"
}

pr_login() {
	_pr_node "$1" --login >/dev/null 2>&1
}

pr_logout() {
	_pr_node "$1" --logout >/dev/null 2>&1
}

# The disk of the session logged in as initiator $1
_pr_disk() {
	local s d
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/targetname" 2>/dev/null)" = "$iqn" ] || continue
		[ "$(cat "$s/initiatorname" 2>/dev/null)" = "$1" ] || continue
		for d in "$s"/device/target*/*/block/*; do
			[ -b "/dev/${d##*/}" ] || continue
			echo "/dev/${d##*/}"
			return 0
		done
	done
	return 1
}

pr_disk() { ikt_retry 100 _pr_disk "$1"; }

# One 4 KiB direct write / read at offset 1 MiB
wr() { dd if=/dev/zero of="$1" bs=4k count=1 seek=256 oflag=direct \
	status=none 2>/dev/null; }
rd() { dd if="$1" of=/dev/null bs=4k count=1 skip=256 iflag=direct \
	status=none 2>/dev/null; }

setup_target || ikt_die "target"
for i in a b; do
	ini=$INI_A
	[ $i = b ] && ini=$INI_B
	_pr_iface "ikt-pr-$i" "$ini" || ikt_die "iface $i"
	ikt_on_exit "iscsiadm -m iface -I ikt-pr-$i -o delete >/dev/null 2>&1"
	_pr_node "ikt-pr-$i" -o new >/dev/null || ikt_die "node $i"
	_pr_node "ikt-pr-$i" -o update -n node.session.timeo.replacement_timeout \
		-v 5 >/dev/null
	ikt_on_exit "iscsiadm -m node -T $iqn -p 127.0.0.1:3260 -I ikt-pr-$i --logout >/dev/null 2>&1"
	pr_login "ikt-pr-$i" || ikt_die "login $i"
done
da=$(pr_disk "$INI_A") || ikt_die "no disk for A"
db=$(pr_disk "$INI_B") || ikt_die "no disk for B"
echo "# A: $da  B: $db"

ikt_check "A registers" sg_persist -n -o -G -S 0xa "$da"
ikt_check "B registers" sg_persist -n -o -G -S 0xb "$db"
ikt_check "READ KEYS lists both" \
	bash -c "sg_persist -n -i -k $da | grep -q 0xa && sg_persist -n -i -k $da | grep -q 0xb"
ikt_check "A reserves Write Exclusive" \
	sg_persist -n -o -R -K 0xa -T 1 "$da"
ikt_check "READ RESERVATION: A, Write Exclusive" \
	bash -c "sg_persist -n -i -r $db | grep -q 'Key=0xa' && sg_persist -n -i -r $db | grep -q 'Write Exclusive'"
ikt_check "READ FULL STATUS names both initiators" \
	bash -c "sg_persist -n -i -s $da | grep -q $INI_A && sg_persist -n -i -s $da | grep -q $INI_B"
ikt_check "A writes" wr "$da"
ikt_check "B's write conflicts" ikt_not wr "$db"
ikt_check "B reads" rd "$db"
ikt_check "B preempts A" sg_persist -n -o -P -K 0xb -S 0xa -T 1 "$db"
ikt_check "A's key is gone" \
	bash -c "! sg_persist -n -i -k $db | grep -q 0xa"
ikt_check "B writes" wr "$db"
ikt_check "A's write conflicts" ikt_not wr "$da"
ikt_check "B releases" sg_persist -n -o -L -K 0xb -T 1 "$db"
ikt_check "A writes again" wr "$da"
# PREEMPT AND ABORT: B's registration goes, and its tasks with it.
ikt_check "A registers again" sg_persist -n -o -G -S 0xa "$da"
ikt_check "B reserves Write Exclusive" sg_persist -n -o -R -K 0xb -T 1 "$db"
ikt_check "A preempts B and aborts its tasks" \
	sg_persist -n -o -A -K 0xa -S 0xb -T 1 "$da"
ikt_check "B's key is gone" \
	bash -c "! sg_persist -n -i -k $da | grep -q 0xb"
ikt_check "B's write conflicts" ikt_not wr "$db"
ikt_check "A releases" sg_persist -n -o -L -K 0xa -T 1 "$da"
ikt_check "A unregisters" sg_persist -n -o -G -K 0xa -S 0 "$da"

# APTPL: B's registration and reservation outlive the module.
ikt_check "B registers with APTPL" sg_persist -n -o -G -S 0xbb -Z "$db"
ikt_check "B reserves Exclusive Access" \
	sg_persist -n -o -R -K 0xbb -T 3 "$db"
ikt_check "REPORT CAPABILITIES: PTPL_A" \
	bash -c "sg_persist -n -i -c $db | grep -q 'PTPL_A): 1'"
pr_logout ikt-pr-a
pr_logout ikt-pr-b
ikt_cfg target del prdisk --force >/dev/null 2>&1
ikt_cfg extent del prdisk --force >/dev/null 2>&1
ikt_cfg portal del 1 --force >/dev/null 2>&1
ikt_check "the APTPL file exists" test -s "$prdir/extent-prdisk.pr"
# Written beside and renamed over: nothing half-written is left behind.
ikt_check "the APTPL file is complete" \
	bash -c "tail -n 1 $prdir/extent-prdisk.pr | grep -qx end"
ikt_check "no temporary APTPL file remains" \
	test ! -e "$prdir/extent-prdisk.pr.new"
ikt_check "module unload" ikt_unload
ikt_check "module load" ikt_load
printf %s "$prdir" >/sys/module/iscsikt/parameters/pr_dir
setup_target || ikt_die "target again"
# The logouts above may have taken the node records along.
_pr_node ikt-pr-a -o new >/dev/null 2>&1
if ! ikt_retry 25 pr_login ikt-pr-a; then
	_pr_node ikt-pr-a --login 2>&1 | sed 's/^/# /'
	ikt_cfg lun list 2>&1 | sed 's/^/# /'
	ikt_die "login A again"
fi
da=$(pr_disk "$INI_A") || ikt_die "no disk for A again"
ikt_check "the key came back" \
	bash -c "sg_persist -n -i -k $da | grep -q 0xbb"
ikt_check "the reservation came back" \
	bash -c "sg_persist -n -i -r $da | grep -q 'Exclusive Access'"
ikt_check "A's read conflicts" ikt_not rd "$da"
ikt_check "A registers and preempts" \
	bash -c "sg_persist -n -o -G -S 0xa $da && sg_persist -n -o -P -K 0xa -S 0xbb -T 1 $da"
# sd attached A's disk while B's reservation refused READ CAPACITY.
rescan_wr() {
	echo 1 >"/sys/block/${1#/dev/}/device/rescan" && wr "$1"
}
ikt_check "A writes after the preemption" rescan_wr "$da"
ikt_check "A clears" sg_persist -n -o -C -K 0xa "$da"
pr_logout ikt-pr-a
ikt_done
