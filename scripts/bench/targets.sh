# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# What every benchmark script in the guest starts with: the selftests'
# helpers, the three targets' start/stop/lun functions (iscsikt.sh,
# lio.sh, tgt.sh), the one target name they all serve, $BENCH_IQN, and
# $bench, this directory.
# Source it with IKT_TOP set.
. "$IKT_TOP/selftests/lib.sh"
. "$IKT_TOP/selftests/iscsi_lib.sh"
bench=$IKT_TOP/scripts/bench
. "$bench/iscsikt.sh"
. "$bench/lio.sh"
. "$bench/tgt.sh"

export IKT_BASENAME=iqn.2026-11.org.iscsikt.bench
BENCH_IQN=$(ikt_iqn disk)
