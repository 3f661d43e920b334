#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Median time of each hop of a queue depth 1 I/O, per target.

    scripts/bench/qd1-hops.py DIR

DIR holds what scripts/bench/qd1-trace.sh wrote.  An I/O runs from one
io_submit to the next; the I/Os whose hops came in the most common order
are lined up and each hop's median time since io_submit printed, with
the gap from the hop before.  fio's own mean latency of the traced run
says how much the tracer added.

Every I/O's time is also split in two: the target's side, from the
initiator's send of the command (iscsi_sw_tcp_pdu_xmit) to its
completion of the last PDU of the answer (iscsi_complete_pdu), which
holds TCP both ways and everything the target does; and the rest of
fio's traced mean, which no target changes: fio, the block layer, the
initiator's queueing and the wake-ups between CPUs.  Traced with
qd1-trace.sh --split, the tracer adds little, and fio's untraced mean
is printed too.
"""
import glob
import json
import os
import re
import statistics
import sys

LINE = re.compile(r"\s*(\S+)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+)")
START = "__x64_sys_io_submit"
SENT = "iscsi_sw_tcp_pdu_xmit"
ANSWERED = "iscsi_complete_pdu"


def ios(path):
    """Lists of (microseconds, hop name), one per I/O."""
    out, cur = [], None
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            t, hop = float(m.group(4)) * 1e6, m.group(5)
            if hop == START:
                if cur:
                    out.append(cur)
                cur = [(t, hop)]
            elif cur is not None:
                cur.append((t, hop))
    return out


def mean_latency(fio, rw):
    """fio's IOPS and mean latency in microseconds, or None."""
    if not os.path.exists(fio):
        return None
    with open(fio) as f:
        side = json.load(f)["jobs"][0]["write" if "write" in rw else "read"]
    return side["iops"], side["lat_ns"]["mean"] / 1000


def target_side(io):
    """Microseconds from the command's send to its answer's completion."""
    sent = [t for t, h in io if h == SENT]
    done = [t for t, h in io if h == ANSWERED]
    if not sent or not done or done[-1] < sent[0]:
        return None
    return done[-1] - sent[0]


def report(target, rw, trace, fio):
    runs, sides = {}, []
    for io in ios(trace):
        side = target_side(io)
        if side is not None:
            sides.append(side)
        runs.setdefault(tuple(h for _, h in io), []).append(
            [t - io[0][0] for t, _ in io])
    if not runs:
        print("%s %s: no I/O traced" % (target, rw))
        return
    hops, times = max(runs.items(), key=lambda kv: len(kv[1]))
    total = sum(len(v) for v in runs.values())
    print("%s %s: %d of %d I/Os in this order" %
          (target, rw, len(times), total))
    prev = 0.0
    for i, hop in enumerate(hops):
        med = statistics.median(r[i] for r in times)
        print("  %8.1f us  +%6.1f  %s" % (med, med - prev, hop))
        prev = med
    traced = mean_latency(fio, rw)
    if traced:
        print("  fio, traced: %.0f IOPS, mean %.1f us" % traced)
    plain = mean_latency(fio[:-5] + "-plain.json", rw)
    if plain:
        print("  fio, untraced: %.0f IOPS, mean %.1f us" % plain)
    if traced and sides:
        side = statistics.mean(sides)
        print("  target's side %.1f us (median %.1f), the rest %.1f us" %
              (side, statistics.median(sides), traced[1] - side))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    for trace in sorted(glob.glob(os.path.join(d, "*-trace-*.txt"))):
        target, rw = os.path.basename(trace)[:-4].split("-trace-")
        report(target, rw, trace,
               os.path.join(d, "%s-fio-%s.json" % (target, rw)))


if __name__ == "__main__":
    main()
