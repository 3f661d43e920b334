#!/bin/sh
# Extract the kselftest harness headers from Debian's linux-source tarball
# into $1 (they are used, never copied into the repository).
set -e
out=${1:?usage: get-kselftest-harness.sh OUTDIR}
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
if [ -z "$tarball" ]; then
	echo "get-kselftest-harness: no /usr/src/linux-source-*.tar.xz;" \
	     "run scripts/install-deps.sh" >&2
	exit 1
fi
top=$(basename "$tarball" .tar.xz)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" \
	"$top/tools/testing/selftests/kselftest_harness.h" \
	"$top/tools/testing/selftests/kselftest.h"
mkdir -p "$out"
cp "$tmp/$top/tools/testing/selftests/kselftest_harness.h" \
   "$tmp/$top/tools/testing/selftests/kselftest.h" "$out/"
