#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The newest kernel release under /lib/modules matching GLOB, leaving out
# those matching EXCLUDE (an extended regex), or nothing:
#   scripts/vm/newest-kver.sh GLOB [EXCLUDE]
# Debian's point releases replace the 6.1 kernel (6.1.0-56, -57...), so
# the harness, the benchmark, the soak and the demo ask rather than name it.
ls -d /lib/modules/$1 2>/dev/null | xargs -rn1 basename |
	grep -vE "${2:-^$}" | sort -V | tail -n 1
