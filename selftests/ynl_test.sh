#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own YNL tool (tools/net/ynl of Linux 6.12, extracted into
# build/ynl by scripts/get-ynl.sh) talks to the module through
# Documentation/netlink/specs/iscsikt.yaml:
#   - the spec passes the kernel's schema for its protocol;
#   - every get and dump (status, global, portals, initiator groups, CHAP
#     entries, targets, extents, LUNs with and without the target filter,
#     a live session with its connection) says what "iscsicfg -j" says;
#     secrets are never read back;
#   - objects created, changed and deleted through ynl are what iscsicfg
#     then shows, and a NEW with an assigned key replies with it;
#   - a refused request reaches ynl with its errno, the extack message and
#     the offending attribute, and changes nothing;
#   - a ynl subscriber of the events group sees iscsicfg's changes.
# Python is slow to start in the guest (seconds per process).
# ikt-tier: long
# ikt-share: 1
. "$(dirname "$0")/lib.sh"

ynl_dir=${IKT_YNL:-$IKT_TOP/build/ynl}
spec=$IKT_TOP/Documentation/netlink/specs/iscsikt.yaml
proto=$(sed -n 's/^protocol: *//p' "$spec")
cli=$ynl_dir/tools/net/ynl/cli.py
schema=$ynl_dir/Documentation/netlink/$proto.yaml
if [ ! -f "$cli" ] || [ ! -f "$schema" ]; then
	ikt_skip "the kernel's ynl in $ynl_dir (scripts/get-ynl.sh, package linux-source-6.12)"
fi
ikt_require_cmd python3 jq
python3 -c 'import yaml, jsonschema' 2>/dev/null ||
	ikt_skip "python3-yaml and python3-jsonschema"
ikt_load || ikt_die "cannot load iscsikt"

# The host tree is read-only here: no __pycache__.
export PYTHONDONTWRITEBYTECODE=1
ynl() { python3 "$cli" --spec "$spec" --schema "$schema" --output-json "$@"; }
# Python starts slowly in the guest: cli.py shows each thing once, and the
# other requests go through the same library, many per process
# (ynl_batch.py: request lines on stdin, one JSON reply line each).
batch() {
	python3 "$(dirname "$0")/ynl_batch.py" "$ynl_dir" "$spec" "$schema"
}

dir=$(mktemp -d /tmp/iscsikt-ynl.XXXXXX)
ikt_on_exit "rm -rf $dir"
raw_ini=iqn.2026-11.org.iscsikt.raw:client
ta=iqn.2026-11.org.iscsikt.ynl:a
tb=iqn.2026-11.org.iscsikt.ynl:b
tc=iqn.2026-11.org.iscsikt.ynl:c

# same DESC YNL ISCSICFG: equal as JSON values (keys sorted).
same() {
	local a b
	a=$(jq -cS . <<<"$2") && b=$(jq -cS . <<<"$3") && [ -n "$a" ] &&
		[ "$a" = "$b" ] && { echo "# PASS: $1"; return 0; }
	ikt_fail "$1"
	echo "#   ynl:      $2"
	echo "#   iscsicfg: $3"
	return 1
}

# ---- a configuration made with iscsicfg ----
ikt_cfg portal add --tag 41 --listen 127.0.0.1:3260 --comment ynl \
	>/dev/null || ikt_die "portal"
ikt_on_exit "ikt_cfg portal del 41 --force >/dev/null 2>&1"
ikt_cfg initiator add --id 41 --initiator iqn.2026-01.org.example:ynl \
	--initiator "$raw_ini" --comment ynl >/dev/null || ikt_die "igroup"
ikt_on_exit "ikt_cfg initiator del 41 --force >/dev/null 2>&1"
aid=$(ikt_cfg auth add --tag 41 --user ynluser --secret - \
	<<<"YnlSecret-1234" | sed -n 's/^auth \([0-9]*\) added$/\1/p')
