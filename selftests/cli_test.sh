#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iscsicfg against the real module: the netlink contract as the tool sees
# it, in human and JSON (-j, parsed with jq) output.
#   - a set empties a list (--no-initiators, --no-groups, --no-networks,
#     --no-isns);
#   - "add" without a key learns the key the kernel assigned (NEW reply);
#   - "lun show TARGET" lists that target's LUNs only (dump filter);
#   - extent names: 1..63 bytes of printable ASCII;
#   - a target's mode: iscsi round-trips, fc and both (a NAS's Fibre
#     Channel modes) are refused and change nothing;
#   - "target del --delete-files" removes the regular files of the
#     target's file extents, and nothing else (never a device);
#   - "service start --config": comments and blank lines skipped, all or
#     nothing (validation first, kernel refusal undone);
#   - a CHAP secret on the command line is refused and changes nothing;
#     on a terminal, auth add asks for the secrets it is not given.
# Live sessions (the target name of a session) are session_test.sh's.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd jq losetup python3
ikt_require_module loop
ikt_load || ikt_die "cannot load the module"

dir=$(mktemp -d /tmp/iscsikt-cli.XXXXXX)
ikt_on_exit "rm -rf $dir"
port=13300

# expect_fail NEEDLE CMD...: iscsicfg exits 1 and says NEEDLE
expect_fail() {
	local needle=$1 out rc
	shift
	out=$(ikt_cfg "$@" 2>&1)
	rc=$?
	[ "$rc" = 1 ] && grep -qF -- "$needle" <<<"$out" && return 0
	echo "exit $rc, want 1 and \"$needle\": $out"
	return 1
}

nothing_left() {
	local o left=0
	for o in portal initiator auth target extent lun; do
		if [ "$(ikt_cfg -j $o show | jq length)" != 0 ]; then
			echo "$o: $(ikt_cfg -j $o show)"
			left=1
		fi
	done
	return $left
}

ikt_check "starts empty" nothing_left || ikt_die "configuration not empty"

# ---- NEW replies carry the assigned key ----
out=$(ikt_cfg portal add --listen 127.0.0.1:$port)
tag=$(sed -n 's/^portal \([0-9]*\) added$/\1/p' <<<"$out")
ikt_check "portal add prints the assigned tag ($out)" test -n "$tag"
ikt_on_exit "ikt_cfg portal del $tag --force >/dev/null 2>&1"
ikt_check "portal show -j has that tag" \
	test "$(ikt_cfg -j portal show "$tag" | jq '.[0].tag')" = "$tag"
out=$(ikt_cfg initiator add --initiator iqn.2026-01.org.example:a \
	--initiator iqn.2026-01.org.example:b)
gid=$(sed -n 's/^initiator group \([0-9]*\) added$/\1/p' <<<"$out")
ikt_check "initiator add prints the assigned id ($out)" test -n "$gid"
ikt_on_exit "ikt_cfg initiator del $gid --force >/dev/null 2>&1"
out=$(ikt_cfg auth add --tag 7 --user u --secret - <<<123456789012)
aid=$(sed -n 's/^auth \([0-9]*\) added$/\1/p' <<<"$out")
ikt_check "auth add prints the assigned id ($out)" test -n "$aid"
ikt_on_exit "ikt_cfg auth del $aid --force >/dev/null 2>&1"
ikt_check "auth show -j has that id" \
	test "$(ikt_cfg -j auth show "$aid" | jq '.[0].id')" = "$aid"

# ---- CHAP secrets: never from the command line ----
# expect_usage NEEDLE CMD...: iscsicfg exits 2 and says NEEDLE
expect_usage() {
	local needle=$1 out rc
	shift
	out=$(ikt_cfg "$@" 2>&1 </dev/null)
	rc=$?
	[ "$rc" = 2 ] && grep -qF -- "$needle" <<<"$out" && return 0
	echo "exit $rc, want 2 and \"$needle\": $out"
	return 1
}
auths=$(ikt_cfg -j auth show)
ikt_check "auth add --secret S refused, naming the option" \
	expect_usage "--secret: a secret on the command line shows in ps" \
	auth add --tag 8 --user w --secret abcdefghijkl
ikt_check "auth set --peer-secret S refused, naming the option" \
	expect_usage "--peer-secret: a secret on the command line shows in ps" \
	auth set "$aid" --peer-user p --peer-secret abcdefghijkl
