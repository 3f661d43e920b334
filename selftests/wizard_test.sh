#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iscsicfg wizard against the real module:
#   - by flags it creates portal, initiator group (allow list), CHAP
#     credentials, file extent, target and LUN 0; open-iscsi logs in with
#     CHAP and reads back what it wrote;
#   - a second wizard on the same listen address reuses the portal;
#   - on a terminal without options it asks every question, keeps the
#     secret off the screen, creates nothing when told no, and otherwise
#     a share open-iscsi logs in to with the secret typed;
#   - all or nothing: a wizard the kernel refuses at a late step (a target
#     name that exists, a device path that is no block device) leaves the
#     configuration and the files as they were.
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/iscsi_lib.sh"

ikt_require_cmd jq cmp dd
ikt_load || ikt_die "cannot load the module"
ikt_iscsid_start

dir=$(mktemp -d /tmp/iscsikt-wizard.XXXXXX)
ikt_on_exit "rm -rf $dir"
user=wzuser
echo wizard-secret1 >"$dir/secret"

# the whole configuration, for before/after comparisons
snapshot() {
	local o
	for o in portal initiator auth target extent; do
		echo "$o $(ikt_cfg -j $o show)"
	done
	echo "lun $(ikt_cfg -j lun show)"
}

# undo what a successful wizard's JSON report says it created; exit
# commands run last first, so the target (which uses the rest) goes first
forget() {
	local j=$1
	if [ "$(jq -r .auth_tag <<<"$j")" != null ]; then
		ikt_on_exit "for id in \$(ikt_cfg -j auth show | jq '.[] | select(.tag == $(jq .auth_tag <<<"$j")) | .id'); do ikt_cfg auth del \$id --force >/dev/null 2>&1; done"
	fi
	if [ "$(jq -r .portal_created <<<"$j")" = true ]; then
		ikt_on_exit "ikt_cfg portal del $(jq -r .portal <<<"$j") --force >/dev/null 2>&1"
	fi
	ikt_on_exit "ikt_cfg initiator del $(jq -r .initiator_group <<<"$j") --force >/dev/null 2>&1"
	ikt_on_exit "ikt_cfg target del $(jq -r .target <<<"$j") --delete-files --force >/dev/null 2>&1"
}

# ---- by flags: everything in one step ----
me=$(ikt_our_initiator)
json=$(ikt_cfg -j wizard --name wz-one --extent-type file \
	--path "$dir/wz-one.img" --size 16M --portal 0.0.0.0:3260 \
	--initiators "$me" --auth chap --user $user \
	--secret-file "$dir/secret") || ikt_die "wizard wz-one: $json"
forget "$json"
ikt_log "wizard: $json"
tag=$(jq .portal <<<"$json")
gid=$(jq .initiator_group <<<"$json")
atag=$(jq .auth_tag <<<"$json")
ikt_check "wizard reports the full target name" \
	test "$(jq -r .iqn <<<"$json")" = "$(ikt_iqn wz-one)"
ikt_check "portal created, listening on 0.0.0.0:3260" test "$(ikt_cfg -j \
	portal show "$tag" | jq -r '.[0].listen[0] | "\(.address):\(.port)"')" = \
	0.0.0.0:3260
ikt_check "initiator group admits this initiator only" test "$(ikt_cfg -j \
	initiator show "$gid" | jq -c '.[0].initiators')" = "[\"$me\"]"
ikt_check "auth tag holds the user" test "$(ikt_cfg -j auth show |
	jq -r ".[] | select(.tag == $atag) | .user")" = $user
ikt_check "target group: portal, initiator group, CHAP, tag" test \
	"$(ikt_cfg -j target show wz-one | jq -c '.[0].groups')" = \
	"[{\"portal\":$tag,\"initiator\":$gid,\"auth\":\"chap\",\"auth_tag\":$atag}]"
ikt_check "extent is the 16M file" test "$(ikt_cfg -j extent show wz-one |
	jq -r '.[0] | "\(.type) \(.path) \(.size)"')" = \
	"file $dir/wz-one.img $((16 << 20))"
ikt_check "LUN 0 maps the extent" test "$(ikt_cfg -j lun show wz-one |
	jq -c '[.[] | {lun, extent}]')" = '[{"lun":0,"extent":"wz-one"}]'
ikt_check "the secret is not in the report" \
	ikt_not grep -q wizard-secret1 <<<"$json"

ikt_node wz-one node.session.auth.authmethod=CHAP \
	node.session.auth.username=$user \
	node.session.auth.password=wizard-secret1 || ikt_die "node wz-one"
ikt_on_exit "ikt_logout wz-one"
if ikt_check "open-iscsi logs in with CHAP" ikt_login wz-one; then
	disk=$(ikt_disk wz-one) || ikt_die "no disk for wz-one"
	head -c 1M /dev/urandom >"$dir/data"
	ikt_check "write 1M through the wizard's LUN" dd if="$dir/data" \
		of="$disk" bs=64k oflag=direct status=none
	ikt_check "read it back" cmp -n $((1 << 20)) "$dir/data" "$disk"
	ikt_logout wz-one
fi
ikt_node_set wz-one node.session.auth.password=wizard-secret9
ikt_check "a wrong secret is refused" ikt_not ikt_login wz-one

# ---- the same listen address: the portal is reused ----
json2=$(ikt_cfg -j wizard --name wz-two --extent-type file \
	--path "$dir/wz-two.img" --size 1M --portal 0.0.0.0 --allow-all) ||
	ikt_die "wizard wz-two: $json2"
forget "$json2"
ikt_check "second wizard reuses portal $tag" test \
	"$(jq -c '[.portal, .portal_created]' <<<"$json2")" = "[$tag,false]"