[ -n "$aid" ] || ikt_die "auth"
ikt_on_exit "ikt_cfg auth del $aid --force >/dev/null 2>&1"
ikt_cfg extent add ynl-a --file "$dir/a.img" --size 4M --serial YNLA \
	--rpm SSD --threshold 10 --comment "ynl a" >/dev/null || ikt_die "extent"
ikt_on_exit "ikt_cfg extent del ynl-a --force >/dev/null 2>&1"
ikt_cfg target add "$ta" --alias ynlalias --group portal=41,initiator=41 \
	--network 127.0.0.0/8 >/dev/null || ikt_die "target a"
ikt_on_exit "ikt_cfg target del $ta --force >/dev/null 2>&1"
ikt_cfg target add "$tb" --group portal=41,auth=chap,tag=41 >/dev/null ||
	ikt_die "target b"
ikt_on_exit "ikt_cfg target del $tb --force >/dev/null 2>&1"
ikt_cfg lun add "$ta" ynl-a --lun 0 >/dev/null || ikt_die "lun"

# A session to dump: a bare initiator that stays logged in (answering the
# target's NOP-In pings).
python3 "$(dirname "$0")/iscsi_raw.py" echo "$ta" 400001370000 300 \
	>"$dir/hold" 2>&1 &
hold=$!
ikt_on_exit "kill $hold 2>/dev/null"
ikt_within 20 grep -qs logged-in "$dir/hold" ||
	ikt_fail "raw login: $(cat "$dir/hold")"

# ---- (1) gets and dumps agree with iscsicfg -j ----
# jq: "7f000001" -> "127.0.0.1"
jq_dotted='def dotted: [range(0; length; 2) as $i | .[$i:$i+2] | explode |
	map(if . >= 97 then . - 87 else . - 48 end) | .[0] * 16 + .[1] |
	tostring] | join(".");'
ynl_target='{n: ."target-name", a: ."target-alias", mo: ."target-mode",
	g: [(."target-group" // [])[] | {p: ."portal-tag", i: ."igroup-id",
		m: ."auth-method", t: ."auth-tag"}],
	w: [(."target-network" // [])[] | "\(.addr | dotted)/\(.prefix)"]}'
cfg_target='{n: .name, a: .alias, mo: .mode,
	g: [.groups[] | {p: .portal, i: .initiator,
		m: (if .auth == "mutual" then "chap-mutual" else .auth end),
		t: .auth_tag}],
	w: [.networks[] | "\(.address)/\(.prefix)"]}'
ynl_extent='{n: ."extent-name", t: ."extent-type", p: ."extent-path",
	s: ."extent-size", b: ."extent-block-size", np: (."extent-no-pbs" == 1),
	ro: (."extent-read-only" == 1), x: (."extent-xen" == 1),
	r: ."extent-rpm", tpc: (."extent-tpc" == 1), se: ."extent-serial",
	th: ."extent-threshold", c: ."extent-comment",
	e: (."extent-enabled" == 1)}'
cfg_extent='{n: .name, t: .type, p: .path, s: .size, b: .block_size,
	np: .no_pbs, ro: .read_only, x: .xen, r: (.rpm | ascii_downcase),
	tpc: .tpc, se: .serial, th: .threshold, c: .comment, e: .enabled}'
ynl_lun='{t: ."target-name", l: ."lun-id", e: ."extent-name"}'
cfg_lun='{t: .target, l: .lun, e: .extent}'
ynl_session='{t: ."target-name", tsih: ."session-tsih",
	i: ."session-initiator",
	c: [."session-conn"[] | {cid: .cid,
		peer: "\(."peer-addr" | dotted):\(."peer-port")",
		local: "\(."local-addr" | dotted):\(."local-port")",
		p: ."portal-tag", mrdsl: ."max-recv-dsl",
		mxdsl: ."max-xmit-dsl", fb: ."first-burst", mb: ."max-burst",
		id: (."immediate-data" == 1), r2t: (."initial-r2t" == 1)}]}'
