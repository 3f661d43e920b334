#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Commands to the REPORT LUNS well-known LU (W-LUN C101h), which neither
open-iscsi nor libiscsi's tools can address.

  alua_wlun.py TARGET

Logs in to TARGET on 127.0.0.1:3260 (iscsi_raw.Session) and prints one
line per command: "NAME STATUS [KEY/ASC/ASCQ] [DATA-IN HEX]".
"""
import os
import struct
import sys

sys.dont_write_bytecode = True	# the guest sees the tree read-only
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from iscsi_raw import Session, pdu, recv_pdu, sense_str  # noqa: E402

WLUN = bytes([0xC1, 0x01, 0, 0, 0, 0, 0, 0])
LUN0 = bytes(8)


def command(s, itt, lun, cdb, edtl):
    """One command (F, simple, R when edtl); returns (status, sense, data)."""
    flags = 0x81 | (0x40 if edtl else 0)
    s.sock.sendall(pdu(0x01, flags, itt, edtl, s.cmdsn, s.statsn, lun=lun,
                       tail=cdb.ljust(16, b"\0")))
    s.cmdsn += 1
    data = b""
    while True:
        bhs, seg = recv_pdu(s.sock)
        op = bhs[0] & 0x3F
        statsn = struct.unpack_from(">I", bhs, 24)[0]
        if op == 0x25:
            data += seg
            if bhs[1] & 0x01:
                s.statsn = statsn + 1
                return bhs[3], "", data
        elif op == 0x21:
            s.statsn = statsn + 1
            return bhs[3], sense_str(seg), data


def main():
    s = Session(sys.argv[1], "400000000a1a")
    cmds = [
        # LUN 0 takes any unit attention a new I_T nexus is owed; the
        # W-LUN has none.
        ("lun0-tur", LUN0, bytes(6), 0),
        ("inquiry", WLUN, bytes([0x12, 0, 0, 0, 96, 0]), 96),
        ("vpd-00", WLUN, bytes([0x12, 1, 0x00, 0, 96, 0]), 96),
        ("vpd-83", WLUN, bytes([0x12, 1, 0x83, 0, 255, 0]), 255),
        ("vpd-80", WLUN, bytes([0x12, 1, 0x80, 0, 96, 0]), 96),
        ("tur", WLUN, bytes(6), 0),
        ("request-sense", WLUN, bytes([0x03, 0, 0, 0, 18, 0]), 18),
    ]
    for sel in (0, 1, 2, 3, 0x10):
        cdb = bytes([0xA0, 0, sel, 0, 0, 0, 0, 0, 0x10, 0, 0, 0])
        cmds.append(("luns-%x" % sel, WLUN, cdb, 4096))
        cmds.append(("lun0-luns-%x" % sel, LUN0, cdb, 4096))
    cmds += [
        ("read-capacity", WLUN, bytes([0x25] + [0] * 9), 8),
        ("read10", WLUN, bytes([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0]), 512),
        ("mode-sense", WLUN, bytes([0x1A, 0, 0x3F, 0, 255, 0]), 255),
        ("rsoc", WLUN, bytes([0xA3, 0x0C, 0, 0, 0, 0, 0, 0, 0x10, 0, 0,
                              0]), 4096),
        ("rtpg", WLUN, bytes([0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 0x10, 0, 0,
                              0]), 4096),
    ]
    for itt, (name, lun, cdb, edtl) in enumerate(cmds, 0x100):
        status, sense, data = command(s, itt, lun, cdb, edtl)
        print("%s %d%s %s" % (name, status, sense, data.hex()), flush=True)


if __name__ == "__main__":
    main()
