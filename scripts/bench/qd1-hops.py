#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Median time of each hop of a queue depth 1 I/O, per target.

    scripts/bench/qd1-hops.py DIR

DIR holds what scripts/bench/qd1-trace.sh wrote.  An I/O runs from one
io_submit to the next; the I/Os whose hops came in the most common order
are lined up and each hop's median time since io_submit printed, with
the gap from the hop before.  fio's own mean latency of the traced run
says how much the tracer added.
"""
import glob
import json
import os
import re
import statistics
import sys

LINE = re.compile(r"\s*(\S+)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+)")
START = "__x64_sys_io_submit"


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


def report(target, rw, trace, fio):
    runs = {}
    for io in ios(trace):
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
    if os.path.exists(fio):
        with open(fio) as f:
            side = json.load(f)["jobs"][0]["write" if "write" in rw
                                           else "read"]
        print("  fio, traced: %.0f IOPS, mean %.1f us" %
              (side["iops"], side["lat_ns"]["mean"] / 1000))


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
