#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 of a test guest after switch_root (see mkinitramfs.sh): finish the
# system setup, run the command that scripts/vm/run.sh stored in the
# results share, record its exit status and the kernel log there, power
# off.  Runs from the host's root, seen read-only under a tmpfs overlay.
results=${1:?}
# Tells run.sh that the guest booted.
: >"$results/booted"
. "$results/guest.env"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${IKT_TERM:-linux} LANG=C.UTF-8
export IKT_TOP IKT_RESULTS IKT_KVER IKT_DEBUG_KERNEL IKT_FULL
for v in IKT_SHARE IKT_MODULE IKT_SOAK_MINUTES; do
	[ -n "${!v:-}" ] && export "${v?}"
done

# A repository (or results directory) under /tmp must stay visible once
# /tmp is a tmpfs: move it aside, mount the tmpfs, move it back.
keep=()
for d in "$IKT_TOP" "$IKT_RESULTS"; do
	case "$d/" in /tmp/*) ;; *) continue ;; esac
	# Results inside the repository come along with it.
	[ "$d" != "$IKT_TOP" ] && case "$d/" in "$IKT_TOP"/*) continue ;; esac
	keep+=("$d")
done
for i in "${!keep[@]}"; do
	mkdir -p "/mnt/ikt-keep$i"
	mount --rbind "${keep[i]}" "/mnt/ikt-keep$i"
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
for i in "${!keep[@]}"; do
	mkdir -p "${keep[i]}"
	mount --move "/mnt/ikt-keep$i" "${keep[i]}"
done
mount -t tmpfs -o mode=755 tmpfs /run
# devtmpfs has no fd links; bash's <(...) and many scripts need them.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
modprobe -q configfs
mount -t configfs configfs /sys/kernel/config 2>/dev/null
: >/etc/mtab 2>/dev/null
hostname iscsikt-guest
ip link set lo up

if [ "${IKT_NET:-0}" = 1 ]; then
	# QEMU user networking: fixed 10.0.2.15/24, gateway 10.0.2.2.
	modprobe -q virtio_net
	ip addr add 10.0.2.15/24 dev eth0
	ip link set eth0 up
	ip route add default via 10.0.2.2
fi

# Shortly before run.sh's timeout stops a hung command, say where the
# CPUs and the blocked tasks are (the console, quiet, would not show it).
if [ "${IKT_TIMEOUT:-0}" -gt 120 ]; then
	(
		sleep $((IKT_TIMEOUT - 60))
		echo l >/proc/sysrq-trigger
		echo w >/proc/sysrq-trigger
		dmesg >"$results/dmesg-timeout"
		echo "guest-init: still running after $((IKT_TIMEOUT - 60))s:" \
			"backtraces in $results/dmesg-timeout" >/dev/console
	) </dev/null >/dev/null 2>&1 &
fi

cd "$IKT_TOP" || echo "guest-init: cannot cd to $IKT_TOP" >/dev/console
# A session with the serial port as controlling terminal, so that Ctrl-C
# typed into QEMU's console reaches the command as SIGINT.
setsid -w -c /bin/bash "$results/cmd.sh" </dev/ttyS0 >/dev/ttyS0 2>&1
status=$?

echo "$status" >"$results/status"
dmesg >"$results/dmesg"
sync
echo o >/proc/sysrq-trigger
sleep 5
poweroff -f
