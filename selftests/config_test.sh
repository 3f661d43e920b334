#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# config save / load: a configuration built with the tool is saved (0600,
# CHAP secrets carried from the file it replaces or --secrets-from, never
# invented), survives "service stop" + "service start --config" object for
# object, and an initiator logs in again with CHAP and reads back what it
# wrote.  Saved to the default path, a plain "service start" restores it
# too, starting again changes nothing, and without the file the target
# starts empty; "service status -j" says running or stopped, and "service
# start" loads the module itself (libkmod, from /lib/modules).  "config
# load" of an edited file changes only what differs (a session on an
# untouched target stays), and a load that fails halfway leaves the
# running configuration exactly as it was.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd jq depmod
ikt_load || ikt_die "cannot load iscsikt"
# "service start" loads the module through libkmod, as installed
ikt_install_module || ikt_die "cannot install the module for libkmod"
ikt_iscsid_start

dir=$(mktemp -d /tmp/ikt-cfg.XXXXXX)
res=${IKT_RESULTS:-$dir}
conf=$dir/iscsikt.conf
user=cfguser1 secret=cfg-secret-01
ini=$(ikt_our_initiator)
empty=$dir/empty.conf
: >"$empty"
# everything this test made goes with a load of nothing
ikt_on_exit "ikt_cfg config load --force $empty >/dev/null 2>&1; rm -rf $dir"

snapshot() {
	local o
	for o in global portal initiator auth extent target lun; do
		ikt_cfg -j "$o" show || return 1
	done
}

ikt_cfg portal add --tag 1 --listen 0.0.0.0:3260 --comment "main portal" \
	>/dev/null || ikt_die "portal"
ikt_cfg initiator add --id 1 --initiator "$ini" --comment hosts >/dev/null ||
	ikt_die "initiator group"
echo "auth add --id 1 --tag 1 --user $user --secret $secret" >"$dir/secrets"
ikt_cfg auth add --id 1 --tag 1 --user $user --secret - <<<"$secret" \
	>/dev/null || ikt_die "auth"
ikt_cfg extent add ea --file "$dir/ea.img" --size 4M --comment "disk a" \
	>/dev/null || ikt_die "extent ea"
ikt_cfg extent add eb --file "$dir/eb.img" --size 4M --rpm SSD >/dev/null ||
	ikt_die "extent eb"
ikt_cfg target add cfga --alias "target a" \
	--group portal=1,initiator=1,auth=chap,tag=1 >/dev/null ||
	ikt_die "target cfga"
ikt_cfg target add cfgb --group portal=1 --network 127.0.0.0/8 >/dev/null ||
	ikt_die "target cfgb"
ikt_cfg lun add cfga ea --lun 0 >/dev/null || ikt_die "lun cfga"
ikt_cfg lun add cfgb eb --lun 0 >/dev/null || ikt_die "lun cfgb"

# data through CHAP
ikt_node cfga node.session.auth.authmethod=CHAP \
	node.session.auth.username=$user node.session.auth.password=$secret ||
	ikt_die "node cfga"
ikt_node cfgb || ikt_die "node cfgb"
head -c 1M /dev/urandom >"$dir/pattern"
write_pattern() {
	local d
	ikt_login cfga || return 1
	d=$(ikt_disk cfga) || return 1
	dd if="$dir/pattern" of="$d" bs=64k oflag=direct status=none || return 1
	ikt_logout cfga
}
ikt_check "CHAP login, pattern written" write_pattern

# ---- save ----
ikt_check "save without a secret source refused, naming the entry" \
	bash -c "! LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg config save $dir/nosecret.conf 2>$res/cfg-nosecret.err &&
		 grep -q 'auth 1 (tag 1, user $user)' $res/cfg-nosecret.err &&
		 [ ! -e $dir/nosecret.conf ]"
ikt_check "save --secrets-from" \
	ikt_cfg config save --secrets-from "$dir/secrets" "$conf"
