#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module is loaded, shows up in sysfs, registers the "iscsikt" generic
# netlink family, and survives load/unload cycles; the family must vanish
# with the module.
. "$(dirname "$0")/lib.sh"

ikt_require_cmd genl insmod rmmod

ikt_check "module is loaded" ikt_module_loaded
ikt_check "/sys/module/iscsikt exists" test -d /sys/module/iscsikt
ikt_check "genl family iscsikt registered" ikt_genl_family iscsikt

cycles=5
ikt_full && cycles=50
for ((i = 1; i <= cycles; i++)); do
	if ! rmmod iscsikt; then
		ikt_fail "rmmod, cycle $i"
		break
	fi
	if ikt_genl_family iscsikt; then
		ikt_fail "family still registered after rmmod, cycle $i"
		break
	fi
	if ! ikt_load; then
		ikt_fail "insmod, cycle $i"
		break
	fi
	if ! ikt_genl_family iscsikt; then
		ikt_fail "family missing after insmod, cycle $i"
		break
	fi
done
ikt_log "$((i - 1)) load/unload cycles"
ikt_check "module loaded after the cycles" ikt_module_loaded
ikt_done
