#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes that can be checked after the initiator is gone (vanish_test.sh,
failslab_test.sh).  A bare initiator (iscsi_raw.Session: no kernel
initiator, so it runs in any network namespace and fault injection aimed
at kernel threads never hits it) writes LUN 0 with a pattern made of the
run's tag and each block's address, and appends every write the target
acknowledged (GOOD status) to a log; "verify" reads back exactly those.

  iscsi_io.py write ADDR TARGET ISID ACKLOG SECS [OPTIONS]
      write LUN 0 from block 0 on, every block once, 8 commands in flight,
      4-64 KiB each (8 KiB immediate data, the rest on R2T), until SECS s
      passed or the LUN is full, then log out.  ACKLOG: "tag TAG", then
      "LBA BLOCKS" per acknowledged write
      --linger0    SO_LINGER 0: when the process dies, the connection is
                   reset (RST) rather than closed
      --reconnect  a connection error or a failed command is counted and
                   the range skipped; log in again (same ISID) when needed
  iscsi_io.py verify ADDR TARGET ISID ACKLOG
      read back every acknowledged range: exit 1 on the first mismatch
  iscsi_io.py check ADDR TARGET ISID ACKLOG SECS
      verify, then write for SECS s (ACKLOG.fresh) with no error allowed,
      and verify that: three logins in one process
  iscsi_io.py logins ADDR TARGET ISID SECS
      for SECS s: log in, TEST UNIT READY and READ CAPACITY, log out;
      prints "logins N: A ok, F failed, H hung" (hung: a wait for the
      target ran out) and exits 1 when one hung

Prints "logged-in" after each login and a last line "written N ranges
B blocks, E errors, L logins" or "verified N ranges B blocks".
IKT_IO_WAIT (seconds, default 10) bounds every wait for the target.
"""
import hashlib
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iscsi_raw  # noqa: E402
from iscsi_raw import RESERVED, pdu, recv_pdu  # noqa: E402

WAIT = float(os.environ.get("IKT_IO_WAIT", "10"))
DEPTH = 8
IMMEDIATE = 8192
DATA_OUT = 8192	# the RFC default MaxRecvDataSegmentLength
LUN0 = b"\0" * 8


class Failed(Exception):
    """A command ended without GOOD status."""


class Initiator(iscsi_raw.Session):
    def __init__(self, addr, target, isid, linger0=False):
        super().__init__(target, isid, addr, timeout=WAIT)
        if linger0:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 struct.pack("ii", 1, 0))
        self.itt = 0x100
        self.max_cmdsn = self.cmdsn
        self.tasks = {}		# ITT -> [write data or read buffer, status]

    def send(self, cdb, edtl=0, wdata=None):
        self.itt += 1
        flags = 0x81 | (0x20 if wdata is not None else 0) | \
            (0x40 if edtl and wdata is None else 0)
        imm = wdata[:IMMEDIATE] if wdata is not None else b""
        self.sock.sendall(pdu(0x01, flags, self.itt, edtl, self.cmdsn,
                              self.statsn, data=imm,
                              tail=cdb.ljust(16, b"\0")))
        self.cmdsn += 1
        self.tasks[self.itt] = [wdata if wdata is not None else
                                bytearray(edtl), None]
        return self.itt

    def window_open(self):
        return len(self.tasks) < DEPTH and \
            (self.max_cmdsn - self.cmdsn) & 0xFFFFFFFF < 0x80000000

    def data_out(self, bhs):
        itt, ttt = struct.unpack_from(">II", bhs, 16)
        off, length = struct.unpack_from(">II", bhs, 40)
        data = self.tasks[itt][0]
        sn = 0
        for o in range(off, off + length, DATA_OUT):
            n = min(DATA_OUT, off + length - o)
            self.sock.sendall(pdu(0x05, 0x80 if o + n == off + length else 0,
                                  itt, ttt, 0, self.statsn, data=data[o:o + n],
                                  tail=bytes(4) + struct.pack(">II", sn, o)))
            sn += 1

    def pump(self):
        """Handle one PDU; returns the ITT of a task it ended, or None."""
        bhs, data = recv_pdu(self.sock)
        op = bhs[0] & 0x3F
        itt, ttt, statsn, _, max_cmdsn = struct.unpack_from(">IIIII", bhs, 16)
        if op in (0x20, 0x21, 0x25, 0x31, 0x32, 0x3F):
            self.max_cmdsn = max_cmdsn
        if op == 0x20:
            if itt == RESERVED:	# a ping: answer it
                self.sock.sendall(pdu(0x40, 0x80, RESERVED, ttt, self.cmdsn,
                                      self.statsn, lun=bhs[8:16]))
            return None
        if op == 0x31:
            self.data_out(bhs)
            return None
        if op == 0x25:
            off = struct.unpack_from(">I", bhs, 40)[0]
            self.tasks[itt][0][off:off + len(data)] = data
            if not bhs[1] & 0x01:
                return None
        elif op == 0x32:
            self.statsn = statsn + 1
            return None
        elif op != 0x21:
            raise Failed("unexpected PDU %#x" % op)
        self.statsn = statsn + 1
        self.tasks[itt][1] = bhs[3] if op == 0x25 or bhs[2] == 0 else 0x100
        return itt

    def wait(self, itt):
        """Wait for @itt: its read data; Failed unless GOOD."""
        while self.tasks[itt][1] is None:
            self.pump()
        buf, status = self.tasks.pop(itt)
        if status:
            raise Failed("status %#x" % status)
        return buf

    def logout(self):
        self.sock.sendall(pdu(0x46, 0x80, RESERVED - 1, 0, self.cmdsn, self.statsn))
        while True:
            bhs, _ = recv_pdu(self.sock)
            if bhs[0] & 0x3F == 0x26:
                return bhs[2] == 0

    def geometry(self):
        """(block size, blocks) from READ CAPACITY(10), after TEST UNIT
        READY took the new I_T nexus's unit attention."""
        for _ in range(3):
            try:
                self.wait(self.send(bytes(6)))
                break
            except Failed:
                pass
        buf = self.wait(self.send(bytes([0x25]) + bytes(9), 8))
        last, bs = struct.unpack(">II", bytes(buf))
        return bs, last + 1


