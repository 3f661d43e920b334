#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host checks of what "make install" puts beside the binaries:
#   - the man pages format without a single groff warning;
#   - bash completion offers every object "iscsicfg --help" lists and no
#     other, every option each object's --help shows for a command, and
#     only options iscsicfg(8) documents;
#   - the systemd units, as "make units" writes them, pass
#     "systemd-analyze verify" without a word.
#   tests/unit/packaging_test.sh [path/to/iscsicfg]
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/bin/iscsicfg}
[ -x "$bin" ] || { echo "not ok 1 # no $bin: build tools first"; exit 1; }
n=0
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	[ -s "$tmp/why" ] && sed 's/^/#   /' "$tmp/why"
}
# check WHAT: the condition ran just before left $tmp/why empty
check() { if [ -s "$tmp/why" ]; then not_ok "$1"; else ok "$1"; fi; }

# ---- man pages ----
for page in "$top"/Documentation/man/*.[1-8]; do
	groff -man -ww -z "$page" >"$tmp/why" 2>&1
	check "$(basename "$page") formats without a warning"
done

# ---- bash completion ----
# shellcheck source=../../packaging/iscsicfg.bash-completion
. "$top/packaging/iscsicfg.bash-completion"
# complete WORD...: what the completion offers for the last word
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_iscsicfg 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}"
}
help_of() { "$bin" "$@" --help 2>&1; }

objects=$(help_of | sed -n 's/^\(Objects:\| \{9\}\)\(.*\)/\2/p' |
	  tr ' ' '\n' | grep . | sort)
offered=$(complete_words iscsicfg "" | sort)
diff <(echo "$objects") <(echo "$offered") >"$tmp/why"
check "completion offers exactly the objects of iscsicfg --help"

# options OBJECT: "VERB --opt..." per command of OBJECT's --help; the
# lines after a usage line continue it, "same options" inherits add's
options() {
	help_of "$1" | awk -v obj="$1" '
		$0 ~ "^(Usage: | +)iscsicfg " obj "( |$)" {
			n = split($0, w, " ")
			for (i = 1; i < n && !(w[i] == "iscsicfg" && w[i + 1] == obj); i++)
				;
			verb = w[i + 2] ~ /^[a-z]/ ? w[i + 2] : ""
			sub(/\|.*/, "", verb)	# "enable|disable": the first
			if (index($0, "same options")) opts[verb] = opts["add"]
		}
		/^[^ ]/ && !/^Usage:/ { verb = "-" }
		verb != "-" {
			s = $0
			while (match(s, /--[a-z][a-z-]*/)) {
				opts[verb] = opts[verb] " " substr(s, RSTART, RLENGTH)
				s = substr(s, RSTART + RLENGTH)
			}
		}
		END { for (v in opts) print v ":" opts[v] }'
}

man_text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' \
	"$top/Documentation/man/iscsicfg.8")
: >"$tmp/undocumented"
for obj in $objects; do
	while IFS=: read -r verb opts; do
		words=(iscsicfg "$obj")
		[ -n "$verb" ] && words+=("$verb")
		complete_words "${words[@]}" -- >"$tmp/offered"
		: >"$tmp/why"
		for o in $opts; do
			grep -qx -- "$o" "$tmp/offered" ||
				echo "$o not offered" >>"$tmp/why"
		done
		check "completion offers the options of \"iscsicfg $obj${verb:+ $verb}\""
		cat "$tmp/offered" >>"$tmp/undocumented"
	done < <(options "$obj")
done
: >"$tmp/why"
for o in $(sort -u "$tmp/undocumented"); do
	grep -qF -- "$o" <<<"$man_text" || echo "$o" >>"$tmp/why"
done
check "every option the completion offers is in iscsicfg(8)"
secret=$(complete_words iscsicfg auth add --secret "")
[ "$secret" = "-" ] && : >"$tmp/why" || echo "offered: $secret" >"$tmp/why"
check "completion of --secret offers only \"-\" (never a secret in argv)"

# ---- systemd units ----
if ! command -v systemd-analyze >/dev/null; then
	n=$((n + 1))
	echo "ok $n - systemd units # SKIP no systemd-analyze"
else
	make -s --no-print-directory -C "$top" units O="$tmp/o" SBINDIR="$(dirname "$bin")" \
		>"$tmp/why" 2>&1
	check "make units"
	for unit in "$tmp"/o/units/*.service; do
		(cd "$(dirname "$unit")" &&
		 systemd-analyze verify --man=no "./$(basename "$unit")") \
			>"$tmp/why" 2>&1
		check "$(basename "$unit"): systemd-analyze verify says nothing"
	done
	grep -h '^Exec' "$tmp"/o/units/*.service | grep '@' >"$tmp/why"
	check "no @PLACEHOLDER@ is left in the units"
fi

echo "1..$n"
[ "$fails" = 0 ]
