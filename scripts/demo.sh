#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: a 6.1 guest serving a 1 GiB sparse file as LUN 0 of target
# "demo", reachable from the host on 127.0.0.1:3260.  Ctrl-C stops it: the
# guest unloads the module and powers off.
#
#   scripts/demo.sh [--kver KVER] [--no-deps]
#   scripts/demo.sh --in-guest          (what the guest runs)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
iqn=iqn.2026-11.org.iscsikt.ctl:demo

in_guest() {
	export PATH=$top/build/bin:$PATH
	export LD_LIBRARY_PATH=$top/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	local ko=${IKT_MODULE:-$top/build/kmod/$(uname -r)/iscsikt.ko}

	stop() {
		trap - INT TERM
		echo
		echo "demo: stopping"
		rmmod iscsikt || true
		rm -f /tmp/demo0.img
		exit 0
	}
	trap stop INT TERM

	for d in $(modinfo -F depends "$ko" | tr , ' '); do
		modprobe "$d"
	done
	insmod "$ko"

	# QEMU hands the host's 127.0.0.1:3260 to the guest's 10.0.2.15:3260.
	# Let the connection arrive at the guest's 127.0.0.1 instead: discovery
	# on a wildcard portal answers with the address the initiator reached,
	# and 127.0.0.1:3260 is one the host can use.
	sysctl -qw net.ipv4.conf.all.route_localnet=1
	nft -f - <<NFT
table ip iscsikt_demo {
	chain prerouting {
		type nat hook prerouting priority dstnat;
		ip daddr 10.0.2.15 tcp dport 3260 dnat to 127.0.0.1:3260
	}
}
NFT
	iscsicfg portal add --listen 0.0.0.0:3260
	iscsicfg extent add demo0 --file /tmp/demo0.img --size 1G
	iscsicfg target add demo --group portal=1
	iscsicfg lun add demo demo0 --lun 0

	cat <<MSG

iscsikt demo is up: target $iqn, LUN 0 = 1 GiB sparse file.
From the host (another terminal):
    iscsi-ls -s iscsi://127.0.0.1
    iscsi-inq iscsi://127.0.0.1/$iqn/0
Press Ctrl-C here to stop.
MSG
	while :; do
		sleep 3600 &
		wait $! || true
	done
}

if [ "${1:-}" = "--in-guest" ]; then
	in_guest
	exit
fi

kver='' deps=1
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--no-deps) deps=0; shift ;;
	*) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
cd "$top"
[ "$deps" = 1 ] && scripts/install-deps.sh
if [ -z "$kver" ]; then
	kver=$(scripts/vm/newest-kver.sh '6.1.*' 'kdebug$')
fi
[ -n "$kver" ] || { echo "demo.sh: no 6.1 kernel installed" >&2; exit 1; }
make
make module KVER="$kver"
if ss -Htln 'sport = :3260' | grep -q .; then
	echo "demo.sh: something on the host already listens on port 3260" >&2
	exit 1
fi
echo "demo.sh: booting the $kver guest (about 10 s)..."
exec scripts/vm/run.sh --kver "$kver" --fwd 127.0.0.1:3260 --timeout 0 \
	-- scripts/demo.sh --in-guest