cfg_session='{t: .target, tsih: .tsih, i: .initiator,
	c: [.connections[] | {cid: .cid, peer: .peer, local: .local,
		p: .portal, mrdsl: .max_recv_data_segment_length,
		mxdsl: .max_xmit_data_segment_length, fb: .first_burst_length,
		mb: .max_burst_length, id: .immediate_data, r2t: .initial_r2t}]}'

# cli.py itself first: it checks the spec against the kernel's schema.
out=$(ynl --dump target-get 2>&1) || ikt_die "cli.py --dump target-get: $out"
echo "# PASS: cli.py: the spec passes the kernel's $proto schema"
same "cli.py --dump target-get" \
	"$(jq -c "$jq_dotted map($ynl_target) | sort_by(.n)" <<<"$out")" \
	"$(ikt_cfg -j target show | jq -c "map($cfg_target) | sort_by(.n)")"

mapfile -t r < <(batch <<EOF
dump session-get
do status-get
do global-get
dump portal-get
do portal-get {"portal-tag": 41}
dump igroup-get
dump auth-get
do target-get {"target-name": "$ta"}
dump extent-get
do extent-get {"extent-name": "ynl-a"}
dump lun-get
dump lun-get {"target-name": "$ta"}
do lun-get {"target-name": "$ta", "lun-id": 0}
EOF
)
[ ${#r[@]} = 13 ] || ikt_die "ynl_batch.py: ${#r[@]} replies of 13: ${r[*]}"

ikt_check "session-get dump: the raw initiator's session" test \
	"$(jq -r '.[0]."session-initiator"' <<<"${r[0]}")" = "$raw_ini"
same "session-get dump" \
	"$(jq -c "$jq_dotted map($ynl_session)" <<<"${r[0]}")" \
	"$(ikt_cfg -j session show | jq -c "map($cfg_session)")"
same "session-get dump: the ISID" \
	"\"$(printf %012x "$(jq '.[0]."session-isid"' <<<"${r[0]}")")\"" \
	"$(ikt_cfg -j session show | jq -c '.[0].isid')"
same "status-get" \
	"$(jq -c '{v: ."status-version", s: ."status-sessions",
		c: ."status-connections"}' <<<"${r[1]}")" \
	"$(ikt_cfg -j status | jq -c '.[0] | {v: .version, s: .sessions,
		c: .connections}')"
# libiscsicfg shows its default base name for the kernel's empty one.
nobase=.
[ "$(jq -r '."global-basename"' <<<"${r[2]}")" = "" ] && nobase='del(.b)'
same "global-get" \
	"$(jq -c '{b: ."global-basename", i: (."global-isns-server" // []),
		p: ."global-pool-threshold", a: (."global-alua" == 1),
		d: ."global-discovery-auth", t: ."global-discovery-auth-tag"} |
		'"$nobase" <<<"${r[2]}")" \
	"$(ikt_cfg -j global show | jq -c '.[0] | {b: .basename, i: .isns,
		p: .pool_threshold, a: .alua, d: .discovery_auth,
		t: .discovery_auth_tag} | '"$nobase")"
same "portal-get dump" \
	"$(jq -c "$jq_dotted"'map({t: ."portal-tag", c: ."portal-comment",
		l: [."portal-listen"[] | "\(.addr | dotted):\(.port)"]}) |
		sort_by(.t)' <<<"${r[3]}")" \
	"$(ikt_cfg -j portal show | jq -c 'map({t: .tag, c: .comment,
		l: [.listen[] | "\(.address):\(.port)"]}) | sort_by(.t)')"
same "portal-get do" \
	"$(jq -c '{t: ."portal-tag", c: ."portal-comment"}' <<<"${r[4]}")" \
	'{"t":41,"c":"ynl"}'
