#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unloading the module with open-iscsi logged in: the target asks the
# initiator to log out (Async Message, AsyncEvent 1), open-iscsi logs out,
# and rmmod succeeds within the grace period with a clean kernel log.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd rmmod
ikt_load || ikt_die "cannot load iscsikt"
ikt_iscsid_start

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_target al-a 4M portal=1 || ikt_die "target al-a"
ikt_node al-a || ikt_die "node al-a"
ikt_check "login" ikt_login al-a || ikt_die "cannot log in"
ikt_disk al-a >/dev/null || ikt_fail "no disk"

start=$(date +%s%N)
ikt_check "rmmod with an initiator logged in" rmmod iscsikt
ms=$((($(date +%s%N) - start) / 1000000))
ikt_log "rmmod took ${ms} ms"
ikt_check "rmmod bounded (${ms} ms)" test "$ms" -lt 10000
ikt_log "iscsid on the logout request:"
grep -i "logout" "/tmp/iscsid-$IKT_NAME.log" | head -n 5 | sed 's/^/#   /'
ikt_logout al-a
ikt_check "module reloads" ikt_load
ikt_done
