#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a QEMU guest on the host's own root filesystem and run one command.
#
#   scripts/vm/run.sh --kver KVER [--debug-kernel] [--fwd ADDR:PORT]
#                     [--mem 4G] [--smp 2] [--timeout SEC] [--results DIR]
#                     [--no-slub-debug] [--verbose] -- COMMAND [ARG...]
#
# The guest sees the host's / read-only (9p) under a tmpfs overlay, tmpfs
# on /tmp and /run, and DIR (default build/vm/results/KVER) read-write at
# the same path.  COMMAND runs as root with cwd = repository top and these
# variables set: IKT_TOP, IKT_RESULTS (=DIR), IKT_KVER, IKT_DEBUG_KERNEL,
# and IKT_FULL, IKT_SHARE, IKT_MODULE, IKT_SOAK_MINUTES when the caller
# has them.  DIR receives status (exit status), dmesg (guest kernel log
# at the end) and console.log (everything the serial console printed).
#
# No network card unless --fwd is given; then QEMU user networking with a
# single forward from host ADDR:PORT to the guest's PORT, the guest being
# 10.0.2.15/24.
#
# Exit status: COMMAND's, 124 when the guest timed out (default 1200 s,
# 0 = none), 125 when the guest ended without reporting one (panic, crash).
# When its init has run for the timeout less a minute, the guest writes
# the backtraces of its CPUs and blocked tasks to DIR/dmesg-timeout.  A
# guest whose init has not started after IKT_BOOT_TIMEOUT seconds
# (default 300) hung while booting, before any of this repository's code
# ran: it is booted once more, with the whole timeout again.
# The guest's slab allocator checks every object (slub_debug=FZPU) unless
# --no-slub-debug, which the benchmark uses: the checks slow down each
# allocation and free, of skbs and of every target's own objects.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kver='' debug=0 fwd='' mem=4G smp=2 tmo=1200 results='' verbose=0 slub=1
usage() {
	sed -n '3,26s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--debug-kernel) debug=1; shift ;;
	--fwd) fwd=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--results) results=$2; shift 2 ;;
	--no-slub-debug) slub=0; shift ;;
	--verbose) verbose=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) echo "run.sh: unknown option $1" >&2; usage ;;
	esac
done
[ -n "$kver" ] && [ $# -gt 0 ] || usage
case "$kver" in *-kdebug) debug=1 ;; esac

kernel=/boot/vmlinuz-$kver
[ -r "$kernel" ] || { echo "run.sh: $kernel missing" >&2; exit 2; }
initrd=$("$top/scripts/vm/mkinitramfs.sh" "$kver")

# The module's index for the guest, when the module is built
ko=${IKT_MODULE:-$top/build/kmod/$kver/iscsikt.ko}
if [ -f "$ko" ]; then
	"$top/scripts/vm/module-index.sh" "$kver" "$ko" "$(dirname "$ko")/index" ||
		echo "run.sh: no module index: the guest runs depmod" >&2
fi

results=$(realpath -m "${results:-$top/build/vm/results/$kver}")
mkdir -p "$results"
rm -f "$results"/{status,dmesg,dmesg-timeout,console.log,cmd.sh,guest.env}

q() { printf '%q' "$1"; }
{
	echo "IKT_TOP=$(q "$top")"
	echo "IKT_RESULTS=$(q "$results")"
	echo "IKT_KVER=$(q "$kver")"
	echo "IKT_DEBUG_KERNEL=$debug"
	echo "IKT_FULL=$(q "${IKT_FULL:-0}")"
	echo "IKT_NET=$([ -n "$fwd" ] && echo 1 || echo 0)"
	echo "IKT_TERM=$(q "${TERM:-linux}")"
	echo "IKT_TIMEOUT=$tmo"
	[ -n "${IKT_SHARE:-}" ] && echo "IKT_SHARE=$(q "$IKT_SHARE")"
	[ -n "${IKT_MODULE:-}" ] && echo "IKT_MODULE=$(q "$IKT_MODULE")"
	[ -n "${IKT_SOAK_MINUTES:-}" ] &&
		echo "IKT_SOAK_MINUTES=$(q "$IKT_SOAK_MINUTES")"
} >"$results/guest.env"
{
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
} >"$results/cmd.sh"

append="console=ttyS0 panic=-1 log_buf_len=4M"
[ "$slub" = 1 ] && append+=" slub_debug=FZPU"
[ "$verbose" = 1 ] || append+=" quiet"
append+=" pci=noacpi"

net=(-nic none)
if [ -n "$fwd" ]; then
	port=${fwd##*:}
	addr=${fwd%:*}
	[ "$addr" != "$fwd" ] && [ -n "$port" ] || {
		echo "run.sh: --fwd wants ADDR:PORT" >&2
		exit 2
	}
	net=(-netdev "user,id=n0,restrict=on,hostfwd=tcp:$addr:$port-:$port"
	     -device virtio-net-pci,netdev=n0,romfile=)
fi

qemu=(qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp "$smp"
	-m "$mem" -nographic -no-reboot
	-kernel "$kernel" -initrd "$initrd" -append "$append"
	-fsdev local,id=r,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=r,mount_tag=hostroot
	-fsdev "local,id=res,path=$results,security_model=none"
	-device virtio-9p-pci,fsdev=res,mount_tag=results
	"${net[@]}")

tcmd=()
[ "$tmo" != 0 ] && tcmd=(timeout --foreground -k 10 "$tmo")
boot_tmo=${IKT_BOOT_TIMEOUT:-300}

# boot_watch: stop the guest unless its init starts within $boot_tmo s.
boot_watch() {
	local i
	for ((i = 0; i < boot_tmo; i++)); do
		sleep 1
		[ ! -f "$results/booted" ] || return 0
	done
	echo "run.sh: guest $kver did not start its init in ${boot_tmo}s" >&2
	: >"$results/boot-hung"
	kill "$(cat "$results/qemu.pid")" 2>/dev/null || true
}

for attempt in 1 2; do
	rm -f "$results"/{booted,boot-hung,qemu.pid}
	boot_watch &
	watcher=$!
	set +e
	"${tcmd[@]}" "${qemu[@]}" -pidfile "$results/qemu.pid" |
		tee -a "$results/console.log"
	qstatus=${PIPESTATUS[0]}
	kill "$watcher" 2>/dev/null
	wait "$watcher" 2>/dev/null
	set -e
	[ -f "$results/boot-hung" ] || break
	if [ "$attempt" = 2 ]; then
		echo "run.sh: guest $kver hung twice while booting" >&2
		exit 125
	fi
	echo "run.sh: booting the guest again" >&2
done
rm -f "$results"/{booted,qemu.pid}

if [ -f "$results/status" ]; then
	exit "$(cat "$results/status")"
fi
if [ "$qstatus" = 124 ] || [ "$qstatus" = 137 ]; then
	echo "run.sh: guest $kver timed out after ${tmo}s" >&2
	[ ! -f "$results/dmesg-timeout" ] ||
		echo "run.sh: its backtraces: $results/dmesg-timeout" >&2
	exit 124
fi
echo "run.sh: guest $kver ended without an exit status (qemu $qstatus)" >&2
exit 125