ikt_check "auth add with no secret and no terminal refused" \
	expect_usage "add: --secret - or --secret-file is required (no terminal to ask)" \
	auth add --tag 8 --user w
ikt_check "the refusals changed nothing" \
	test "$(ikt_cfg -j auth show)" = "$auths"
# on a terminal, add asks for the secret and the peer secret, twice each
tty_out=$(ikt_cfg_tty "abcdefghijkl abcdefghijkl mnopqrstuvwx mnopqrstuvwx" \
	auth add --tag 8 --user w --peer-user p)
tty_rc=$?
# (not out and rc: ikt_check's own locals) what the terminal showed
tty_ok() { [ "$tty_rc" = 0 ] || { printf '%s\n' "$tty_out"; return 1; }; }
ikt_check "auth add on a terminal: asked, nothing echoed (exit $tty_rc)" \
	tty_ok
ikt_check "it asked for the peer secret too" \
	grep -q "Peer CHAP secret (12 to 16 characters), again:" <<<"$tty_out"
tid=$(sed -n 's/^auth \([0-9]*\) added\r*$/\1/p' <<<"$tty_out")
ikt_check "auth add on a terminal printed the id it added" test -n "$tid"
ikt_on_exit "ikt_cfg auth del $tid --force >/dev/null 2>&1"
ikt_check "auth show -j has it, with its peer user" \
	test "$(ikt_cfg -j auth show "$tid" | jq -c '.[0] | [.tag, .user, .peer_user]')" = '[8,"w","p"]'

# ---- a set empties a list ----
ikt_check "initiator group has 2 initiators" \
	test "$(ikt_cfg -j initiator show "$gid" | jq '.[0].initiators | length')" = 2
ikt_check "initiator set --no-initiators" \
	ikt_cfg initiator set "$gid" --no-initiators
ikt_check "initiators emptied (JSON)" \
	test "$(ikt_cfg -j initiator show "$gid" | jq '.[0].initiators | length')" = 0
ikt_check "initiators emptied (table: all)" \
	grep -q "^$gid  *(all)" <<<"$(ikt_cfg initiator show "$gid")"
ikt_check "--no-initiators with --initiator is a usage error" \
	test "$(ikt_cfg initiator set "$gid" --no-initiators \
		--initiator iqn.2026-01.org.example:a >/dev/null 2>&1; echo $?)" = 2

ikt_check "target add with a group and two networks" \
	ikt_cfg target add t1 --group "portal=$tag,initiator=$gid" \
	--network 10.0.0.0/8 --network fd00::/8
ikt_on_exit "ikt_cfg target del t1 --force >/dev/null 2>&1"
tj() { ikt_cfg -j target show t1 | jq "$1"; }
ikt_check "target has 2 networks" test "$(tj '.[0].networks | length')" = 2
ikt_check "target set --no-networks" ikt_cfg target set t1 --no-networks
ikt_check "networks emptied" test "$(tj '.[0].networks | length')" = 0
ikt_check "groups kept" test "$(tj '.[0].groups | length')" = 1
ikt_check "target set --no-groups" ikt_cfg target set t1 --no-groups
ikt_check "groups emptied (JSON)" test "$(tj '.[0].groups | length')" = 0
ikt_check "groups emptied (table)" \
	grep -q "t1  *-  *iscsi  *-  *-$" <<<"$(ikt_cfg target show t1)"
ikt_check "the initiator group is free again" \
	ikt_cfg target set t1 --group "portal=$tag"

# ---- the mode: only iSCSI is served ----
snapshot() {
	local o
	for o in portal initiator auth target extent lun global; do
		ikt_cfg -j $o show
	done
}
ikt_check "a target made without --mode is iscsi" \
	test "$(tj '.[0].mode')" = '"iscsi"'
ikt_check "target set --mode iscsi" ikt_cfg target set t1 --mode iscsi
ikt_check "target add --mode iscsi" \
	ikt_cfg target add t3 --mode iscsi --group "portal=$tag"
ikt_on_exit "ikt_cfg target del t3 --force >/dev/null 2>&1"
ikt_check "mode iscsi (JSON)" \
	test "$(ikt_cfg -j target show t3 | jq -r '.[0].mode')" = iscsi
ikt_check "mode iscsi (table)" \
	grep -q ":t3  *-  *iscsi  *portal=$tag," <<<"$(ikt_cfg target show t3)"
