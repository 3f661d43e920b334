#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A bare iSCSI initiator for full feature phase selftests.

Logs in (no authentication, no digests) and then behaves as the test asks:

  iscsi_raw.py login TARGET ISID         log in, then close the connection
  iscsi_raw.py silent TARGET ISID        never answer: wait for the target to
                                         close; print its NOP-In pings
  iscsi_raw.py echo TARGET ISID SECS     answer every NOP-In ping for SECS s
  iscsi_raw.py logout-on-async TARGET ISID
                                         log out when asked by an Async
                                         Message, then expect the close
  iscsi_raw.py hold TARGET ISID          stay logged in until closed; print
                                         "closed" when the target closes
  iscsi_raw.py abort TARGET ISID DELAY   READ(10) 64 KiB from LUN 0, ABORT
                                         TASK it DELAY s later, then TEST
                                         UNIT READY and a READ(10) that must
                                         complete; ABORT TASK of an unknown
                                         task last
  iscsi_raw.py ua TARGET ISID FILE       TEST UNIT READY, then once FILE
                                         exists: TEST UNIT READY twice and
                                         REPORT LUNS

Each prints "logged-in" once in full feature phase ("target-alias ALIAS"
after it when the target declared TargetAlias) and one line per event
("nop-in TTT", "async EVENT", "logout-rsp RESPONSE", "closed SECS",
"data-in ITT", "scsi-rsp ITT STATUS [KEY/ASC/ASCQ]", "tmf-rsp ITT RESPONSE
SECS", "luns N").
"""
import os
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
        data=b"", tail=b""):
    """A PDU; tail fills bytes 32-47 (a CDB, or RefCmdSN for a TMF)."""
    bhs = bytearray(48)
    bhs[0] = opcode
    bhs[1] = flags
    bhs[5:8] = len(data).to_bytes(3, "big")
    bhs[8:16] = lun
    struct.pack_into(">IIII", bhs, 16, itt, w20, cmdsn, expstatsn)
    bhs[32:32 + len(tail)] = tail
    return bytes(bhs) + data + b"\0" * ((4 - len(data) % 4) % 4)


class Session:
    def __init__(self, target, isid, addr="127.0.0.1", timeout=None):
        self.sock = socket.create_connection((addr, 3260), timeout=timeout)
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
        alias = None
        while True:
            # CSG security -> NSG full feature in one step, then keep
            # going until the target agrees.
            flags = 0x80 | (csg << 2) | 3
            bhs = bytearray(pdu(0x43, flags, 1, 0, self.cmdsn, self.statsn,
                                lun=isid_b + b"\0\0", data=data))
            self.sock.sendall(bhs)
            rsp, rdata = recv_pdu(self.sock)
            for kv in rdata.split(b"\0"):
                if kv.startswith(b"TargetAlias="):
                    alias = kv[len(b"TargetAlias="):].decode()
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
        if alias is not None:
            out("target-alias " + alias)

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


    def command(self, itt, cdb, edtl=0):
        """Send a SCSI command to LUN 0 (F, simple task, R when edtl)."""
        flags = 0x81 | (0x40 if edtl else 0)
        self.sock.sendall(pdu(0x01, flags, itt, edtl, self.cmdsn,
                              self.statsn, tail=cdb.ljust(16, b"\0")))
        self.cmdsn += 1

    def abort_task(self, itt, ref_itt, ref_cmdsn):
        """An immediate ABORT TASK (CmdSN is not advanced)."""
        self.sock.sendall(pdu(0x42, 0x81, itt, ref_itt, self.cmdsn,
                              self.statsn, tail=struct.pack(">I", ref_cmdsn)))

    def responses(self, until_itt, start):
        """Print the responses up to the SCSI or TMF response @until_itt;
        returns the Data-In bytes of @until_itt."""
        data_in = b""
        while True:
            bhs, data = recv_pdu(self.sock)
            op = bhs[0] & 0x3F
            itt, _, statsn = struct.unpack_from(">III", bhs, 16)
            if op == 0x25:
                out("data-in %#x" % itt)
                if itt == until_itt:
                    data_in += data
                if bhs[1] & 0x01:	# S: the status came with it
                    self.statsn = statsn + 1
                    out("scsi-rsp %#x %d" % (itt, bhs[3]))
            elif op == 0x21:
                self.statsn = statsn + 1
                out("scsi-rsp %#x %d%s" % (itt, bhs[3], sense_str(data)))
            elif op == 0x22:
                self.statsn = statsn + 1
                out("tmf-rsp %#x %d %.1f" % (itt, bhs[2],
                                             time.monotonic() - start))
            else:
                out("pdu %#x" % op)
            if itt == until_itt and op in (0x21, 0x22) or \
               itt == until_itt and op == 0x25 and bhs[1] & 0x01:
                return data_in

    def first_command(self):
        """A new I_T nexus owes a unit attention to its first command."""
        self.command(0x0F, bytes(6))	# TEST UNIT READY
        self.responses(0x0F, 0)

    def abort(self, delay):
        read10 = bytes([0x28, 0, 0, 0, 0, 0, 0, 0, 128, 0])
        self.first_command()
        read_cmdsn = self.cmdsn
        self.command(0x10, read10, 65536)
        time.sleep(delay)
        start = time.monotonic()
        self.abort_task(0x11, 0x10, read_cmdsn)
        self.responses(0x11, start)
        self.command(0x12, bytes(6))	# TEST UNIT READY
        self.responses(0x12, start)
        self.command(0x13, read10, 65536)
        self.responses(0x13, start)
        # A task that never existed, with a RefCmdSN already answered.
        self.abort_task(0x14, 0x99, read_cmdsn)
        self.responses(0x14, start)
        out("done")


    def ua(self, flag):
        self.first_command()
        self.command(0x20, bytes(6))	# TEST UNIT READY
        self.responses(0x20, 0)
        out("ready")
        while not os.path.exists(flag):
            time.sleep(0.1)
        self.command(0x21, bytes(6))
        self.responses(0x21, 0)
        self.command(0x22, bytes(6))
        self.responses(0x22, 0)
        report_luns = bytes([0xA0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0])
        self.command(0x23, report_luns, 4096)
        luns = self.responses(0x23, 0)
        out("luns %d" % (int.from_bytes(luns[:4], "big") // 8))
        out("done")


def sense_str(data):
    """ KEY/ASC/ASCQ of the sense in a SCSI Response's data segment."""
    if len(data) < 2 + 4:
        return ""
    s = data[2:]
    if s[0] & 0x7F in (0x72, 0x73):
        return " %x/%02x/%02x" % (s[1] & 0xF, s[2], s[3])
    if len(s) >= 14:
        return " %x/%02x/%02x" % (s[2] & 0xF, s[12], s[13])
    return ""


def main():
    mode, target, isid = sys.argv[1:4]
    secs = float(sys.argv[4]) if len(sys.argv) > 4 and mode != "ua" else 0
    session = Session(target, isid)
    if mode == "login":
        session.sock.close()
    elif mode == "abort":
        session.abort(secs)
    elif mode == "ua":
        session.ua(sys.argv[4])
    else:
        session.run(mode, secs)


if __name__ == "__main__":
    main()
