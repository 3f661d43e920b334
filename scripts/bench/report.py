#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark results: parsing (in the guest) and the report (on the host).

  report.py fio JSON PREFIX lat|bw   fio's JSON output as "METRIC VALUE"
                                     lines: PREFIX_iops, _lat_us, _p99_us
                                     (lat) or PREFIX_mbs (bw)
  report.py iperf3 JSON              "iperf3_mbs VALUE", received MB/s
  report.py table RAW.CSV OUTDIR     the medians of every metric over the
                                     repetitions, iscsikt's ratio to LIO and
                                     to tgt: printed, and written to
                                     OUTDIR/bench.csv, bench.txt and a
                                     chart OUTDIR/bench.png (gnuplot)
  report.py ab RAW.CSV A B           target B against target A (two builds
                                     of iscsikt): the medians of every
                                     metric and B/A, with each repetition
"""
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys

TARGETS = ["iscsikt", "lio", "tgt"]
TARGET_NAMES = {"iscsikt": "iscsikt", "lio": "LIO", "tgt": "tgt"}
BACKINGS = {"file": "1 GiB file on tmpfs", "block": "null_blk"}

# metric, label, True when higher is better
METRICS = []
for _rw in ("randread", "randwrite"):
    for _qd in ("32", "1"):
        _m = "fio_%s_4k_qd%s" % (_rw, _qd)
        _l = "fio %s 4k QD%s" % (_rw, _qd)
        METRICS += [(_m + "_iops", _l + " IOPS", True),
                    (_m + "_lat_us", _l + " mean lat us", False),
                    (_m + "_p99_us", _l + " p99 lat us", False)]
METRICS += [
    ("fio_read_128k_qd8_mbs", "fio read 128k QD8 MB/s", True),
    ("fio_write_128k_qd8_mbs", "fio write 128k QD8 MB/s", True),
    ("fio_read_128k_qd8_pct_tcp", "  read 128k, % of TCP ceiling", True),
    ("fio_write_128k_qd8_pct_tcp", "  write 128k, % of TCP ceiling", True),
    ("iscsiperf_randread_4k_qd32_iops", "iscsi-perf randread 4k QD32 IOPS",
     True),
    ("logins_per_s", "logins per second", True),
    ("session_slab_kib", "idle session: slab KiB", False),
    ("session_mem_kib", "idle session: memory KiB", False),
]


def fio(path, prefix, kind):
    with open(path) as f:
        job = json.load(f)["jobs"][0]
    op = job["read"] if job["read"]["io_bytes"] else job["write"]
    if kind == "bw":
        print("%s_mbs %.1f" % (prefix, op["bw_bytes"] / 1e6))
        return
    lat = op["lat_ns"]
    print("%s_iops %.0f" % (prefix, op["iops"]))
    print("%s_lat_us %.1f" % (prefix, lat["mean"] / 1000))
    print("%s_p99_us %.1f" % (prefix, lat["percentile"]["99.000000"] / 1000))


def iperf3(path):
    with open(path) as f:
        end = json.load(f)["end"]
    print("iperf3_mbs %.1f" % (end["sum_received"]["bits_per_second"] / 8e6))


def load(path):
    """{(backing, target, metric): [values]}"""
    vals = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            key = (row["backing"], row["target"], row["metric"])
            vals.setdefault(key, []).append(float(row["value"]))
    return vals


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.2f" % v if abs(v) >= 0.1 or v == 0 else "%.3f" % v


def ratio(a, b):
    return a / b if a is not None and b else None


def table(raw, outdir):
    vals = load(raw)
    med = {k: statistics.median(v) for k, v in vals.items()}
    reps = max((len(v) for v in vals.values()), default=0)
    ceiling = med.get(("-", "loopback", "iperf3_mbs"))
    for (b, t, m), v in list(med.items()):
        if m.endswith("_128k_qd8_mbs") and ceiling:
            med[(b, t, m[:-4] + "_pct_tcp")] = 100 * v / ceiling

    head = ["backing", "metric", "better"] + \
        [TARGET_NAMES[t] for t in TARGETS] + ["iscsikt/LIO", "iscsikt/tgt"]
    rows = []
    for b in BACKINGS:
        for m, label, hi in METRICS:
            got = [med.get((b, t, m)) for t in TARGETS]
            if all(g is None for g in got):
                continue
            rows.append([b, label.strip(), "higher" if hi else "lower"] +
                        got + [ratio(got[0], got[1]), ratio(got[0], got[2])])

    with open(os.path.join(outdir, "bench.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(head[:2] + ["metric_id"] + head[2:])
        ids = {(b, label.strip()): m for b in BACKINGS
               for m, label, _ in METRICS}
        for r in rows:
            w.writerow(r[:2] + [ids[(r[0], r[1])], r[2]] +
                       ["" if v is None else "%.4g" % v for v in r[3:]])
        w.writerow(["-", "TCP loopback ceiling (iperf3, 1 stream, 128 KiB)"
                    " MB/s", "iperf3_mbs", "higher"] +
                   ["" if ceiling is None else "%.1f" % ceiling])

    lines = []
    for b, desc in BACKINGS.items():
        brows = [r for r in rows if r[0] == b]
        if not brows:
            continue
        lines.append("")
        lines.append("%s (median of %d)" % (desc, reps))
        lines.append("%-36s %10s %10s %10s %12s %12s" %
                     ("", "iscsikt", "LIO", "tgt", "iscsikt/LIO",
                      "iscsikt/tgt"))
        for r in brows:
            label = r[1] + (" (lower)" if r[2] == "lower" else "")
            lines.append("%-36s %10s %10s %10s %12s %12s" %
                         ((label,) + tuple(fmt(v) for v in r[3:])))
    lines.append("")
    lines.append("TCP loopback ceiling (iperf3, one stream, 128 KiB writes):"
                 " %s MB/s" % fmt(ceiling))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(outdir, "bench.txt"), "w") as f:
        f.write(text)
    chart(rows, outdir)


def ab(raw, a, b):
    vals = load(raw)
    print("%-6s %-42s %9s %9s %6s  %s" % ("", "metric", a, b, "B/A",
                                          "repetitions (A; B)"))
    for bk in BACKINGS:
        for m, label, hi in METRICS:
            va, vb = vals.get((bk, a, m)), vals.get((bk, b, m))
            if not va or not vb:
                continue
            ma, mb = statistics.median(va), statistics.median(vb)
            print("%-6s %-42s %9s %9s %6s  %s; %s" % (
                bk, label.strip() + ("" if hi else " (lower)"), fmt(ma),
                fmt(mb), fmt(ratio(mb, ma)), " ".join(fmt(v) for v in va),
                " ".join(fmt(v) for v in vb)))


def chart(rows, outdir):
    """Bars of iscsikt's advantage (>1: iscsikt better) over LIO and tgt."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("report.py: no gnuplot, no chart", file=sys.stderr)
        return
    dat = os.path.join(outdir, "bench.dat")
    if all(r[6] is None and r[7] is None for r in rows):
        print("report.py: no ratios, no chart", file=sys.stderr)
        return
    with open(dat, "w") as f:
        for r in rows:
            if "%" in r[1]:
                continue
            adv = []
            for v in r[6:8]:
                if v is None or v == 0:
                    adv.append("NaN")
                else:
                    adv.append("%.4f" % (v if r[2] == "higher" else 1 / v))
            label = "%s: %s" % (r[0], r[1])
            f.write('"%s" %s %s\n' % (label.replace('"', ""), *adv))
    # A target left out of the run (BENCH_TARGETS) has no bars: gnuplot
    # refuses a column with no valid point.
    plots = []
    for col, (idx, name) in enumerate(((6, "LIO"), (7, "tgt")), start=2):
        if any(r[idx] for r in rows if "%" not in r[1]):
            using = "%d:xtic(1)" % col if not plots else str(col)
            plots.append("'%s' using %s title 'vs %s'" % (dat, using, name))
    png = os.path.join(outdir, "bench.png")
    script = """
set terminal pngcairo size 1600,900 font ",10"
set output '%s'
set title "iscsikt's advantage over LIO and tgt (>1: iscsikt better; latency and memory inverted)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -60 noenhanced
set grid ytics
set logscale y 2
set yrange [0.0625:64]
set ytics ("1/16" 0.0625, "1/4" 0.25, "1" 1, "2" 2, "4" 4, "16" 16, "64" 64)
set key top right
set rmargin 12
set bmargin 16
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2 front
plot %s
""" % (png, ", ".join(plots))
    if subprocess.run([gnuplot], input=script, text=True).returncode:
        print("report.py: gnuplot failed, no chart", file=sys.stderr)


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "fio" and len(sys.argv) == 5:
        fio(*sys.argv[2:5])
    elif cmd == "iperf3" and len(sys.argv) == 3:
        iperf3(sys.argv[2])
    elif cmd == "table" and len(sys.argv) == 4:
        table(*sys.argv[2:4])
    elif cmd == "ab" and len(sys.argv) == 5:
        ab(*sys.argv[2:5])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
