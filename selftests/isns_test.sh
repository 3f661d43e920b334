#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iSNS: iscsikt-isnsd registers the targets and portals of the running
# configuration with open-isns's isnsd; isnsadm lists them, an open-iscsi
# initiator discovers them through iSNS and logs in; a deleted target, an
# added or deleted portal, reach the server within the refresh interval;
# isnsd's ESIs are answered; "service stop" deregisters and "service
# start" registers again; stopping the daemon deregisters the entity;
# --once registers and exits.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd isnsd isnsadm iscsiadm depmod
ikt_require_file "$IKT_BIN/iscsikt-isnsd"
ikt_load || ikt_die "cannot load iscsikt"

dir=$(mktemp -d /tmp/ikt-isns.XXXXXX) || ikt_die "mktemp"
ikt_on_exit "rm -rf $dir"
mkdir -p "$dir/db"
# Short ESI and registration periods: a daemon that did not answer ESIs
# or refresh would drop out during the test.
cat >"$dir/isnsd.conf" <<CONF
SourceName = iqn.2026-11.org.iscsikt.test:isnsd
BindAddress = 127.0.0.1
Database = $dir/db
PIDFile = $dir/isnsd.pid
ControlSocket = $dir/isnsctl
Security = 0
SLPRegister = 0
DefaultDiscoveryDomain = 1
RegistrationPeriod = 20
ESIMinInterval = 2
ESIMaxInterval = 10
CONF
cat >"$dir/isnsadm.conf" <<CONF
SourceName = iqn.2026-11.org.iscsikt.test:isnsadm
ServerAddress = 127.0.0.1
ControlSocket = $dir/isnsctl
Security = 0
CONF

# -d esi: isnsd logs each ESI it sends and each answer it gets
isnsd -c "$dir/isnsd.conf" -f -d esi >"$dir/isnsd.log" 2>&1 &
isnsd_pid=$!
ikt_on_exit "kill $isnsd_pid 2>/dev/null; wait $isnsd_pid 2>/dev/null"
ikt_on_exit "[ -n \"\${IKT_RESULTS:-}\" ] && cp $dir/*.log \$IKT_RESULTS/ 2>/dev/null"

adm() { isnsadm -c "$dir/isnsadm.conf" --local "$@" 2>/dev/null; }
ikt_retry 50 adm --list entities >/dev/null || ikt_die "isnsd did not start"

# Our targets and portals as isnsd lists them, sorted.
nodes() {
	adm --list nodes | sed -n 's/.*iSCSI name = "\(.*\)"$/\1/p' |
		grep "^$IKT_BASENAME:" | sort
}
portals() {
	adm --list portals | sed -n \
		-e 's/.*Portal IP address = \(.*\)$/\1/p' \
		-e 's/.*Portal TCP\/UDP port = \([0-9]*\)\/tcp$/\1/p' |
		paste -d: - - | sort
}
has_nodes() { [ "$(nodes | tr '\n' ' ')" = "$1" ]; }
entities() { adm --list entities | grep -c 'Entity identifier = "iscsikt:'; }
no_entity() { [ "$(entities)" = 0 ]; }

a=$(ikt_iqn isns-a)
b=$(ikt_iqn isns-b)
ikt_portal 1 0.0.0.0:3260 || ikt_die "portal 1"
ikt_target isns-a 1M portal=1 || ikt_die "target isns-a"
ikt_target isns-b 1M portal=1 || ikt_die "target isns-b"
ikt_cfg global set --isns 127.0.0.1 >/dev/null || ikt_die "global set --isns"
ikt_on_exit 'ikt_cfg global set --no-isns >/dev/null'

isnsd_bin() {
	LD_LIBRARY_PATH=$IKT_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
		"$IKT_BIN/iscsikt-isnsd" "$@"
}
dump_ok() {
	local d
	d=$(isnsd_bin --dump) || return 1
	printf '%s\n' "$d"
	grep -qx 'server 127.0.0.1' <<<"$d" &&
		grep -qx 'portal 127.0.0.1:3260 tag 1' <<<"$d" &&
		grep -qx "target $a tags 1" <<<"$d" &&
		grep -qx "target $b tags 1" <<<"$d"
}
ikt_check "--dump shows the server, the portal and both targets" dump_ok

# not through isnsd_bin: $! must be the daemon, not a subshell
LD_LIBRARY_PATH=$IKT_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
	"$IKT_BIN/iscsikt-isnsd" -f -d --interval 1 >"$dir/daemon.log" 2>&1 &
