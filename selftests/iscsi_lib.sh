# SPDX-License-Identifier: GPL-2.0
# Target setup and initiator (libiscsi, open-iscsi) helpers for the datapath
# selftests; source it after lib.sh.  Everything a helper creates is undone
# at exit through ikt_on_exit.
#
#   ikt_iqn NAME                 full target name of NAME (default basename)
#   ikt_portal TAG ADDR:PORT     add a portal
#   ikt_target NAME SIZE GROUP [OPTS...]
#                                target NAME with a file extent NAME of SIZE
#                                as LUN 0; OPTS go to "target add" (e.g.
#                                --network CIDR), "--bs N" before them sets
#                                the extent's block size
#   ikt_url NAME [CRED@]         libiscsi URL of NAME's LUN 0 on 127.0.0.1
#   ikt_ls_targets URL [ARGS...] "IQN PORTAL" per target iscsi-ls reports
#   ikt_iscsid_start             start iscsid (skip without open-iscsi)
#   ikt_node NAME [KEY=VALUE...] create the open-iscsi node record of NAME
#                                on 127.0.0.1:3260, with short timeouts
#   ikt_node_set NAME KEY=VALUE...
#   ikt_login NAME / ikt_logout NAME
#   ikt_disk NAME [LUN]          wait for and print NAME's /dev/sdX (of
#                                LUN; default: the first one found)
#   ikt_our_initiator            this host's open-iscsi initiator name

IKT_BASENAME=${IKT_BASENAME:-iqn.2026-11.org.iscsikt.ctl}
IKT_IMG_DIR=${IKT_IMG_DIR:-/tmp}

ikt_iqn() { echo "$IKT_BASENAME:$1"; }

ikt_portal() {
	ikt_cfg portal add --tag "$1" --listen "$2" >/dev/null || return 1
	ikt_on_exit "ikt_cfg portal del $1 --force >/dev/null 2>&1"
}

ikt_target() {
	local name=$1 size=$2 group=$3 bs=()
	shift 3
	if [ "${1:-}" = --bs ]; then
		bs=(--block-size "$2")
		shift 2
	fi
	ikt_cfg extent add "$name" --file "$IKT_IMG_DIR/ikt-$name.img" \
		--size "$size" "${bs[@]}" >/dev/null || return 1
	ikt_on_exit "ikt_cfg extent del $name --force >/dev/null 2>&1; rm -f $IKT_IMG_DIR/ikt-$name.img"
	ikt_cfg target add "$name" --group "$group" "$@" >/dev/null || return 1
	ikt_on_exit "ikt_cfg target del $name --force >/dev/null 2>&1"
	ikt_cfg lun add "$name" "$name" --lun 0 >/dev/null
}

ikt_url() { echo "iscsi://${2:-}127.0.0.1/$(ikt_iqn "$1")/0"; }

# iscsi-ls prints "Target:IQN Portal:ADDR:PORT,TAG" per target address.
ikt_ls_targets() {
	local url=$1
	shift
	iscsi-ls "$@" "$url" | sed -n 's/^Target:\([^ ]*\) Portal:\(.*\)$/\1 \2/p' |
		sort
}

ikt_our_initiator() {
	sed -n 's/^InitiatorName=//p' /etc/iscsi/initiatorname.iscsi
}

_ikt_iscsid=

_ikt_iscsid_stop() {
	iscsiadm -m node -U all >/dev/null 2>&1
	iscsiadm -m node -o delete >/dev/null 2>&1
	iscsiadm -m discoverydb -t st -p 127.0.0.1:3260 -o delete \
		>/dev/null 2>&1
	if [ -n "$_ikt_iscsid" ]; then
		kill "$_ikt_iscsid" 2>/dev/null
		wait "$_ikt_iscsid" 2>/dev/null
	fi
}

_ikt_iscsid_up() { grep -q ISCSIADM_ABSTRACT_NAMESPACE /proc/net/unix; }

ikt_iscsid_start() {
	ikt_require_cmd iscsid iscsiadm setsid
	ikt_require_module iscsi_tcp sd_mod
	ikt_require_file /etc/iscsi/initiatorname.iscsi
	_ikt_iscsid_up && ikt_die "an iscsid is running already"
	mkdir -p /run/lock/iscsi /var/lib/iscsi
	# iscsid ends by signalling its whole process group: give it its own.
	setsid iscsid -f >"/tmp/iscsid-$IKT_NAME.log" 2>&1 &
	_ikt_iscsid=$!
	ikt_on_exit _ikt_iscsid_stop
	ikt_retry 50 _ikt_iscsid_up || ikt_die "iscsid did not start"
}