mode_msg="mode: iSCSI only (no Fibre Channel target on this host)"
before=$(snapshot)
ikt_check "target set --mode fc refused" \
	expect_fail "$mode_msg" target set t1 --mode fc --alias changed
ikt_check "target add --mode both refused" \
	expect_fail "$mode_msg" target add t4 --mode both --group "portal=$tag"
ikt_check "refused modes changed nothing" test "$before" = "$(snapshot)"
ikt_check "target del t3" ikt_cfg target del t3

gj() { ikt_cfg -j global show | jq "${@:2}" ".[0]$1"; }
isns0=$(gj .isns -c)
ikt_check "global set --isns twice" \
	ikt_cfg global set --isns isns1.example --isns isns2.example:3205
ikt_check "two iSNS servers" test "$(gj '.isns | length')" = 2
ikt_check "global set --no-isns" ikt_cfg global set --no-isns
ikt_check "iSNS servers emptied (JSON)" test "$(gj '.isns | length')" = 0
ikt_check "iSNS servers emptied (table)" \
	grep -q "^isns  *-$" <<<"$(ikt_cfg global show)"
[ "$isns0" = "[]" ] || ikt_fail "iSNS list was not empty at start: $isns0"

# ---- extent names ----
n63=$(printf 'x%.0s' {1..63})
ikt_check "63-byte extent name accepted" \
	ikt_cfg extent add "$n63" --file "$dir/n63.img" --size 1M
ikt_check "extent show -j has the 63-byte name" \
	test "$(ikt_cfg -j extent show "$n63" | jq -r '.[0].name')" = "$n63"
ikt_check "extent name with a space accepted" \
	ikt_cfg extent add "disk one" --file "$dir/sp.img" --size 1M
ikt_check "64-byte extent name refused" \
	expect_fail "extent name: at most 63 bytes" \
	extent add "${n63}y" --file "$dir/n64.img" --size 1M
ikt_check "extent name with a tab refused" \
	expect_fail "extent name: printable ASCII only" \
	extent add "$(printf 'a\tb')" --file "$dir/tab.img" --size 1M
ikt_check "extent name in UTF-8 refused" \
	expect_fail "extent name: printable ASCII only" \
	extent add "$(printf 'caf\303\251')" --file "$dir/utf.img" --size 1M
ikt_check "no file for refused names" \
	test ! -e "$dir/n64.img" -a ! -e "$dir/tab.img" -a ! -e "$dir/utf.img"
ikt_check "extents removed" \
	eval 'ikt_cfg extent del "$n63" && ikt_cfg extent del "disk one"'

# ---- LUN dump filtered by target ----
ikt_check "target t2" ikt_cfg target add t2 --group "portal=$tag"
ikt_on_exit "ikt_cfg target del t2 --force >/dev/null 2>&1"
for e in a0 a1 b0; do
	ikt_cfg extent add $e --file "$dir/$e.img" --size 1M >/dev/null ||
		ikt_fail "extent add $e"
done
ikt_on_exit "ikt_cfg extent del a0 --force >/dev/null 2>&1"
ikt_on_exit "ikt_cfg extent del a1 --force >/dev/null 2>&1"
ikt_on_exit "ikt_cfg extent del b0 --force >/dev/null 2>&1"
ikt_check "lun add a0" ikt_cfg lun add t1 a0
ikt_check "lun add a1" ikt_cfg lun add t1 a1
ikt_check "lun add b0" ikt_cfg lun add t2 b0
ikt_check "lun show: 3 LUNs" test "$(ikt_cfg -j lun show | jq length)" = 3
ikt_check "lun show t1 -j: t1's 2 LUNs only" \
	test "$(ikt_cfg -j lun show t1 | jq -c '[.[].extent] | sort')" = '["a0","a1"]'
ikt_check "lun show t2: one row, b0" \
	test "$(ikt_cfg lun show t2 | tail -n +2 | awk '{print $3}')" = b0
ikt_check "lun show of a full name" \
	test "$(ikt_cfg -j lun show "$(ikt_iqn t2)" | jq -r '.[].extent')" = b0
ikt_check "lun show of an unknown target: none" \
	test "$(ikt_cfg -j lun show nosuch | jq length)" = 0