same "igroup-get dump" \
	"$(jq -c 'map({i: ."igroup-id", c: ."igroup-comment",
		n: (."igroup-initiator" // [])}) | sort_by(.i)' <<<"${r[5]}")" \
	"$(ikt_cfg -j initiator show | jq -c 'map({i: .id, c: .comment,
		n: .initiators}) | sort_by(.i)')"
same "auth-get dump" \
	"$(jq -c 'map({i: ."auth-id", t: ."auth-tag", u: ."auth-user",
		p: ."auth-peer-user"}) | sort_by(.i)' <<<"${r[6]}")" \
	"$(ikt_cfg -j auth show | jq -c 'map({i: .id, t: .tag, u: .user,
		p: .peer_user}) | sort_by(.i)')"
ikt_check "auth-get dump: no secret" \
	test "$(jq '[.[] | keys[] | select(test("secret"))] | length' \
		<<<"${r[6]}")" = 0
same "target-get do" "$(jq -c "$jq_dotted $ynl_target" <<<"${r[7]}")" \
	"$(ikt_cfg -j target show "$ta" | jq -c ".[0] | $cfg_target")"
same "extent-get dump" \
	"$(jq -c "map($ynl_extent) | sort_by(.n)" <<<"${r[8]}")" \
	"$(ikt_cfg -j extent show | jq -c "map($cfg_extent) | sort_by(.n)")"
# jq's numbers are doubles: the 64-bit NAA is read as text.
naa=$(grep -o '"extent-naa": [0-9]*' <<<"${r[9]}" | grep -o '[0-9]*$')
same "extent-get do: the NAA" "\"$(printf 0x%016x "$naa")\"" \
	"$(ikt_cfg -j extent show ynl-a | jq -c '.[0].naa')"
same "lun-get dump" \
	"$(jq -c "map($ynl_lun) | sort_by(.t, .l)" <<<"${r[10]}")" \
	"$(ikt_cfg -j lun show | jq -c "map($cfg_lun) | sort_by(.t, .l)")"
same "lun-get dump, one target" "$(jq -c "map($ynl_lun)" <<<"${r[11]}")" \
	"$(ikt_cfg -j lun show "$ta" | jq -c "map($cfg_lun)")"
same "lun-get do" "$(jq -c "$ynl_lun" <<<"${r[12]}")" \
	"{\"t\":\"$ta\",\"l\":0,\"e\":\"ynl-a\"}"
kill "$hold" 2>/dev/null
wait "$hold" 2>/dev/null

# ---- (2) changes made through ynl are what iscsicfg shows ----
out=$(ynl --do portal-new --json \
	'{"portal-listen": [{"addr": "7f000001", "port": 13401}]}')
tag=$(jq '."portal-tag"' <<<"$out")
ikt_check "cli.py: portal-new replies with the assigned tag ($out)" \
	test "$tag" -ge 1 || ikt_die "no portal"
ikt_on_exit "ikt_cfg portal del $tag --force >/dev/null 2>&1"
ikt_on_exit "ikt_cfg target del $tc --force >/dev/null 2>&1"
ikt_on_exit "ikt_cfg extent del ynl-c --force >/dev/null 2>&1"
# Secrets are binary attributes: hex in JSON.
secret=$(printf YnlSecret-5678 | od -An -tx1 | tr -d ' \n')
alua=$(ikt_cfg -j global show | jq '.[0].alua')
ikt_on_exit "ikt_cfg global set --alua $([ "$alua" = true ] && echo on ||
	echo off) >/dev/null 2>&1"