ikt_check "allow all: an empty initiator group" test "$(ikt_cfg -j \
	initiator show "$(jq .initiator_group <<<"$json2")" |
	jq '.[0].initiators | length')" = 0
ikt_check "one portal only" test "$(ikt_cfg -j portal show | jq length)" = 1

# ---- on a terminal, no option: the wizard asks for everything ----
# tty_wizard CONFIRM: answers every question (Enter for block size and
# portal, so the 0.0.0.0:3260 portal is reused), CONFIRM at the end
tty_wizard() {
	LD_LIBRARY_PATH=$IKT_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
	python3 "$IKT_TOP/selftests/tty_answer.py" --secret wizard-tty-s1 \
		wz-tty file "$dir/wz-tty.img" 8M "" "" "$me" chap wzttyuser \
		wizard-tty-s1 wizard-tty-s1 "$1" -- "$IKT_BIN/iscsicfg" wizard
}
before=$(snapshot)
out=$(tty_wizard no)
rc=$?
ikt_log "$out"
ikt_check "answering no creates nothing" test $rc = 1 -a \
	"$(snapshot)" = "$before"
ikt_check "... and says so" grep -q "wizard: nothing created" <<<"$out"
out=$(tty_wizard "")
rc=$?
ikt_log "$out"
ikt_check "the interactive wizard succeeds, the secret unechoed" test $rc = 0
ikt_check "it showed the commands before asking" \
	grep -q "iscsicfg target add wz-tty --group portal=$tag," <<<"$out"
tgroup=$(ikt_cfg -j target show wz-tty | jq -c '.[0].groups[0]')
ikt_on_exit "ikt_cfg initiator del $(jq .initiator <<<"$tgroup") --force >/dev/null 2>&1"
ikt_on_exit "for id in \$(ikt_cfg -j auth show | jq '.[] | select(.user == \"wzttyuser\") | .id'); do ikt_cfg auth del \$id --force >/dev/null 2>&1; done"
# exit commands run last first: the target, which uses the rest, goes first
ikt_on_exit "ikt_cfg target del wz-tty --delete-files --force >/dev/null 2>&1"
ikt_check "its target: the reused portal, CHAP" test \
	"$(jq -c '[.portal, .auth]' <<<"$tgroup")" = "[$tag,\"chap\"]"
ikt_check "its extent: the 8M file, 512-byte blocks" test "$(ikt_cfg -j \
	extent show wz-tty | jq -r '.[0] | "\(.path) \(.size) \(.block_size)"')" = \
	"$dir/wz-tty.img $((8 << 20)) 512"
ikt_node wz-tty node.session.auth.authmethod=CHAP \
	node.session.auth.username=wzttyuser \
	node.session.auth.password=wizard-tty-s1 || ikt_die "node wz-tty"
if ikt_check "open-iscsi logs in with the secret typed" ikt_login wz-tty; then
	disk=$(ikt_disk wz-tty) || ikt_die "no disk for wz-tty"
	ikt_check "write 1M through it" dd if="$dir/data" of="$disk" \
		bs=64k oflag=direct status=none
	ikt_check "read it back" cmp -n $((1 << 20)) "$dir/data" "$disk"
	ikt_logout wz-tty
fi

# ---- all or nothing ----
# wz-dup exists as a target (of another extent): the wizard gets as far
# as "target add" on a new portal, with CHAP and a new file
ikt_cfg extent add wz-other --file "$dir/wz-other.img" --size 1M \
	>/dev/null || ikt_die "extent wz-other"
ikt_on_exit "ikt_cfg extent del wz-other --force >/dev/null 2>&1"
ikt_cfg target add wz-dup --group portal=$tag >/dev/null ||
	ikt_die "target wz-dup"
ikt_on_exit "ikt_cfg target del wz-dup --force >/dev/null 2>&1"
before=$(snapshot)
out=$(ikt_cfg wizard --name wz-dup --extent-type file \
	--path "$dir/wz-dup.img" --size 1M --portal 127.0.0.1:13261 \
	--auth chap --user $user --secret - 2>&1 <"$dir/secret")
rc=$?
ikt_log "$out"
ikt_check "wizard on an existing target name fails" test $rc = 1
ikt_check "it names the step and undoes the ones before" \
	grep -q "step 5 (target add wz-dup.*undoing the steps before it" <<<"$out"
ikt_check "configuration as before" test "$(snapshot)" = "$before"
ikt_check "the file it created is gone" test ! -e "$dir/wz-dup.img"

# a device extent on a regular file: the kernel refuses the extent
touch "$dir/not-a-device"
out=$(ikt_cfg wizard --name wz-bad --extent-type device \
	--path "$dir/not-a-device" --portal 127.0.0.1:13262 \
	--initiators "$me" 2>&1)
rc=$?
ikt_log "$out"
ikt_check "wizard on a device path that is no block device fails" \
	test $rc = 1
ikt_check "it fails at extent add" \
	grep -q "step 3 (extent add wz-bad" <<<"$out"
ikt_check "configuration as before, again" test "$(snapshot)" = "$before"
ikt_check "the regular file is left alone" test -f "$dir/not-a-device"

# a dry run reads the running configuration and creates nothing
out=$(ikt_cfg -n wizard --name wz-dry --path /dev/null --portal 0.0.0.0)
ikt_check "dry run plans no new portal" \
	ikt_not grep -q "portal add" <<<"$out"
ikt_check "dry run plans the target on portal $tag" \
	grep -q "target add wz-dry --group portal=$tag," <<<"$out"
ikt_check "dry run created nothing" test "$(snapshot)" = "$before"
ikt_done