def rw10(opcode, lba, n):
    return struct.pack(">BBIBHB", opcode, 0, lba, 0, n, 0)


def pattern(tag, lba, n, bs):
    return b"".join(hashlib.sha256(b"%s:%d" % (tag, b)).digest() *
                    (bs // 32) for b in range(lba, lba + n))


def write(addr, target, isid, acklog, secs, opts):
    linger0 = "--linger0" in opts
    reconnect = "--reconnect" in opts
    lba = 0
    tag = os.urandom(8).hex().encode()
    fd = os.open(acklog, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, b"tag %s\n" % tag)
    deadline = time.monotonic() + secs
    ranges = blocks = errors = logins = 0
    ini = None
    pending = {}
    while time.monotonic() < deadline:
        try:
            if ini is None:
                ini = Initiator(addr, target, isid, linger0)
                logins += 1
                bs, size = ini.geometry()
                pending = {}
            if lba >= size and not pending:
                break
            while lba < size and ini.window_open():
                n = min(random.randint(4096, 65536) // bs or 1, size - lba)
                itt = ini.send(rw10(0x2A, lba, n), n * bs,
                               pattern(tag, lba, n, bs))
                pending[itt] = (lba, n)
                lba += n
            itt = ini.pump()
            if itt is None:
                continue
            status = ini.tasks.pop(itt)[1]
            start, n = pending.pop(itt)
            if status:
                raise Failed("WRITE at %d: status %#x" % (start, status))
            os.write(fd, b"%d %d\n" % (start, n))
            ranges += 1
            blocks += n
        except (Failed, OSError, EOFError, SystemExit) as e:
            errors += 1
            print("error: %s" % e, flush=True)
            if not reconnect:
                break
            if not isinstance(e, Failed) and ini is not None:
                ini.sock.close()
                ini = None
            time.sleep(0.2)
    if ini is not None:
        try:
            while pending:
                itt = ini.pump()
                if itt is not None and itt in pending:
                    start, n = pending.pop(itt)
                    if not ini.tasks.pop(itt)[1]:
                        os.write(fd, b"%d %d\n" % (start, n))
                        ranges += 1
                        blocks += n
            ini.logout()
        except (Failed, OSError, EOFError) as e:
            errors += 1
            print("error: %s" % e, flush=True)
    print("written %d ranges %d blocks, %d errors, %d logins" %
          (ranges, blocks, errors, logins), flush=True)
    return 1 if errors and not reconnect else 0


def verify(addr, target, isid, acklog):
    with open(acklog) as f:
        tag = f.readline().split()[1].encode()
        ranges = [tuple(map(int, line.split())) for line in f]
    ini = Initiator(addr, target, isid)
    bs, _ = ini.geometry()
    blocks = 0
    for lba, n in ranges:
        got = ini.wait(ini.send(rw10(0x28, lba, n), n * bs))
        want = pattern(tag, lba, n, bs)
        if got != want:
            bad = next(i for i in range(n)
                       if got[i * bs:(i + 1) * bs] != want[i * bs:(i + 1) * bs])
            print("mismatch: block %d of the write at %d+%d" %
                  (lba + bad, lba, n), flush=True)
            return 1
        blocks += n
    ini.logout()
    print("verified %d ranges %d blocks" % (len(ranges), blocks), flush=True)
    return 0


def check(addr, target, isid, acklog, secs):
    """verify, then write for @secs without an error and verify that."""
    fresh = acklog + ".fresh"
    return verify(addr, target, isid, acklog) or \
        write(addr, target, isid, fresh, secs, []) or \
        verify(addr, target, isid, fresh)


def logins(addr, target, isid, secs):
    ok = failed = hung = 0
    deadline = time.monotonic() + secs
    while time.monotonic() < deadline:
        ini = None
        try:
            ini = Initiator(addr, target, isid)
            ini.geometry()
            if ini.logout():
                ok += 1
            else:
                failed += 1
        except socket.timeout:
            hung += 1
        except (Failed, OSError, EOFError, SystemExit):
            failed += 1
        if ini is not None:
            ini.sock.close()
    print("logins %d: %d ok, %d failed, %d hung" %
          (ok + failed + hung, ok, failed, hung), flush=True)
    return 1 if hung else 0


def main():
    mode, addr, target, isid = sys.argv[1:5]
    try:
        if mode == "write":
            return write(addr, target, isid, sys.argv[5],
                         float(sys.argv[6]), sys.argv[7:])
        if mode == "verify":
            return verify(addr, target, isid, sys.argv[5])
        if mode == "check":
            return check(addr, target, isid, sys.argv[5],
                         float(sys.argv[6]))
        return logins(addr, target, isid, float(sys.argv[5]))
    except (Failed, OSError, EOFError) as e:
        print("error: %s" % e, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