mapfile -t r < <(batch <<EOF
do igroup-new {"igroup-initiator": ["iqn.2026-01.org.example:y1"]}
do auth-new {"auth-tag": 42, "auth-user": "yuser", "auth-secret": "$secret"}
do extent-new {"extent-name": "ynl-c", "extent-type": "file", "extent-path": "$dir/c.img", "extent-size": 1048576, "extent-rpm": "ssd"}
do target-new {"target-name": "$tc", "target-group": [{"portal-tag": $tag}], "target-network": [{"addr": "0a000000", "prefix": 8}]}
do lun-new {"target-name": "$tc", "lun-id": 3, "extent-name": "ynl-c"}
do target-set {"target-name": "$tc", "target-alias": "ynl alias", "target-mode": "iscsi"}
do extent-set {"extent-name": "ynl-c", "extent-comment": "via ynl", "extent-tpc": 1}
do portal-set {"portal-tag": $tag, "portal-comment": "via ynl"}
do global-set {"global-alua": $([ "$alua" = true ] && echo 0 || echo 1)}
EOF
)
ikt_check "nine changes accepted" test "${#r[@]} $(printf '%s\n' "${r[@]}" |
	jq -s 'map(select(type == "object" and has("errno"))) | length')" = \
	"9 0" || printf '#   %s\n' "${r[@]}"
gid=$(jq '."igroup-id"' <<<"${r[0]}")
aid2=$(jq '."auth-id"' <<<"${r[1]}")
ikt_on_exit "ikt_cfg initiator del $gid --force >/dev/null 2>&1"
ikt_on_exit "ikt_cfg auth del $aid2 --force >/dev/null 2>&1"
same "igroup-new replies with the group, iscsicfg shows it" \
	"$(jq -c '{i: ."igroup-id", n: ."igroup-initiator"}' <<<"${r[0]}")" \
	"$(ikt_cfg -j initiator show "$gid" | jq -c '.[0] | {i: .id,
		n: .initiators}')"
ikt_check "auth-new replies with the id and no secret (${r[1]})" \
	test "$(jq '."auth-id" >= 1 and (keys | map(select(test("secret"))) ==
		[])' <<<"${r[1]}")" = true
same "auth-new: iscsicfg shows the entry" '{"t":42,"u":"yuser"}' \
	"$(ikt_cfg -j auth show "$aid2" | jq -c '.[0] | {t: .tag, u: .user}')"
same "extent-new, extent-set: iscsicfg shows the extent" \
	"{\"t\":\"file\",\"p\":\"$dir/c.img\",\"s\":1048576,\"r\":\"SSD\",
		\"c\":\"via ynl\",\"tpc\":true}" \
	"$(ikt_cfg -j extent show ynl-c | jq -c '.[0] | {t: .type, p: .path,
		s: .size, r: .rpm, c: .comment, tpc: .tpc}')"
same "target-new, target-set: iscsicfg shows the target" \
	"{\"n\":\"$tc\",\"a\":\"ynl alias\",\"mo\":\"iscsi\",
		\"g\":[{\"p\":$tag,\"i\":0,\"m\":\"none\",\"t\":0}],
		\"w\":[\"10.0.0.0/8\"]}" \
	"$(ikt_cfg -j target show "$tc" | jq -c ".[0] | $cfg_target")"
same "lun-new: iscsicfg shows the LUN" \
	"[{\"t\":\"$tc\",\"l\":3,\"e\":\"ynl-c\"}]" \
	"$(ikt_cfg -j lun show "$tc" | jq -c "map($cfg_lun)")"
same "portal-new, portal-set: iscsicfg shows the portal" \
	'{"c":"via ynl","l":[{"address":"127.0.0.1","port":13401}]}' \
	"$(ikt_cfg -j portal show "$tag" | jq -c '.[0] | {c: .comment,
		l: .listen}')"
ikt_check "global-set: iscsicfg shows ALUA flipped" test \
	"$(ikt_cfg -j global show | jq '.[0].alua | not')" = "$alua"

