#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# CHAP: a target of an auth=chap group admits the initiator that knows the
# secret and refuses a wrong secret or none (libiscsi and open-iscsi);
# mutual CHAP (open-iscsi) fails when the target cannot prove the peer
# secret; discovery authentication guards SendTargets.  The secrets come
# as an admin gives them, never on the command line: typed at auth add's
# prompt (not echoed), from stdin and from a file, so the logins prove
# that each way reaches the kernel.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd iscsi-inq iscsi-ls jq python3
ikt_load || ikt_die "cannot load iscsikt"

user=u1 secret=chap-secret-01
muser=u2 msecret=chap-secret-02
puser=tgt2 psecret=peer-secret-03

ikt_portal 1 0.0.0.0:3260 || ikt_die "portal"
ikt_check "auth add asks for the secret on a terminal, twice, unechoed" \
	ikt_cfg_tty "$secret $secret" auth add --tag 1 --user $user ||
	ikt_die "auth tag 1"
ikt_cfg auth add --tag 2 --user $muser --secret - --peer-user $puser \
	--peer-secret-file <(echo $psecret) <<<"$msecret" >/dev/null ||
	ikt_die "auth tag 2"
# Auth entries get kernel ids; delete them by tag at exit.
ikt_on_exit 'for id in $(ikt_cfg -j auth show | jq -r ".[].id"); do ikt_cfg auth del $id --force >/dev/null; done'
ikt_target chp-one 1M portal=1,auth=chap,tag=1 || ikt_die "target chp-one"
ikt_target chp-mut 1M portal=1,auth=mutual,tag=2 || ikt_die "target chp-mut"

inq_ok() { iscsi-inq "$@" >/dev/null 2>&1; }
inq_refused() { ! iscsi-inq "$@" >/dev/null 2>&1; }
ikt_check "libiscsi: right secret admitted" \
	inq_ok "$(ikt_url chp-one "$user%$secret@")"
ikt_check "libiscsi: wrong secret refused" \
	inq_refused "$(ikt_url chp-one "$user%chap-secret-99@")"
ikt_check "libiscsi: wrong user refused" \
	inq_refused "$(ikt_url chp-one "u9%$secret@")"
ikt_check "libiscsi: no credentials refused" inq_refused "$(ikt_url chp-one)"
ikt_check "libiscsi: another tag's secret refused" \
	inq_refused "$(ikt_url chp-one "$muser%$msecret@")"

ikt_iscsid_start
ikt_node chp-one || ikt_die "node chp-one"
ikt_node chp-mut || ikt_die "node chp-mut"
logout_ok() { ikt_login "$1" && ikt_logout "$1"; }
login_refused() {
	if ikt_login "$1"; then
		ikt_logout "$1"
		return 1
	fi
}

ikt_node_set chp-one node.session.auth.authmethod=CHAP \
	node.session.auth.username=$user node.session.auth.password=$secret
ikt_check "open-iscsi: CHAP login" logout_ok chp-one
ikt_node_set chp-one node.session.auth.password=chap-secret-98
ikt_check "open-iscsi: wrong secret refused" login_refused chp-one
ikt_node_set chp-one node.session.auth.authmethod=None
ikt_check "open-iscsi: no CHAP refused" login_refused chp-one

ikt_node_set chp-mut node.session.auth.authmethod=CHAP \
	node.session.auth.username=$muser node.session.auth.password=$msecret \
	node.session.auth.username_in=$puser \
	node.session.auth.password_in=$psecret
ikt_check "open-iscsi: mutual CHAP login" logout_ok chp-mut
ikt_node_set chp-mut node.session.auth.password_in=peer-secret-97
ikt_check "open-iscsi: mutual CHAP, target's proof rejected" \
	login_refused chp-mut
ikt_node_set chp-mut node.session.auth.password_in=$psecret \
	node.session.auth.username_in= node.session.auth.password_in=
ikt_check "open-iscsi: one-way CHAP refused by a mutual group" \
	login_refused chp-mut

ikt_cfg global set --discovery-auth chap --discovery-auth-tag 1 >/dev/null ||
	ikt_fail "global set --discovery-auth chap"
ikt_on_exit 'ikt_cfg global set --discovery-auth none >/dev/null'
ls_ok() { iscsi-ls "$@" >/dev/null 2>&1; }
ls_refused() { ! iscsi-ls "$@" >/dev/null 2>&1; }
ikt_check "discovery without credentials refused" ls_refused iscsi://127.0.0.1
ikt_check "discovery with a wrong secret refused" \
	ls_refused "iscsi://$user%chap-secret-99@127.0.0.1"
ikt_check "discovery with credentials" ls_ok "iscsi://$user%$secret@127.0.0.1"
ikt_check "discovery lists both targets" test "$(ikt_ls_targets \
	"iscsi://$user%$secret@127.0.0.1" | wc -l)" = 2
ikt_check "CHAP login still works with discovery auth on" \
	inq_ok "$(ikt_url chp-one "$user%$secret@")"
ikt_done