cp "$conf" "$res/cfg-saved.conf" 2>/dev/null
ikt_check "saved file is mode 0600" test "$(stat -c %a "$conf")" = 600
ikt_check "saved file holds every object" bash -c "
	grep -q '^global set --basename ' $conf &&
	grep -q '^portal add --tag 1 --listen 0.0.0.0:3260 --comment \"main portal\"' $conf &&
	grep -q '^initiator add --id 1 --initiator $ini --comment hosts' $conf &&
	grep -q '^auth add --id 1 --tag 1 --user $user --secret $secret' $conf &&
	grep -q '^extent add ea --file $dir/ea.img --size 4194304 .*--comment \"disk a\"' $conf &&
	grep -q '^extent add eb .*--rpm SSD' $conf &&
	grep -q '^target add .*:cfga --alias \"target a\" --mode iscsi --group portal=1,initiator=1,auth=chap,tag=1' $conf &&
	grep -q '^target add .*:cfgb .*--network 127.0.0.0/8' $conf &&
	grep -q '^lun add .*:cfga ea --lun 0' $conf"
ikt_check "save again takes the secrets from the file it replaces" \
	ikt_cfg config save "$conf"
ikt_check "no temporary file left" \
	test "$(find "$dir" -name 'iscsikt.conf.*' | wc -l)" = 0
