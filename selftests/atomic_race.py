#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Two bare initiators race on the first blocks of LUN 0 (atomic_test.sh).

  atomic_race.py write ADDR TARGET ISID SECS BLOCKS
      WRITE ATOMIC(16) over blocks 0..BLOCKS-1, each command all one byte,
      alternating 0xAA and 0x55, for SECS s
  atomic_race.py plain ADDR TARGET ISID SECS BLOCKS
      the same with plain WRITE(10)s, half of the range each, in turn
  atomic_race.py read ADDR TARGET ISID SECS BLOCKS
      READ(10) of the range for SECS s; a read holding both bytes, or a
      block not all one byte, is torn: prints "reads N torn T"

Every command must end GOOD.  "plain" is the control: its reads tear.
"""
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from iscsi_io import Failed, Initiator, rw10  # noqa: E402

BYTES = (0xAA, 0x55)


def write_atomic16(lba, n):
    return struct.pack(">BBQHHBB", 0x9C, 0, lba, 0, n, 0, 0)


def main():
    mode, addr, target, isid = sys.argv[1:5]
    secs, blocks = float(sys.argv[5]), int(sys.argv[6])
    ini = Initiator(addr, target, isid)
    bs, _ = ini.geometry()
    deadline = time.monotonic() + secs
    i = reads = torn = 0
    while time.monotonic() < deadline:
        if mode == "read":
            buf = bytes(ini.wait(ini.send(rw10(0x28, 0, blocks),
                                          blocks * bs)))
            reads += 1
            # All zeros: nothing written yet.
            if len(set(buf)) != 1 or buf[0] not in BYTES + (0,):
                torn += 1
            continue
        data = bytes([BYTES[i % 2]]) * (blocks * bs)
        if mode == "write":
            ini.wait(ini.send(write_atomic16(0, blocks), len(data), data))
        else:
            half = blocks // 2
            for lba, n in ((0, half), (half, blocks - half)):
                ini.wait(ini.send(rw10(0x2A, lba, n), n * bs,
                                  data[:n * bs]))
        i += 1
    if mode == "read":
        print("reads %d torn %d" % (reads, torn), flush=True)
    else:
        print("writes %d" % i, flush=True)
    ini.logout()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (Failed, OSError, EOFError) as e:
        print("error: %s" % e, flush=True)
        sys.exit(1)
