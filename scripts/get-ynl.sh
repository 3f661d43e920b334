#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Extract the kernel's YNL tool (tools/net/ynl) and the netlink spec
# schemas (Documentation/netlink) from Debian's linux-source-6.12 tarball
# into OUTDIR (default build/ynl), for selftests/ynl_test.sh and for
# anyone who wants to talk to the family with cli.py.  Used, never copied
# into the repository.
#
# Idempotent: the stamp OUTDIR/.source names the tarball extracted; when
# it is current nothing is done.  Exit 1 when no tarball has the tool
# (6.1's ynl predates genetlink-legacy support): scripts/install-deps.sh
# installs linux-source-6.12.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/ynl}
tarball=${IKT_YNL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
if [ ! -r "$tarball" ]; then
	echo "get-ynl: no $tarball; run scripts/install-deps.sh" >&2
	exit 1
fi
src="$(basename "$tarball") $(stat -c '%s %Y' "$tarball")"
if [ -f "$out/.source" ] && [ "$(cat "$out/.source")" = "$src" ] &&
   [ -f "$out/tools/net/ynl/cli.py" ]; then
	exit 0
fi
top_dir=$(basename "$tarball" .tar.xz)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" "$top_dir/tools/net/ynl" \
	"$top_dir/Documentation/netlink"
rm -rf "$out/tools" "$out/Documentation"
mkdir -p "$out/tools/net"
mv "$tmp/$top_dir/tools/net/ynl" "$out/tools/net/"
mv "$tmp/$top_dir/Documentation" "$out/"
echo "$src" >"$out/.source"