ikt_check "a saved configuration loads as no change but its secrets" \
	bash -c "LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg config show-diff $conf >$res/cfg-nodiff.out &&
		 [ \"\$(grep -v '^~ auth 1 (secret)\$' $res/cfg-nodiff.out)\" = '' ]"

# ---- service stop, service start --config ----
before=$(snapshot) || ikt_die "snapshot"
ikt_check "service stop" ikt_cfg service stop
ikt_check "module unloaded" ikt_not ikt_module_loaded
ikt_check "service start --config restores" \
	ikt_cfg service start --config "$conf"
ikt_check "service start loaded the module (libkmod)" ikt_module_loaded
after=$(snapshot)
echo "$before" >"$res/cfg-before.json" 2>/dev/null
echo "$after" >"$res/cfg-after.json" 2>/dev/null
ikt_check "restored configuration equals the saved one" \
	test "$before" = "$after"
read_pattern() {
	local d
	ikt_login cfga || return 1
	d=$(ikt_disk cfga) || return 1
	cmp <(dd if="$d" bs=64k count=16 iflag=direct status=none) \
		"$dir/pattern" || return 1
	ikt_logout cfga
}
ikt_check "CHAP login again, data read back" read_pattern

# ---- config save to the default path, a plain service start ----
default_conf=/etc/iscsikt/iscsikt.conf
# the guest's /etc is a tmpfs overlay; later tests must not see this file
if [ -e "$default_conf" ]; then
	mv "$default_conf" "$dir/default.orig" || ikt_die "cannot move $default_conf"
fi
[ -d /etc/iscsikt ] || ikt_on_exit "rmdir /etc/iscsikt"
ikt_on_exit "rm -f $default_conf; [ ! -e $dir/default.orig ] || mv $dir/default.orig $default_conf"
mkdir -p /etc/iscsikt || ikt_die "mkdir /etc/iscsikt"
status_is() {
	local out rc
	out=$(ikt_cfg -j service status)
	rc=$?
	[ "$out" = "[{\"state\":\"$1\"}]" ] && [ "$rc" = "$2" ] && return 0
	echo "exit $rc: $out"
	return 1
}
ikt_check "service status -j: running" status_is running 0
ikt_check "config save to the default path" \
	ikt_cfg config save --secrets-from "$dir/secrets"
ikt_check "service stop" ikt_cfg service stop
ikt_check "service status -j: stopped, exit 3" status_is stopped 3
started=$(ikt_cfg service start)
ikt_check "service start applies the default file" test $? = 0
ikt_check "service start says it applied the default file" \
	grep -qx "iscsikt started with the configuration in $default_conf" \
	<<<"$started"
ikt_check "configuration from the default file equals the saved one" \
	test "$(snapshot)" = "$before"
ikt_check "service start again applies nothing and says so" \
	test "$(ikt_cfg service start)" = \
	"iscsikt is running with a configuration already; $default_conf not applied"
ikt_check "configuration unchanged by the second start" \
	test "$(snapshot)" = "$before"
rm -f "$default_conf"
ikt_check "service stop" ikt_cfg service stop
ikt_check "service start without the default file starts empty and says so" \
	test "$(ikt_cfg service start)" = \
	"iscsikt started with an empty configuration: $default_conf does not exist"
no_objects() {
	local o
	for o in portal initiator auth extent target lun; do
		[ "$(ikt_cfg -j $o show | jq length)" = 0 ] || return 1
	done
}
ikt_check "no objects after starting empty" no_objects
ikt_check "service start --config restores again" \
	ikt_cfg service start --config "$conf"

# ---- incremental load ----
sessions() { ikt_cfg -j session show | jq -c '[.[] | {tsih, target}]'; }
ikt_check "login to cfgb" ikt_login cfgb
s_before=$(sessions)
ikt_check "a session on cfgb" bash -c "[[ '$s_before' == *cfgb* ]]"
edited=$dir/edited.conf
sed 's/--comment "disk a"/--comment "disk a, edited"/' "$conf" >"$edited"
echo "extent add ec --file $dir/ec.img --size 1M" >>"$edited"
echo "lun add cfga ec --lun 1" >>"$edited"
ikt_cfg config show-diff "$edited" >"$res/cfg-plan.out" 2>&1
ikt_check "plan: extent comment, new extent, new LUN, secret only" bash -c "
	grep -qx '~ extent ea (comment)' $res/cfg-plan.out &&
	grep -qx '+ extent ec' $res/cfg-plan.out &&
	grep -qx '+ lun .*:cfga/1' $res/cfg-plan.out &&
	[ \$(wc -l <$res/cfg-plan.out) = 4 ]"
plan_json() {
	ikt_cfg -j config show-diff "$edited" >"$res/cfg-plan.json" &&
	jq -e 'length == 4 and
		any(.[]; . == {"op": "set", "object": "extent", "key": "ea",
			       "changes": ["comment"]}) and
		any(.[]; . == {"op": "add", "object": "extent", "key": "ec",
			       "changes": []}) and
		any(.[]; .op == "add" and .object == "lun" and
			 (.key | endswith(":cfga/1")))' \
		"$res/cfg-plan.json" >/dev/null
}
ikt_check "-j config show-diff: the same plan as JSON" plan_json
ikt_check "-n config load changes nothing" bash -c "
	LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg -n config load $edited >/dev/null &&
	[ \"\$(LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg -j extent show ec 2>/dev/null)\" = '' ]"
ikt_check "config load of the edited file" ikt_cfg config load "$edited"
ikt_check "extent ea's comment changed" \
	test "$(ikt_cfg -j extent show ea | jq -r '.[0].comment')" = "disk a, edited"
ikt_check "LUN 1 of cfga added" \
	test "$(ikt_cfg -j lun show cfga | jq -r '.[] | select(.lun == 1) | .extent')" = ec
ikt_check "the session on cfgb stayed" test "$(sessions)" = "$s_before"

# ---- a load that fails halfway ----
s_before=$(sessions)
before=$(snapshot)
bad=$dir/bad.conf
sed 's/--rpm SSD/--rpm 7200/' "$edited" >"$bad"
echo "portal add --tag 2 --listen 127.0.0.1:3262" >>"$bad"
echo "extent add ed --file /nonexistent-dir/ed.img --size 1M" >>"$bad"
echo "lun add cfgb ed --lun 1" >>"$bad"
ikt_check "a load whose extent cannot be created fails" \
	bash -c "! LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg config load $bad >$res/cfg-bad.out 2>&1"
ikt_check "the failure says the configuration was restored" \
	grep -q "configuration before was restored" "$res/cfg-bad.out"
ikt_check "running configuration unchanged after the failed load" \
	test "$(snapshot)" = "$before"
ikt_check "the session on cfgb stayed through it" test "$(sessions)" = "$s_before"

# a new target's name is at most 64 characters once expanded
long=$(printf 'l%.0s' $(seq $((64 - ${#IKT_BASENAME}))))
long_full="$IKT_BASENAME:$long"
cp "$edited" "$bad"
echo "target add $long --group portal=1" >>"$bad"
ikt_check "-n config load refuses a target name of 65 expanded" bash -c "
	! LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg -n config load $bad >$res/cfg-long.out 2>&1 &&
	grep -qF 'target name: \"$long_full\" is 65 characters once expanded, at most 64' $res/cfg-long.out"
ikt_check "config load refuses it" \
	bash -c "! LD_LIBRARY_PATH=$IKT_LIB $IKT_BIN/iscsicfg config load $bad >/dev/null 2>&1"
ikt_check "running configuration unchanged after the refused load" \
	test "$(snapshot)" = "$before"
ikt_check "the session on cfgb stayed through it too" \
	test "$(sessions)" = "$s_before"
ikt_logout cfgb

ikt_done
