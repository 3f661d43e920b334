#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The module index of kernel KVER (modules.dep, modules.alias... as depmod
# writes them) with MODULE added as updates/iscsikt.ko, in OUTDIR, beside
# a copy of MODULE that says which module it was made for.  A guest that
# installs MODULE for libkmod (selftests/lib.sh, ikt_install_module)
# copies it rather than running depmod, which reads every module of the
# kernel: a second here, most of a minute over the guest's 9p root.
#
#   scripts/vm/module-index.sh KVER MODULE OUTDIR
set -euo pipefail

[ $# -eq 3 ] || { sed -n '10s/^# *//p' "$0" >&2; exit 2; }
kver=$1 ko=$2 out=$3
mods=/lib/modules/$kver
cmp -s "$ko" "$out/iscsikt.ko" && [ -s "$out/modules.dep.bin" ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
m=$tmp/lib/modules/$kver
mkdir -p "$m/updates"
# depmod follows these links; build and source are the headers.
for d in "$mods"/*/; do
	d=${d%/}
	case ${d##*/} in build|source|updates) continue ;; esac
	ln -s "$d" "$m/${d##*/}"
done
cp "$mods"/modules.order "$mods"/modules.builtin* "$m/"
cp "$ko" "$m/updates/iscsikt.ko"
depmod -a -b "$tmp" "$kver"
rm -rf "$out"
mkdir -p "$out"
cp "$m"/modules.* "$out/"
cp "$ko" "$out/iscsikt.ko"