daemon=$!
ikt_on_exit "kill $daemon 2>/dev/null; wait $daemon 2>/dev/null"

ikt_check "isnsadm lists both targets" ikt_retry 50 has_nodes "$a $b "
has_portal() { portals | grep -qx "$1"; }
ikt_check "isnsadm lists the portal on 127.0.0.1:3260" has_portal 127.0.0.1:3260

# open-iscsi discovers through iSNS and logs in.
ikt_iscsid_start
ikt_on_exit 'iscsiadm -m discoverydb -t isns -p 127.0.0.1:3205 -o delete >/dev/null 2>&1'
if disc=$(iscsiadm -m discovery -t isns -p 127.0.0.1:3205 2>&1); then
	for t in "$a" "$b"; do
		if printf '%s\n' "$disc" | grep -q "^127.0.0.1:3260,1 $t$"; then
			echo "# PASS: iSNS discovery finds $t on 127.0.0.1:3260,1"
		else
			ikt_fail "iSNS discovery misses $t"
			printf '%s\n' "$disc" | sed 's/^/#   /'
		fi
	done
else
	ikt_fail "iscsiadm -m discovery -t isns failed"
	printf '%s\n' "$disc" | sed 's/^/#   /'
fi
ikt_check "login to a target found through iSNS" ikt_login isns-a
ikt_check "its disk appears" ikt_disk isns-a
ikt_logout isns-a

# A deleted target leaves the server within the refresh interval.
ikt_cfg target del isns-b --force >/dev/null || ikt_fail "target del isns-b"
ikt_check "a deleted target vanishes from isnsadm" ikt_retry 50 has_nodes "$a "

# A portal the target gains is registered with its portal group, so an
# initiator discovers the target there; dropped, it leaves the server.
isns_finds() {
	iscsiadm -m discovery -t isns -p 127.0.0.1:3205 2>/dev/null |
		grep -qx "$1"
}
ikt_portal 2 127.0.0.1:3262 || ikt_die "portal 2"
ikt_cfg target set isns-a --group portal=1 --group portal=2 >/dev/null ||
	ikt_fail "target set isns-a --group portal=2"
ikt_check "a new portal appears in isnsadm" \
	ikt_retry 50 has_portal 127.0.0.1:3262
ikt_check "iSNS discovery finds the target on its new portal" \
	ikt_retry 50 isns_finds "127.0.0.1:3262,2 $a"
ikt_cfg target set isns-a --group portal=1 >/dev/null ||
	ikt_fail "target set isns-a without portal 2"
ikt_cfg portal del 2 >/dev/null || ikt_fail "portal del 2"
ikt_check "a deleted portal vanishes from isnsadm" \
	ikt_retry 50 ikt_not has_portal 127.0.0.1:3262
ikt_check "iSNS discovery finds the target on portal 1 only" \
	ikt_retry 50 isns_finds "127.0.0.1:3260,1 $a"

# The registration outlives the registration period (ESI, refresh).
sleep 22
ikt_check "still registered after the registration period" has_nodes "$a "
ikt_check "isnsd's ESIs were answered" \
	grep -q "Good ESI response" "$dir/isnsd.log"
no_esi_lost() { ! grep -q "No ESI response" "$dir/isnsd.log"; }
ikt_check "no ESI went unanswered" no_esi_lost

# "service stop" deregisters (the daemon still runs); "service start"
# registers again.
ikt_install_module || ikt_die "cannot install the module for libkmod"
ikt_cfg config save "$dir/saved.conf" >/dev/null || ikt_die "config save"
ikt_check "service stop" ikt_cfg service stop
ikt_check "service stop deregisters the targets" ikt_retry 50 has_nodes ""
ikt_check "... and the entity" no_entity
ikt_check "... and the daemon did not load the module again" \
	ikt_not ikt_module_loaded
ikt_check "service start --config" \
	ikt_cfg service start --config "$dir/saved.conf"
ikt_check "service start registers the target again" \
	ikt_retry 50 has_nodes "$a "

kill "$daemon"
if wait "$daemon"; then
	echo "# PASS: the daemon exits 0 on SIGTERM"
else
	ikt_fail "the daemon exits on SIGTERM with status $?"
fi
ikt_check "stopping the daemon deregisters the entity" \
	ikt_retry 25 has_nodes ""
ikt_check "no entity of ours is left" no_entity

ikt_check "--once registers and exits" isnsd_bin --once
ikt_check "... and the target is listed" has_nodes "$a "
ikt_done