# ---- target del --delete-files ----
loopimg=$dir/loop.img
ikt_loop dev "$loopimg" 4M || ikt_die "losetup"
ikt_check "device extent" ikt_cfg extent add dev0 --device "$dev"
ikt_on_exit "ikt_cfg extent del dev0 --force >/dev/null 2>&1"
ikt_check "lun add dev0 to t1" ikt_cfg lun add t1 dev0
ikt_check "a1's file replaced by a symlink (must survive)" \
	eval "mv $dir/a1.img $dir/a1.real && ln -s $dir/a1.real $dir/a1.img"
ikt_check "target del t1 --delete-files" \
	ikt_cfg target del t1 --delete-files
ikt_check "t1 gone" expect_fail "no such target" target show t1
ikt_check "its extents gone" \
	test "$(ikt_cfg -j extent show | jq -c '[.[].name]')" = '["b0"]'
ikt_check "a0's file deleted" test ! -e "$dir/a0.img"
ikt_check "the symlink and its file kept" \
	test -L "$dir/a1.img" -a -f "$dir/a1.real"
ikt_check "the device and its backing file kept" \
	test -b "$dev" -a -f "$loopimg"
ikt_check "t2's file kept" test -f "$dir/b0.img"
ikt_check "target del t2 --delete-extents" \
	ikt_cfg target del t2 --delete-extents
ikt_check "--delete-extents alone keeps the file" test -f "$dir/b0.img"

# ---- service start --config ----
ikt_check "nothing but the portal, group and auth left" \
	test "$(ikt_cfg -j target show | jq length)$(ikt_cfg -j extent show | jq length)" = 00

good=$dir/good.conf
cat >"$good" <<EOF
# a comment

   # an indented comment
portal add --tag 40 --listen 127.0.0.1:$((port + 1)) --comment "two words"
extent add "cfg disk" --file $dir/cfg.img --size 1M   # trailing comment
target add cfg --group portal=40
lun add cfg "cfg disk"
global set --isns isns.example
EOF
ikt_check "service start --config (good)" \
	ikt_cfg service start --config "$good"
ikt_check "config: portal 40" \
	test "$(ikt_cfg -j portal show 40 | jq -r '.[0].comment')" = "two words"
ikt_check "config: LUN 0 of cfg is \"cfg disk\"" \
	test "$(ikt_cfg -j lun show cfg | jq -r '.[0].extent')" = "cfg disk"
ikt_check "config: iSNS set" test "$(gj .isns -c)" = '["isns.example"]'
ikt_check "undo the good config" eval 'ikt_cfg target del cfg --delete-files &&
	ikt_cfg portal del 40 && ikt_cfg global set --no-isns'

before=$(snapshot)

# validation failure: nothing is sent at all
bad1=$dir/bad1.conf
cat >"$bad1" <<EOF
portal add --tag 41 --listen 127.0.0.1:$((port + 2))
extent add bad --file $dir/bad1.img --size 1M
target add Bad --group portal=41
EOF
ikt_check "invalid line: refused, line named" \
	expect_fail "$bad1:3: failed; nothing was applied" \
	service start --config "$bad1"
ikt_check "invalid line: portal 41 never created" \
	expect_fail "no such portal" portal show 41
ikt_check "invalid line: no file" test ! -e "$dir/bad1.img"

bad2=$dir/bad2.conf
printf 'portal del %s\n' "$tag" >"$bad2"
ikt_check "del line refused" \
	expect_fail "\"OBJECT add\" and \"global set\" lines only" \
	service start --config "$bad2"

# kernel refusal on the last line: the earlier lines are undone
bad3=$dir/bad3.conf
cat >"$bad3" <<EOF
global set --isns isns.example --alua on
portal add --tag 42 --listen 127.0.0.1:$((port + 3))
initiator add --initiator iqn.2026-01.org.example:c
auth add --tag 9 --user v --secret abcdefghijkl
extent add bad3 --file $dir/bad3.img --size 1M
target add bad3 --group portal=42,auth=chap,tag=9
lun add bad3 bad3
target add bad4 --group portal=99
EOF
ikt_check "kernel refusal: refused, line named" \
	expect_fail "$bad3:8: failed; undoing the lines before it" \
	service start --config "$bad3"
after=$(snapshot)
ikt_check "kernel refusal: configuration as before" \
	test "$before" = "$after"
ikt_check "kernel refusal: the new file removed" test ! -e "$dir/bad3.img"
[ "$before" = "$after" ] || diff <(echo "$before") <(echo "$after") |
	sed 's/^/#   /'

ikt_done
