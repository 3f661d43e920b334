#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Discovery and login admission: SendTargets (libiscsi and open-iscsi)
# reports exactly the targets this initiator may reach, each with its
# portal; initiator groups and authorized networks hide a target and refuse
# its login; an IPv6 portal answers; an unknown target is refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd iscsi-ls iscsi-inq
ikt_load || ikt_die "cannot load iscsikt"

allowed=iqn.2026-11.org.example:allowed
other=iqn.2026-11.org.example:other

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal 1"
ikt_portal 2 '[::1]:3261' || ikt_die "portal 2"
ikt_cfg initiator add --id 1 --initiator "$allowed" >/dev/null ||
	ikt_die "initiator group"
ikt_on_exit 'ikt_cfg initiator del 1 --force >/dev/null'
ikt_target dsc-open 1M portal=1 || ikt_die "target dsc-open"
ikt_target dsc-acl 1M portal=1,initiator=1 || ikt_die "target dsc-acl"
ikt_target dsc-net10 1M portal=1 --network 10.99.0.0/16 ||
	ikt_die "target dsc-net10"
ikt_target dsc-net127 1M portal=1 --network 127.0.0.0/8 ||
	ikt_die "target dsc-net127"
ikt_target dsc-v6 1M portal=2 || ikt_die "target dsc-v6"

# Compare a listing with the expected "IQN PORTAL" lines.
expect_ls() {	# expect_ls DESC EXPECTED URL [ARGS...]
	local desc=$1 want=$2 got
	shift 2
	if ! got=$(ikt_ls_targets "$@"); then
		ikt_fail "$desc: iscsi-ls failed"
		return
	fi
	want=$(printf '%s\n' "$want" | sort)
	if [ "$got" = "$want" ]; then
		echo "# PASS: $desc"
	else
		ikt_fail "$desc"
		ikt_log "expected:"; printf '%s\n' "$want" | sed 's/^/#   /'
		ikt_log "got:"; printf '%s\n' "$got" | sed 's/^/#   /'
	fi
}

v4="127.0.0.1:3260,1"
expect_ls "iscsi-ls from 127.0.0.1 (default initiator name)" \
	"$(ikt_iqn dsc-open) $v4
$(ikt_iqn dsc-net127) $v4" iscsi://127.0.0.1
expect_ls "iscsi-ls as an initiator of group 1" \
	"$(ikt_iqn dsc-open) $v4
$(ikt_iqn dsc-acl) $v4
$(ikt_iqn dsc-net127) $v4" iscsi://127.0.0.1 -i "$allowed"
expect_ls "iscsi-ls on the IPv6 portal" \
	"$(ikt_iqn dsc-v6) [::1]:3261,2" 'iscsi://[::1]:3261'

inq_ok() { iscsi-inq "$@" >/dev/null 2>&1; }
inq_refused() { ! iscsi-inq "$@" >/dev/null 2>&1; }
ikt_check "login to an open target" inq_ok "$(ikt_url dsc-open)"
ikt_check "login refused to an initiator outside the group" \
	inq_refused "$(ikt_url dsc-acl)"
ikt_check "login refused to another named initiator" \
	inq_refused -i "$other" "$(ikt_url dsc-acl)"
ikt_check "login admitted to an initiator of the group" \
	inq_ok -i "$allowed" "$(ikt_url dsc-acl)"
ikt_check "login refused from outside 10.99.0.0/16" \
	inq_refused "$(ikt_url dsc-net10)"
ikt_check "login admitted from 127.0.0.0/8" inq_ok "$(ikt_url dsc-net127)"
ikt_check "login over IPv6" inq_ok "iscsi://[::1]:3261/$(ikt_iqn dsc-v6)/0"
ikt_check "login refused to an unknown target" \
	inq_refused "iscsi://127.0.0.1/$(ikt_iqn dsc-nonexistent)/0"
ikt_check "login refused to a target not on this portal" \
	inq_refused "iscsi://127.0.0.1/$(ikt_iqn dsc-v6)/0"

# open-iscsi SendTargets: same answer as libiscsi for its initiator name.
ikt_iscsid_start
st() {
	iscsiadm -m discovery -t st -p 127.0.0.1:3260 | sort
}
want=$(printf '%s\n' "$v4 $(ikt_iqn dsc-open)" "$v4 $(ikt_iqn dsc-net127)" |
	sort)
if got=$(st); then
	if [ "$got" = "$want" ]; then
		echo "# PASS: iscsiadm SendTargets"
	else
		ikt_fail "iscsiadm SendTargets"
		printf '%s\n' "$got" | sed 's/^/#   /'
	fi
else
	ikt_fail "iscsiadm SendTargets failed"
fi
ikt_done