_ikt_node() { iscsiadm -m node -T "$(ikt_iqn "$1")" -p 127.0.0.1:3260 "${@:2}"; }

ikt_node_set() {
	local name=$1 kv
	shift
	for kv in "$@"; do
		_ikt_node "$name" -o update -n "${kv%%=*}" -v "${kv#*=}" \
			>/dev/null || return 1
	done
}

# A refused login must fail at once, and a dropped session must not keep
# the initiator in recovery for the default two minutes.
ikt_node() {
	local name=$1
	shift
	_ikt_node "$name" -o new >/dev/null || return 1
	ikt_node_set "$name" node.session.initial_login_retry_max=1 \
		node.conn[0].timeo.login_timeout=5 \
		node.session.timeo.replacement_timeout=5 "$@"
}

ikt_login() { _ikt_node "$1" --login >/dev/null 2>&1; }
ikt_logout() { _ikt_node "$1" --logout >/dev/null 2>&1; }

_ikt_disk() {
	local iqn lun=${2:-*} s d
	iqn=$(ikt_iqn "$1")
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/targetname" 2>/dev/null)" = "$iqn" ] || continue
		# SCSI devices are named HOST:CHANNEL:ID:LUN
		for d in "$s"/device/target*/*:$lun/block/*; do
			[ -b "/dev/${d##*/}" ] || continue
			echo "/dev/${d##*/}"
			return 0
		done
	done
	return 1
}

ikt_disk() { ikt_retry 100 _ikt_disk "$@"; }

# Filesystem and block-device helpers (fs_test, blockdev_test,
# durability_test, unload_test).
#
#   ikt_io_size                  bytes of I/O for the long data tests: 1G,
#                                or 256M on the debug kernel (several times
#                                slower; it runs them only in make
#                                check-debug)
#   ikt_scratch DIR SIZE         mount a tmpfs of SIZE on DIR (the guest's
#                                /tmp is half of memory, too small for 1G)
#   ikt_loop VAR FILE SIZE [ARGS...]
#                                sparse FILE of SIZE on a loop device, ARGS
#                                to losetup (e.g. --sector-size 4096); sets
#                                VAR to /dev/loopN (not a $(...) call: the
#                                cleanup must be registered in this shell)
#   ikt_export NAME GROUP [OPTS...]
#                                target NAME with the existing extent NAME
#                                as LUN 0; OPTS go to "target add"
#   ikt_fio_verify FILE SIZE [FIO-OPTIONS...]
#                                random 4k-256k writes at QD16, direct, then
#                                read back and check every block's crc32c
#   ikt_mkfs_mount DEV MNT       mkfs.ext4 DEV and mount it on MNT
#   ikt_not CMD...               true when CMD fails (for ikt_check)

ikt_io_size() {
	if ikt_debug_kernel; then
		echo 256M
	else
		echo 1024M
	fi
}

ikt_scratch() {
	mkdir -p "$1" && mount -t tmpfs -o "size=$2" tmpfs "$1" || return 1
	ikt_on_exit "umount $1 2>/dev/null"
}

# Locals are prefixed: printf -v must not land in one of ours.
ikt_loop() {
	local _il_var=$1 _il_file=$2 _il_size=$3 _il_dev
	shift 3
	# A test run on its own may be the first to need the driver.
	modprobe -q loop 2>/dev/null
	truncate -s "$_il_size" "$_il_file" || return 1
	ikt_on_exit "rm -f $_il_file"
	_il_dev=$(losetup -f --show "$@" "$_il_file") || return 1
	ikt_on_exit "losetup -d $_il_dev 2>/dev/null"
	printf -v "$_il_var" '%s' "$_il_dev"
}

ikt_export() {
	local name=$1 group=$2
	shift 2
	ikt_cfg target add "$name" --group "$group" "$@" >/dev/null || return 1
	ikt_on_exit "ikt_cfg target del $name --force >/dev/null 2>&1"
	ikt_cfg lun add "$name" "$name" --lun 0 >/dev/null
}

ikt_fio_verify() {
	local file=$1 size=$2
	shift 2
	fio --name=verify --filename="$file" --size="$size" --rw=randwrite \
		--bsrange=4k-256k --iodepth=16 --ioengine=libaio --direct=1 \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse "$@" >/dev/null
}

ikt_mkfs_mount() {
	mkfs.ext4 -q -F "$1" || return 1
	mkdir -p "$2" && mount "$1" "$2" || return 1
	ikt_on_exit "umount $2 2>/dev/null"
}

ikt_not() { ! "$@"; }
