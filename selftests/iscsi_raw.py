#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A bare iSCSI initiator for full feature phase selftests.

Logs in (no authentication, no digests) and then behaves as the test asks:

  iscsi_raw.py silent TARGET ISID        never answer: wait for the target to
                                         close; print its NOP-In pings
  iscsi_raw.py echo TARGET ISID SECS     answer every NOP-In ping for SECS s
  iscsi_raw.py logout-on-async TARGET ISID
                                         log out when asked by an Async
                                         Message, then expect the close
  iscsi_raw.py hold TARGET ISID          stay logged in until closed; print
                                         "closed" when the target closes

Each prints "logged-in" once in full feature phase and one line per event
("nop-in TTT", "async EVENT", "logout-rsp RESPONSE", "closed SECS").
"""
import socket
import struct
import sys
import time

INITIATOR = "iqn.2026-11.org.iscsikt.raw:client"
RESERVED = 0xFFFFFFFF


def out(*args):
    print(*args, flush=True)


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def recv_pdu(sock):
    bhs = recv_exact(sock, 48)
    ahs = bhs[4] * 4
    dlen = int.from_bytes(bhs[5:8], "big")
    pad = (4 - dlen % 4) % 4
    rest = recv_exact(sock, ahs + dlen + pad) if ahs + dlen + pad else b""
    return bhs, rest[ahs:ahs + dlen]


def pdu(opcode, flags, itt, w20, cmdsn, expstatsn, lun=b"\0" * 8,
        data=b""):
    bhs = bytearray(48)
    bhs[0] = opcode
    bhs[1] = flags
    bhs[5:8] = len(data).to_bytes(3, "big")
    bhs[8:16] = lun
    struct.pack_into(">IIII", bhs, 16, itt, w20, cmdsn, expstatsn)
    return bytes(bhs) + data + b"\0" * ((4 - len(data) % 4) % 4)


class Session:
    def __init__(self, target, isid):
        self.sock = socket.create_connection(("127.0.0.1", 3260))
        self.cmdsn = 1
        self.statsn = 0
        isid_b = bytes.fromhex(isid)
        keys = ["InitiatorName=" + INITIATOR, "TargetName=" + target,
                "SessionType=Normal", "AuthMethod=None",
                "HeaderDigest=None", "DataDigest=None",
                "MaxRecvDataSegmentLength=65536", "ImmediateData=Yes",
                "InitialR2T=Yes", "ErrorRecoveryLevel=0"]
        data = "".join(k + "\0" for k in keys).encode()
        csg = 0
        while True:
            # CSG security -> NSG full feature in one step, then keep
            # going until the target agrees.
            flags = 0x80 | (csg << 2) | 3
            bhs = bytearray(pdu(0x43, flags, 1, 0, self.cmdsn, self.statsn,
                                lun=isid_b + b"\0\0", data=data))
            self.sock.sendall(bhs)
            rsp, _ = recv_pdu(self.sock)
            if rsp[0] & 0x3F != 0x23 or rsp[36] != 0:
                raise SystemExit("login refused: class %d detail %d" %
                                 (rsp[36], rsp[37]))
            self.statsn = struct.unpack_from(">I", rsp, 24)[0] + 1
            self.cmdsn = struct.unpack_from(">I", rsp, 28)[0]
            if rsp[1] & 0x80 and rsp[1] & 3 == 3:
                break
            csg = (rsp[1] >> 2) & 3 if rsp[1] & 0x80 else csg
            data = b""
        out("logged-in")

    def run(self, mode, secs):
        start = time.monotonic()
        if mode == "echo":
            self.sock.settimeout(0.5)
        while True:
            if mode == "echo" and time.monotonic() - start > secs:
                out("done")
                return
            try:
                bhs, _ = recv_pdu(self.sock)
            except socket.timeout:
                continue
            except (EOFError, ConnectionError):
                out("closed %.1f" % (time.monotonic() - start))
                return
            op = bhs[0] & 0x3F
            itt, ttt, statsn, expcmdsn = struct.unpack_from(">IIII", bhs, 16)
            if op == 0x20:
                out("nop-in %#x" % ttt)
                if mode == "echo" and itt == RESERVED:
                    self.sock.sendall(pdu(0x40, 0x80, RESERVED, ttt,
                                          expcmdsn, statsn, lun=bhs[8:16]))
            elif op == 0x32:
                out("async %d" % bhs[36])
                self.statsn = statsn + 1
                if mode == "logout-on-async" and bhs[36] == 1:
                    self.sock.sendall(pdu(0x46, 0x80, 2, 0, expcmdsn,
                                          self.statsn))
            elif op == 0x26:
                out("logout-rsp %d" % bhs[2])


def main():
    mode, target, isid = sys.argv[1:4]
    secs = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    Session(target, isid).run(mode, secs)


if __name__ == "__main__":
    main()
