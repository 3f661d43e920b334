#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Host test of iscsicfg's command line: bad arguments must fail with the
# right exit code (2 usage, 1 rejected by validation) and a message naming
# the argument.  Runs with --dry-run: no kernel module needed.
#   tests/unit/iscsicfg_cli_test.sh [path/to/iscsicfg]
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/bin/iscsicfg}
[ -x "$bin" ] || { echo "not ok 1 # no $bin: build tools first"; exit 1; }
n=0
fails=0
out=$(mktemp)
sec_dir=$(mktemp -d)
trap 'rm -f "$out"; rm -rf "$sec_dir"' EXIT
in=/dev/null

# expect RC NEEDLE ARGS...: exit code RC, NEEDLE in stdout+stderr
expect() {
	rc=$1 needle=$2
	shift 2
	n=$((n + 1))
	"$bin" "$@" >"$out" 2>&1 <"$in"
	got=$?
	verdict "iscsicfg $*"
}

# has_needle: every line of $needle is a line, or part of one, of $out
# (grep -F alone would take any one of them)
has_needle() {
	printf '%s\n' "$needle" | while IFS= read -r line; do
		grep -qF -- "$line" "$out" || exit 1
	done
}

# verdict WHAT: the run gave exit code $rc and $needle in $out
verdict() {
	if [ "$got" -eq "$rc" ] && { [ -z "$needle" ] || has_needle; }; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1 (rc $got, want $rc and \"$needle\")"
		sed 's/^/#   /' "$out"
		fails=$((fails + 1))
	fi
}

# expect_in FILE RC NEEDLE ARGS...: expect, with stdin from FILE
expect_in() {
	in=$1
	shift
	expect "$@"
	in=/dev/null
}

# expect_tty ANSWERS RC NEEDLE ARGS...: expect, run on a pseudo-terminal
# that types the space-separated ANSWERS, secrets that must not show
expect_tty() {
	answers=$1 rc=$2 needle=$3
	shift 3
	n=$((n + 1))
	# shellcheck disable=SC2086 # one word per answer
	python3 "$top/selftests/tty_answer.py" --hidden $answers -- \
		"$bin" "$@" >"$out" 2>&1
	got=$?
	verdict "iscsicfg $* on a terminal typing \"$answers\""
}

# secret S: a file holding the line S, for --secret-file
secret() {
	printf '%s\n' "$1" >"$sec_dir/$1"
	echo "$sec_dir/$1"
}

echo "TAP version 13"
expect 2 "unknown object" frobnicate
expect 2 "missing OBJECT"
expect 2 "unknown option \"--frob\"" --frob portal show
expect 0 "Objects:" --help
expect 0 "iscsicfg 0.1" --version
for obj in global portal initiator auth target extent lun session service config; do
	expect 0 "Usage: iscsicfg $obj" $obj --help
	expect 2 "$obj: missing COMMAND" $obj
	expect 2 "$obj: unknown command \"zap\"" $obj zap
done
# portal
expect 2 "--listen is required" -n portal add
expect 2 "option \"--listen\" needs an argument" -n portal add --listen
expect 2 "--listen: port \"0\"" -n portal add --listen 1.2.3.4:0
expect 2 "not an IPv4 or IPv6" -n portal add --listen nohost:3260
expect 2 "--tag: \"0\" is not a number 1..65535" -n portal add --tag 0 --listen ::
expect 2 "--tag: \"70000\"" -n portal add --tag 70000 --listen ::
expect 1 "listen: address 2 repeats" -n portal add --listen 0.0.0.0 --listen 0.0.0.0:3260
expect 0 "" -n portal add --listen 0.0.0.0 --listen [::]:3261 --comment lan
expect 2 "TAG: \"x\"" -n portal del x
expect 2 "nothing to change" -n portal set 1
expect 2 "unexpected argument \"extra\"" -n portal del 1 extra
# initiator
expect 1 "initiator: \"bogus\" must start with" -n initiator add --initiator bogus
expect 1 "listed twice" -n initiator add --initiator iqn.2000-01.com.a:x --initiator iqn.2000-01.com.a:x
expect 2 "ID: \"0\"" -n initiator del 0
expect 0 "" -n initiator set 1 --no-initiators
expect 2 "--no-initiators: not together with --initiator" -n initiator set 1 --no-initiators --initiator iqn.2000-01.com.a:x
# auth
expect 2 "--tag is required" -n auth add --user u --secret-file "$(secret 123456789012)"
expect 2 "--user is required" -n auth add --tag 1 --secret-file "$(secret 123456789012)"
expect 2 "add: --secret - or --secret-file is required (no terminal to ask)" -n auth add --tag 1 --user u
expect 1 "secret: 12 to 16 characters (got 11)" -n auth add --tag 1 --user u --secret-file "$(secret 12345678901)"
expect 1 "secret: 12 to 16 characters (got 17)" -n auth add --tag 1 --user u --secret-file "$(secret 12345678901234567)"
expect 1 "both for mutual CHAP" -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p
expect 1 "peer secret: must differ" -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p --peer-secret-file "$(secret 123456789012)"
expect 2 "--secret-file: /nonexistent" -n auth add --tag 1 --user u --secret-file /nonexistent
expect 2 "--peer-secret-file: /nonexistent" -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p --peer-secret-file /nonexistent
expect 2 "nothing to read from stdin" -n auth add --tag 1 --user u --secret -
expect 2 "--secret: given twice" -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --secret-file "$(secret 123456789012)"
expect 0 "" -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p --peer-secret-file "$(secret abcdefghijkl)"
# a secret itself on the command line is refused before any kernel is
# asked (no -n: exit 2, not the failure to reach the module)
argv_secret="a secret on the command line shows in ps and shell history; give - to read it from stdin (on a terminal, a prompt without echo) or"
expect 2 "iscsicfg: --secret: $argv_secret --secret-file FILE" auth add --tag 1 --user u --secret 123456789012
expect 2 "iscsicfg: --peer-secret: $argv_secret --peer-secret-file FILE" auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p --peer-secret abcdefghijkl
expect 2 "iscsicfg: --secret: $argv_secret --secret-file FILE" auth set 1 --secret 123456789012
# stdin: a line per secret, the peer secret from the next
expect_in "$(secret 12345678901)" 1 "secret: 12 to 16 characters (got 11)" -n auth add --tag 1 --user u --secret -
expect_in "$(secret 123456789012)" 0 "" -n auth add --tag 1 --user u --secret -
printf '123456789012\n123456789012\n' >"$sec_dir/two"
expect_in "$sec_dir/two" 1 "peer secret: must differ from secret" -n auth add --tag 1 --user u --secret - --peer-user p --peer-secret -
expect_in "$(secret abcdefghijkl)" 0 "" -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p --peer-secret -
expect_in "$(secret 123456789012)" 0 "" -n auth set 1 --secret -
# a configuration file's line is no command line: it may hold the secret
printf 'auth add --tag 9 --user v --secret abcdefghijkl\n' >"$sec_dir/conf"
expect 0 "" -n service start --config "$sec_dir/conf"
# on a terminal, asked for twice with echo off (the library's rules show
# that what was typed is what is checked)
expect_tty "chapsecret01 chapsecret01" 0 "CHAP secret (12 to 16 characters), again: " -n auth add --tag 1 --user u
expect_tty "short short" 1 "secret: 12 to 16 characters (got 5)" -n auth add --tag 1 --user u
expect_tty "chapsecret01 chapsecret02" 2 "iscsicfg: --secret: the secrets typed do not match" -n auth add --tag 1 --user u
expect_tty "" 2 "iscsicfg: --secret: input ended" -n auth add --tag 1 --user u
expect_tty "chapsecret01 chapsecret01 chapsecret01 chapsecret01" 1 "peer secret: must differ from secret" -n auth add --tag 1 --user u --peer-user p
expect_tty "chapsecret01 chapsecret01 peersecret01 peersecret01" 0 "Peer CHAP secret (12 to 16 characters), again: " -n auth add --tag 1 --user u --peer-user p
expect_tty "short short" 1 "peer secret: 12 to 16 characters (got 5)" -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p
expect_tty "short short" 1 "secret: 12 to 16 characters (got 5)" -n auth set 1 --secret -
expect_tty "" 2 "nothing to change" -n auth set 1
# target
expect 2 "at least one --group" -n target add disk0
expect 2 "missing argument" -n target add --group portal=1
expect 2 "--group: portal=N is required" -n target add disk0 --group auth=none
expect 2 "--group: unknown key \"colour\"" -n target add disk0 --group portal=1,colour=red
expect 2 "--group auth: \"kerberos\"" -n target add disk0 --group portal=1,auth=kerberos
expect 2 "--group portal: \"0\"" -n target add disk0 --group portal=0
expect 1 "target name: 1 to 64 characters of a-z 0-9 . - :" -n target add Disk0 --group portal=1
expect 1 "target name: 1 to 64" -n target add aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --group portal=1
expect 1 "needs an auth tag" -n target add disk0 --group portal=1,auth=chap
expect 1 "already used by group 1" -n target add disk0 --group portal=1 --group portal=1
expect 2 "--network: 10.0.0.1/8 has host bits set" -n target add disk0 --group portal=1 --network 10.0.0.1/8
expect 2 "--network: prefix \"33\"" -n target add disk0 --group portal=1 --network 10.0.0.0/33
expect 0 "" -n target add disk0 --alias "Disk 0" --group portal=1,initiator=2,auth=chap,tag=3 --network fd00::/8
expect 0 "" -n target add disk0 --mode iscsi --group portal=1
expect 0 "" -n target set disk0 --mode ISCSI
expect 2 "option \"--mode\" needs an argument" -n target set disk0 --mode
expect 0 "" -n target del disk0 --delete-files --force
expect 0 "" -n target set disk0 --no-groups --no-networks
expect 2 "--no-groups: not together with --group" -n target set disk0 --no-groups --group portal=1
expect 2 "--no-networks: not together with --network" -n target set disk0 --no-networks --network 10.0.0.0/8
expect 2 "only with set" -n target add disk0 --group portal=1 --no-networks
# extent
expect 2 "--file or --device is required" -n extent add e0
expect 2 "give one of --file or --device" -n extent add e0 --file /a --device /b
expect 2 "--size: \"12Q\"" -n extent add e0 --file /tmp/e0 --size 12Q
expect 2 "--size: only with --file" -n extent add e0 --device /dev/null --size 1M
expect 1 "a new file needs a size" -n extent add e0 --file /nonexistent/e0.img
expect 1 "not a multiple of the block size 4096" -n extent add e0 --file /nonexistent/e0.img --size 6K --block-size 4096
expect 1 "block size: one of 512, 1024, 2048, 4096" -n extent add e0 --file /nonexistent/e0.img --size 1M --block-size 3000
expect 1 "path: \"rel/e0\" must be absolute" -n extent add e0 --file rel/e0 --size 1M
expect 2 "--rpm: \"9000\"" -n extent add e0 --device /dev/null --rpm 9000
expect 1 "serial: at most 20" -n extent add e0 --device /dev/null --serial 123456789012345678901
expect 1 "naa: 0x5000000000000001" -n extent add e0 --device /dev/null --naa 0x5000000000000001
expect 2 "--threshold: \"101\"" -n extent add e0 --device /dev/null --threshold 101
expect 2 "--read-only: \"maybe\"" -n extent add e0 --device /dev/null --read-only=maybe
expect 1 "is a directory" -n extent add e0 --file /tmp --size 1M
n63=$(printf 'x%.0s' $(seq 63))
expect 0 "" -n extent add "$n63" --device /dev/null
expect 1 "extent name: at most 63 bytes (got 64)" -n extent add "${n63}y" --device /dev/null
expect 1 "extent name: printable ASCII only" -n extent add "$(printf 'a\tb')" --device /dev/null
expect 0 "" -n extent add "disk one" --device /dev/null
expect 1 "extent name: at most 63" -n lun add disk0 "${n63}y"
expect 0 "" -n extent add e0 --file /nonexistent/e0.img --size 1G --rpm SSD --tpc --read-only --serial ABC --naa 0x6001405000000001 --disabled
expect 2 "nothing to change" -n extent set e0
# lun
expect 2 "--lun: \"1024\" is not a number 0..1023" -n lun add disk0 e0 --lun 1024
expect 2 "missing argument" -n lun add disk0
expect 2 "LUN: \"x\"" -n lun del disk0 x
expect 0 "lun 0 added" -n lun add disk0 e0
expect 0 "lun 5 added" -n lun add disk0 e0 --lun 5
# global
expect 2 "nothing to change" -n global set
expect 2 "--pool-threshold: \"150\"" -n global set --pool-threshold 150
expect 2 "--alua: \"sometimes\"" -n global set --alua sometimes
expect 2 "--discovery-auth: \"pap\"" -n global set --discovery-auth pap
expect 1 "base name: \"iqn.2026\"" -n global set --basename iqn.2026
expect 1 "iSNS server: port \"0\"" -n global set --isns host:0
expect 0 "" -n global set --no-isns
expect 2 "--no-isns: not together with --isns" -n global set --no-isns --isns host
# Every rule of libiscsicfg/validate.c, word for word, as the tool shows
# it (rc 1: the library refused; rc 2: the tool's own parsing, which
# prefixes the option).  Rules the tool's parsing makes unreachable are
# asserted here by the tool's message and in libiscsicfg_validate_test.c
# by the library's; Documentation/testing.rst lists where each one is.
long256=$(printf 'a%.0s' $(seq 256))
expect 1 'target name: 1 to 64 characters of a-z 0-9 . - : (got "Disk0")' -n target add Disk0 --group portal=1
# 28 characters of default base name and colon: 36 more fit in 64
name36=$(printf 'a%.0s' $(seq 36))
expect 0 "" -n target add "$name36" --group portal=1
expect 1 "target name: \"iqn.2026-11.org.iscsikt.ctl:${name36}b\" is 65 characters once expanded, at most 64 (choose a shorter name or base name)" -n target add "${name36}b" --group portal=1
expect 1 'extent name: required' -n extent add "" --device /dev/null
expect 1 'extent name: required' -n lun add disk0 ""
expect 1 'initiator: required' -n initiator add --initiator ""
expect 1 "initiator: at most 223 bytes (got 248)" -n initiator add --initiator "iqn.2000-01.com.a:$(printf 'x%.0s' $(seq 230))"
expect 1 'initiator: "iqn.2000-13.com.a" is not iqn.YYYY-MM.reversed.domain[:id] of a-z 0-9 . - :' -n initiator add --initiator iqn.2000-13.com.a
expect 1 'initiator: "eui.123" is not eui. and 16 hex digits' -n initiator add --initiator eui.123
expect 1 'initiator: "naa.123" is not naa. and 16 or 32 hex digits' -n initiator add --initiator naa.123
expect 1 'initiator: "iqn.2000-01.com.a:x" is listed twice' -n initiator add --initiator iqn.2000-01.com.a:x --initiator iqn.2000-01.com.a:x
expect 2 'ID: "0" is not a number 1..4294967295' -n initiator set 0 --comment c
expect 2 '--id: "0" is not a number 1..4294967295' -n initiator add --id 0
expect 1 'alias: at most 255 bytes (got 256)' -n target add disk0 --alias "$long256" --group portal=1
expect 1 'alias: at most 255 bytes (got 256)' -n target set disk0 --alias "$long256"
expect 1 'alias: control characters are not allowed' -n target add disk0 --alias "$(printf 'a\tb')" --group portal=1
expect 2 '--mode: "sas" is not iscsi, fc or both' -n target add disk0 --mode sas --group portal=1
expect 1 'mode: iSCSI only (no Fibre Channel target on this host)' -n target add disk0 --mode fc --group portal=1
expect 1 'mode: iSCSI only (no Fibre Channel target on this host)' -n target set disk0 --mode both
expect 1 'comment: at most 255 bytes (got 256)' -n initiator add --comment "$long256"
expect 1 'comment: control characters are not allowed' -n portal add --comment "$(printf 'a\tb')" --listen ::
expect 1 'comment: control characters are not allowed' -n extent set e0 --comment "$(printf 'a\033b')"
expect 2 '--listen: "" is not ADDR, ADDR:PORT or [IPV6]:PORT' -n portal add --listen ""
expect 2 '--listen: "[::1": expected [IPV6] or [IPV6]:PORT' -n portal add --listen "[::1"
expect 2 '--listen: "1.2.3.4" is not an IPv6 address' -n portal add --listen "[1.2.3.4]:5"
expect 2 '--listen: "1.2.3" is not an IPv4 or IPv6 address' -n portal add --listen 1.2.3
expect 2 '--listen: port "65536" is not 1..65535' -n portal add --listen 1.2.3.4:65536
expect 1 'listen: address 2 repeats address 1' -n portal add --listen ::1 --listen [::1]:3260
expect 2 '--listen is required' -n portal add --comment c
expect 2 'TAG: "0" is not a number 1..65535' -n portal set 0 --comment c
expect 2 '--network: "" is not ADDR/PREFIX' -n target add disk0 --group portal=1 --network ""
expect 2 '--network: "10.0.0" is not an IPv4 or IPv6 address' -n target add disk0 --group portal=1 --network 10.0.0/8
expect 2 '--network: prefix "8x" is not 0..32' -n target add disk0 --group portal=1 --network 10.0.0.0/8x
expect 2 '--network: prefix "129" is not 0..128' -n target add disk0 --group portal=1 --network fd00::/129
expect 2 '--network: fd00::1/64 has host bits set' -n target add disk0 --group portal=1 --network fd00::1/64
expect 2 '--size: "12Q" is not a number of bytes with an optional K, M, G or T suffix' -n extent add e0 --file /tmp/e0 --size 12Q
expect 1 'iSNS server: host[:port] of at most 255 bytes' -n global set --isns ""
expect 1 'iSNS server: "[::1": expected [IPV6][:PORT]' -n global set --isns "[::1"
expect 1 'iSNS server: "1.2.3.4" is not an IPv6 address' -n global set --isns "[1.2.3.4]"
expect 1 'iSNS server: write an IPv6 address as [ADDR]:PORT' -n global set --isns a:b:c
expect 1 'iSNS server: host "ho_st" is not a host name or address' -n global set --isns ho_st
expect 1 'iSNS server: port "99999" is not 1..65535' -n global set --isns 10.0.0.1:99999
expect 1 'base name: at most 221 bytes so that target names fit' -n global set --basename "iqn.2000-01.com.$(printf 'a%.0s' $(seq 206))"
expect 1 'base name: "iqn.2026" is not iqn.YYYY-MM.reversed.domain[:id] of a-z 0-9 . - :' -n global set --basename iqn.2026
expect 2 '--pool-threshold: "101" is not a number 0..100' -n global set --pool-threshold 101
expect 2 '--discovery-auth: "pap" is not none, chap or mutual' -n global set --discovery-auth pap
expect 1 'discovery auth tag: required (non-zero) with discovery auth chap' -n global set --discovery-auth chap --discovery-auth-tag 0
expect 2 '--tag: "0" is not a number 1..4294967295' -n auth add --tag 0 --user u --secret-file "$(secret 123456789012)"
expect 2 'ID: "0" is not a number 1..4294967295' -n auth set 0 --user u
expect 1 'user: required' -n auth add --tag 1 --user "" --secret-file "$(secret 123456789012)"
expect 1 'user: control characters are not allowed' -n auth add --tag 1 --user "$(printf 'a\tb')" --secret-file "$(secret 123456789012)"
expect 1 'peer user: control characters are not allowed' -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user "$(printf 'a\tb')" --peer-secret-file "$(secret abcdefghijkl)"
expect 1 'peer user, peer secret: give both for mutual CHAP, or neither' -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user "" --peer-secret-file "$(secret abcdefghijkl)"
expect 1 'peer secret: 12 to 16 characters (got 3)' -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p --peer-secret-file "$(secret abc)"
expect 1 'peer secret: must differ from secret' -n auth add --tag 1 --user u --secret-file "$(secret 123456789012)" --peer-user p --peer-secret-file "$(secret 123456789012)"
expect 2 '--group portal: "0" is not a number 1..65535' -n target add disk0 --group portal=0
expect 2 '--group auth: "kerberos" is not none, chap or mutual' -n target add disk0 --group portal=1,auth=kerberos
expect 1 'group 1: auth method chap needs an auth tag' -n target add disk0 --group portal=1,auth=chap,tag=0
expect 1 'group 2: auth tag 4 given but auth method is none' -n target add disk0 --group portal=1 --group portal=2,auth=none,tag=4
expect 1 'group 2: portal 1 is already used by group 1' -n target add disk0 --group portal=1 --group portal=1
expect 2 'give one of --file or --device' -n extent add e0 --file /a --device /b
expect 1 'path: required' -n extent add e0 --file ""
expect 1 'path: "rel/e0" must be absolute' -n extent add e0 --file rel/e0 --size 1M
expect 1 'block size: one of 512, 1024, 2048, 4096 (got 3000)' -n extent add e0 --file /nonexistent/e0.img --size 1M --block-size 3000
expect 2 '--size: only with --file' -n extent add e0 --device /dev/null --size 1M
expect 1 'direct-io: file extents only; a device always bypasses the page cache' -n extent add e0 --device /dev/null --direct-io
expect 1 'size: 12800 is not a multiple of the block size 4096' -n extent add e0 --file /nonexistent/e0.img --size 12800 --block-size 4096
expect 1 'size: "/nonexistent/e0.img" does not exist, a new file needs a size' -n extent add e0 --file /nonexistent/e0.img
expect 2 '--rpm: "17" is not one of UNKNOWN, SSD, 5400, 7200, 10000, 15000' -n extent add e0 --device /dev/null --rpm 17
expect 1 'serial: at most 20 characters (got 21)' -n extent add e0 --device /dev/null --serial 123456789012345678901
expect 1 'serial: printable ASCII only' -n extent add e0 --device /dev/null --serial "$(printf 'a\tb')"
expect 1 'naa: 0x5589cfc000000123 must start with 6 (NAA IEEE Registered Extended)' -n extent add e0 --device /dev/null --naa 0x5589cfc000000123
expect 2 '--threshold: "101" is not a number 0..100' -n extent add e0 --device /dev/null --threshold 101
expect 2 '--lun: "-2" is not a number 0..1023' -n lun add disk0 e0 --lun -2
expect 2 'LUN: "2000" is not a number 0..1023' -n lun del disk0 2000
# reads: JSON is an array even when empty
expect 0 "[]" -n -j portal show
expect 0 "[]" -n target show -j
expect 0 "TAG  LISTEN  COMMENT" -n portal show
expect 0 "[]" -n -j initiator show
expect 0 "ID  INITIATORS  CONNECTED  COMMENT" -n initiator show
# service status: whether this host has the module loaded, text and JSON
if [ -d /sys/module/iscsikt ]; then
	state=running state_rc=0
else
	state=stopped state_rc=3
fi
expect $state_rc "$state" service status
expect $state_rc "[{\"state\":\"$state\"}]" -j service status
expect $state_rc "[{\"state\":\"$state\"}]" service status --json
expect 2 "unexpected argument \"now\"" service status now
# service config parsing
cfg=$(mktemp)
printf '# comment\nportal add --listen 0.0.0.0 --comment "two words"\ntarget add Bad --group portal=1\n' >"$cfg"
expect 1 "$cfg:3: failed; nothing was applied" -n service start --config "$cfg"
printf '\n  # indented comment\n\nportal add --listen 0.0.0.0 # trailing\nglobal set --no-isns\n' >"$cfg"
expect 0 "" -n service start --config "$cfg"
printf 'portal add --listen 0.0.0.0\nportal del 1\n' >"$cfg"
expect 1 "$cfg:2: failed: a configuration holds \"OBJECT add\" and \"global set\" lines only" -n service start --config "$cfg"
printf 'portal add --listen "0.0.0.0\n' >"$cfg"
expect 1 "$cfg:1: failed: unterminated quote" -n service start --config "$cfg"
rm -f "$cfg"
# config: the file's lines are checked by the add verbs before any kernel
printf 'portal add --listen 0.0.0.0\nextent add e1 --file rel.img\n' >"$cfg"
expect 1 "$cfg:2: failed; nothing was applied" config load "$cfg"
expect 1 "$cfg:2: failed; nothing was applied" config show-diff "$cfg"
expect 1 "$cfg:2: failed; nothing was applied" -n config load "$cfg"
expect 2 "missing argument" config load
expect 2 "unexpected argument \"b\"" config save a b
expect 2 "unknown option \"--force\"" config show-diff --force "$cfg"
expect 2 "option \"--secrets-from\" needs an argument" config save --secrets-from
printf 'portal del 1\n' >"$cfg"
expect 1 "$cfg:1: failed: a configuration holds" config load "$cfg"
rm -f "$cfg"
# service enable|disable run systemctl
expect 0 "systemctl enable iscsikt.service" -n service enable
expect 0 "systemctl disable iscsikt.service" -n service disable
expect 2 "unexpected argument \"now\"" service enable now
fake=$(mktemp -d)
printf '#!/bin/sh\necho "fake systemctl $*"\n' >"$fake/systemctl"
chmod +x "$fake/systemctl"
PATH_SAVE=$PATH
PATH=$fake:$PATH_SAVE
expect 0 "fake systemctl enable iscsikt.service" service enable
printf '#!/bin/sh\nexit 1\n' >"$fake/systemctl"
expect 1 "systemctl disable iscsikt.service failed" service disable
PATH=$PATH_SAVE
# no systemctl anywhere
printf '#!/bin/sh\nPATH=/nonexistent exec "%s" "$@"\n' "$bin" >"$fake/nopath"
chmod +x "$fake/nopath"
bin_save=$bin
bin=$fake/nopath
expect 1 "systemctl not found: starting at boot needs systemd" service enable
bin=$bin_save
rm -rf "$fake"
# wizard: flags, validation, the plan a dry run prints
sec=$(mktemp)
psec=$(mktemp)
echo secret123456 >"$sec"
echo peersecret12 >"$psec"
expect 0 "Usage: iscsicfg wizard" wizard --help
expect 2 "--name is required" -n wizard --path /dev/null
expect 2 "--path is required" -n wizard --name disk0
expect 2 "--extent-type: \"tape\" is not file or device" -n wizard --name d --path /dev/null --extent-type tape
expect 2 "--size: only with --extent-type file" -n wizard --name d --path /dev/null --size 1M
expect 2 "--allow-all: not together with --initiators" -n wizard --name d --path /dev/null --allow-all --initiators iqn.2000-01.com.a:x
expect 2 "--auth: \"kerberos\"" -n wizard --name d --path /dev/null --auth kerberos
expect 2 "--user: only with --auth chap or mutual" -n wizard --name d --path /dev/null --user u
expect 2 "--peer-user: only with --auth mutual" -n wizard --name d --path /dev/null --auth chap --user u --secret-file "$sec" --peer-user p
expect 2 "--auth chap: --user is required" -n wizard --name d --path /dev/null --auth chap
expect 2 "--secret - or --secret-file is required (no terminal to ask)" -n wizard --name d --path /dev/null --auth chap --user u
expect 2 "iscsicfg: --secret: $argv_secret --secret-file FILE" -n wizard --name d --path /dev/null --auth chap --user u --secret secret123456
expect 2 "iscsicfg: --peer-secret: $argv_secret --peer-secret-file FILE" -n wizard --name d --path /dev/null --auth mutual --user u --peer-user p --peer-secret secret123456
expect 2 "nothing to read from stdin" -n wizard --name d --path /dev/null --auth chap --user u --secret -
# the prompt auth add asks with; the plan's auth add takes the secret
expect_tty "wizsecret001 wizsecret001" 0 "iscsicfg auth add --tag 1 --user u --secret -" -n wizard --name d --path /dev/null --auth chap --user u
expect_tty "wizsecret001 wizsecret001" 0 "iscsicfg auth add --tag 1 --user u --secret -" -n wizard --name d --path /dev/null --auth chap --user u --secret -
expect_tty "wizsecret001 wizsecret002" 2 "iscsicfg: --secret: the secrets typed do not match" -n wizard --name d --path /dev/null --auth chap --user u
expect 2 "--secret-file: /nonexistent" -n wizard --name d --path /dev/null --auth chap --user u --secret-file /nonexistent
expect 2 "--name: given twice" -n wizard --name d --name e --path /dev/null
expect 2 "--portal: listen: port \"0\"" -n wizard --name d --path /dev/null --portal 1.2.3.4:0
expect 2 "unexpected argument \"extra\"" -n wizard --name d --path /dev/null extra
expect 2 "unknown option \"--frob\"" -n wizard --frob
# the library's rules, checked step by step before anything is created
expect 1 "step 4 (target add Disk0 --group portal=1,initiator=1) failed; nothing was created" -n wizard --name Disk0 --path /dev/null
expect 1 "a new file needs a size" -n wizard --name d --extent-type file --path /nonexistent/d.img
expect 1 "not a multiple of the block size 4096" -n wizard --name d --extent-type file --path /nonexistent/d.img --size 6K --block-size 4096
expect 1 "must start with" -n wizard --name d --path /dev/null --initiators bogus
echo short >"$psec"
expect 1 "secret: 12 to 16 characters (got 5)" -n wizard --name d --path /dev/null --auth chap --user u --secret-file "$psec"
echo peersecret12 >"$psec"
expect 1 "peer secret: must differ" -n wizard --name d --path /dev/null --auth mutual --user u --secret-file "$sec" --peer-user p --peer-secret-file "$sec"
expect 0 "iscsicfg portal add --tag 1 --listen 0.0.0.0:3260
iscsicfg initiator add --id 1
iscsicfg extent add disk0 --device /dev/null
iscsicfg target add disk0 --group portal=1,initiator=1
iscsicfg lun add disk0 disk0 --lun 0" -n wizard --name disk0 --path /dev/null
expect 0 "iscsicfg initiator add --id 1 --initiator iqn.2000-01.com.a:x --initiator iqn.2000-01.com.a:y" -n wizard --name d --path /dev/null --initiators iqn.2000-01.com.a:x,iqn.2000-01.com.a:y
expect 0 "iscsicfg extent add d --file /nonexistent/d.img --size 1M --block-size 4096" -n wizard --name d --extent-type file --path /nonexistent/d.img --size 1M --block-size 4096
expect 0 "iscsicfg portal add --tag 1 --listen '[::1]:3261'" -n wizard --name d --path /dev/null --portal [::1]:3261
expect 0 "iscsicfg auth add --tag 1 --user u --secret -" -n wizard --name d --path /dev/null --auth chap --user u --secret-file "$sec"
expect 0 "target add d --group portal=1,initiator=1,auth=chap,tag=1" -n wizard --name d --path /dev/null --auth chap --user u --secret-file "$sec"
expect 0 "target add d --group portal=1,initiator=1,auth=mutual,tag=1" -n wizard --name d --path /dev/null --auth mutual --user u --secret-file "$sec" --peer-user p --peer-secret-file "$psec"
# no option at all on a terminal: every question, Enter takes a default;
# a dry run prints the plan instead of asking to confirm it
n=$((n + 1))
rc=0 needle="Logical block size (512, 1024, 2048, 4096) [512]: 
iscsicfg portal add --tag 1 --listen 0.0.0.0:3260
iscsicfg initiator add --id 1 --initiator iqn.2000-01.com.a:x
iscsicfg auth add --tag 1 --user wzuser --secret -
iscsicfg extent add wz-tty --file /nonexistent/wz-tty.img --size 8M --block-size 512
iscsicfg target add wz-tty --group portal=1,initiator=1,auth=chap,tag=1
iscsicfg lun add wz-tty wz-tty --lun 0"
python3 "$top/selftests/tty_answer.py" --secret wz-tty-secret1 wz-tty file \
	/nonexistent/wz-tty.img 8M "" "" iqn.2000-01.com.a:x chap wzuser \
	wz-tty-secret1 wz-tty-secret1 -- "$bin" -n wizard >"$out" 2>&1
got=$?
verdict "wizard on a terminal asks every question, the secret unechoed"
# both secrets from stdin, a line each (expect's stdin is /dev/null)
n=$((n + 1))
if printf 'secret123456\nsecret123456\n' | "$bin" -n wizard --name d \
	--path /dev/null --auth mutual --user u --secret - --peer-user p \
	--peer-secret - 2>&1 | grep -qF "peer secret: must differ"; then
	echo "ok $n - wizard reads secret and peer secret from stdin"
else
	echo "not ok $n - wizard reads secret and peer secret from stdin"
	fails=$((fails + 1))
fi
expect 0 '"portal_created":true' -n -j wizard --name d --path /dev/null
expect 0 '"iqn":"iqn.2026-11.org.iscsikt.ctl:d"' -n -j wizard --name d --path /dev/null
# the secret is never printed, not even in a dry run
n=$((n + 1))
if "$bin" -n wizard --name d --path /dev/null --auth chap --user u \
	--secret-file "$sec" 2>&1 | grep -q secret123456 ||
   "$bin" -n -j wizard --name d --path /dev/null --auth chap --user u \
	--secret-file "$sec" 2>&1 | grep -q secret123456; then
	echo "not ok $n - wizard prints no secret"
	fails=$((fails + 1))
else
	echo "ok $n - wizard prints no secret"
fi
rm -f "$sec" "$psec"

# Issue 6: every validation rule has a test that shows its message.  The
# library's messages (ic_fail formats of validate.c) must each match a
# string libiscsicfg_validate_test.c asserts, the kernel's (extended ACK
# messages of kernel/netlink.c) must each be a string netlink_test.c
# asserts; a new rule without its test fails here.
n=$((n + 1))
if missing=$(python3 - "$top" <<'PY'
import re, sys
top = sys.argv[1]
lit = r'"((?:[^"\\]|\\.)*)"'
def read(p):
    return open(top + "/" + p).read()
def asserted(p):
    return set(re.findall(lit, read(p)))
bad = []
unit = asserted("tests/unit/libiscsicfg_validate_test.c")
for fmt in sorted(set(re.findall(r'ic_fail\(&?e,\s*' + lit,
                                 read("libiscsicfg/validate.c")))):
    rx = re.compile("".join(".*" if re.fullmatch(r"%[-0-9.]*[a-z]+", p)
                            else re.escape(p) for p in
                            re.split(r"(%[-0-9.]*[a-z]+)", fmt)) + "$")
    if not any(rx.match(u) for u in unit):
        bad.append("validate.c: " + fmt)
nl = asserted("selftests/netlink_test.c")
for call in re.findall(r"NL_SET_ERR_MSG\w*\((.*?)\);",
                       read("kernel/netlink.c"), re.S):
    msg = "".join(re.findall(lit, call))
    if msg and msg not in nl:
        bad.append("netlink.c: " + msg)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
); then
	echo "ok $n - every validation message is asserted by a test"
else
	echo "not ok $n - validation messages no test asserts"
	printf '%s\n' "$missing" | sed 's/^/#   /'
	fails=$((fails + 1))
fi

echo "1..$n"
[ "$fails" -eq 0 ]