# ---- (3) deletes, and refusals: errno, extack message, attribute ----
mapfile -t r < <(batch <<EOF
do target-del {"target-name": "$tc", "delete-extents": true}
do auth-del {"auth-id": $aid2}
do igroup-del {"igroup-id": $gid}
do portal-del {"portal-tag": $tag}
do extent-new {"extent-name": "x", "extent-type": "file", "extent-path": "$dir/x.img", "extent-block-size": 100}
do auth-new {"auth-tag": 42, "auth-user": "u", "auth-secret": "$secret", "auth-peer-user": "p", "auth-peer-secret": "$secret"}
do portal-del {"portal-tag": 41}
do target-new {"target-name": "$tc", "target-mode": "fc"}
EOF
)
ikt_check "four deletes accepted (${r[*]:0:4})" \
	test "${r[*]:0:4}" = "null null null null"
same "deleted: gone for iscsicfg, the target's extent too" '[0,0,0,0,0]' \
	"$({ ikt_cfg -j target show | jq "map(select(.name == \"$tc\")) | length"
	     ikt_cfg -j extent show | jq 'map(select(.name == "ynl-c")) | length'
	     ikt_cfg -j auth show | jq "map(select(.id == $aid2)) | length"
	     ikt_cfg -j initiator show | jq "map(select(.id == $gid)) | length"
	     ikt_cfg -j portal show | jq "map(select(.tag == $tag)) | length"
	   } | jq -sc .)"
# refused DESC REPLY ERRNO ATTR
refused() {
	[ "$(jq -r '"\(.errno) \(.extack."bad-attr") \(.extack.msg | length > 0)"' \
		<<<"$2")" = "$3 .$4 true" ] && { echo "# PASS: $1"; return 0; }
	ikt_fail "$1: $2"
}
refused "extent-new, block size 100: ERANGE from the policy" "${r[4]}" \
	34 extent-block-size
refused "auth-new, peer secret equal to the secret: EINVAL" "${r[5]}" \
	22 auth-peer-secret
refused "portal-del of a portal in use: EBUSY" "${r[6]}" 16 portal-tag
refused "target-new of a Fibre Channel target: EOPNOTSUPP" "${r[7]}" \
	95 target-mode
same "the refused requests changed nothing" '[0,0,1,0]' \
	"$({ ikt_cfg -j extent show | jq 'map(select(.name == "x")) | length'
	     ikt_cfg -j auth show | jq 'map(select(.tag == 42)) | length'
	     ikt_cfg -j portal show | jq 'map(select(.tag == 41)) | length'
	     ikt_cfg -j target show | jq "map(select(.name == \"$tc\")) | length"
	   } | jq -sc .)"
# cli.py prints the kernel's refusal itself.
out=$(ynl --do target-new --json '{"target-name": "bogus"}' 2>&1)
rc=$?
ikt_check "cli.py: target-new bogus: exit 1, EINVAL, message, attribute" \
	test "$rc $(grep -c -e 'error: -22$' \
		-e "extack: {'msg': '[^']\+'.*'bad-attr': '.target-name'" \
		<<<"$out")" = "1 2" || sed 's/^/#   /' <<<"$out"

# ---- (4) a ynl subscriber of the events group sees iscsicfg's changes ----
# ynl subscribes, sleeps, then prints what came: change the alias until it
# is done, so that some changes come after the subscription.
ynl --subscribe events --sleep 6 >"$dir/ntf" 2>"$dir/ntf.err" &
sub=$!
ikt_on_exit "kill $sub 2>/dev/null"
i=0
while kill -0 "$sub" 2>/dev/null && [ $i -lt 200 ]; do
	i=$((i + 1))
	ikt_cfg target set "$ta" --alias "ev$i" >/dev/null
	sleep 0.2
done
wait "$sub"
ikt_check "cli.py --subscribe: target-set-ntf events, target and alias" \
	test "$(jq --arg t "$ta" '[.[] | select(.name == "target-set-ntf" and
		.msg."target-name" == $t and
		(.msg."target-alias" | startswith("ev")))] | length > 0' \
		"$dir/ntf")" = true ||
	sed 's/^/#   /' "$dir/ntf" "$dir/ntf.err"

ikt_done
