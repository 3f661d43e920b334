#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make lint: checkpatch --strict over the module sources and a sparse
# build (C=2) of the module.
#
#   scripts/lint.sh KDIR KMOD_DIR
set -euo pipefail
kdir=${1:?usage: lint.sh KDIR KMOD_DIR}
kmod=${2:?usage: lint.sh KDIR KMOD_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
tools=$top/build/checkpatch

# checkpatch.pl and its data files come from Debian's linux-source.
if [ ! -x "$tools/scripts/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz | sort -V | tail -n 1)
	src=$(basename "$tarball" .tar.xz)
	mkdir -p "$tools"
	tar -xJf "$tarball" -C "$tools" --strip-components=1 \
		"$src/scripts/checkpatch.pl" "$src/scripts/spelling.txt" \
		"$src/scripts/const_structs.checkpatch"
fi

rc=0
echo "== checkpatch --strict"
# Version checks are the out-of-tree module's job, and iteration macros
# name their arguments twice: those rules are off.
"$tools/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_REUSE \
	-f "$top"/kernel/*.[ch] "$top"/kernel/proto/*.[ch] \
	"$top"/include/uapi/linux/iscsikt.h | grep -v '^total: 0 errors, 0 warnings, 0 checks' || true
"$tools/scripts/checkpatch.pl" --no-tree --strict --quiet \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_REUSE \
	-f "$top"/kernel/*.[ch] "$top"/kernel/proto/*.[ch] >/dev/null || rc=1

echo "== sparse"
touch "$kmod"/kernel/*.c "$kmod"/kernel/proto/*.c
out=$(make -s -C "$kdir" M="$kmod" C=2 W=1 modules 2>&1 | grep -E 'warning|error' || true)
if [ -n "$out" ]; then
	echo "$out"
	rc=1
fi
exit $rc
