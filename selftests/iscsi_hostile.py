#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A hostile iSCSI peer: malformed, truncated, oversized and out-of-order
PDUs and login sequences, crafted and random (hostile_test.sh).

  iscsi_hostile.py login TARGET           crafted login phase attacks
  iscsi_hostile.py ffp TARGET             crafted full feature phase attacks
  iscsi_hostile.py random TARGET SECS [SEED]
                                          mutated valid PDUs for SECS s
  iscsi_hostile.py stall TARGET HOW       a login that never ends (HOW:
                                          "silent" sends nothing, "half"
                                          one Login PDU with C set): print
                                          "closed SECS" when the target
                                          gives up
  iscsi_hostile.py bystander TARGET ISID STOPFILE
                                          TEST UNIT READY and READ(10) every
                                          0.5 s until STOPFILE exists; any
                                          error or late answer fails
  iscsi_hostile.py probe TARGET ISID      log in, TEST UNIT READY, log out

IKT_HOSTILE_WAIT (seconds, default 3) bounds every wait for an answer.
Each case prints "ok CASE: OUTCOME" or "FAIL CASE: ..."; the exit status
is 1 when one failed.
"""
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iscsi_raw  # noqa: E402
from iscsi_raw import RESERVED, pdu, recv_pdu  # noqa: E402

WAIT = float(os.environ.get("IKT_HOSTILE_WAIT", "3"))
PING_ITT = 0x7A7A0000
OP_NOP_OUT, OP_CMD, OP_TMF, OP_LOGIN, OP_TEXT, OP_DATA_OUT, OP_LOGOUT, \
    OP_SNACK = 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10
OP_NOP_IN, OP_RSP, OP_TMF_RSP, OP_LOGIN_RSP, OP_TEXT_RSP, OP_DATA_IN, \
    OP_LOGOUT_RSP, OP_R2T, OP_REJECT = \
    0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x31, 0x3F
TUR = bytes(6)
failed = False


def report(ok, case, detail):
    global failed
    print("%s %s: %s" % ("ok" if ok else "FAIL", case, detail), flush=True)
    failed |= not ok


def keys(*kv):
    return b"".join(k.encode() + b"\0" for k in kv)


def login_keys(target, *extra):
    return keys("InitiatorName=" + iscsi_raw.INITIATOR,
                "TargetName=" + target, "SessionType=Normal",
                "AuthMethod=None", "HeaderDigest=None", "DataDigest=None",
                "ErrorRecoveryLevel=0", *extra)


def login_pdu(data, flags=0x83, isid=b"\x02\x3d\xee\0\0\1", tsih=0,
              vmax=0, vmin=0, itt=1, cmdsn=1, expstatsn=0):
    """A Login Request; default flags: T, CSG security, NSG full feature."""
    b = bytearray(pdu(OP_LOGIN | 0x40, flags, itt, 0, cmdsn, expstatsn,
                      lun=isid + struct.pack(">H", tsih), data=data))
    b[2], b[3] = vmax, vmin
    return bytes(b)


def connect():
    sock = socket.create_connection(("127.0.0.1", 3260), timeout=WAIT)
    return sock


def read_until(sock, stop=lambda bhs, data: False, wait=None):
    """Read PDUs until @stop accepts one, the target closes or nothing
    comes for @wait s: ("stop" | "closed" | "timeout", [(bhs, data)])."""
    seen = []
    sock.settimeout(wait or WAIT)
    while True:
        try:
            bhs, data = recv_pdu(sock)
        except socket.timeout:
            return "timeout", seen
        except (EOFError, ConnectionError):
            return "closed", seen
        seen.append((bhs, data))
        if stop(bhs, data):
            return "stop", seen


def describe(seen):
    names = {OP_NOP_IN: "nop-in", OP_RSP: "scsi-rsp", OP_TMF_RSP: "tmf-rsp",
             OP_LOGIN_RSP: "login-rsp", OP_TEXT_RSP: "text-rsp",
             OP_DATA_IN: "data-in", OP_LOGOUT_RSP: "logout-rsp",
             OP_R2T: "r2t", OP_REJECT: "reject", 0x32: "async"}
    out = []
    for bhs, _ in seen:
        op = bhs[0] & 0x3F
        s = names.get(op, "op%#x" % op)
        if op == OP_REJECT:
            s += "(%#x)" % bhs[2]
        elif op == OP_LOGIN_RSP:
            s += "(%02x%02x flags %#04x)" % (bhs[36], bhs[37], bhs[1])
        elif op in (OP_RSP, OP_TMF_RSP, OP_LOGOUT_RSP):
            s += "(%d/%d)" % (bhs[2], bhs[3])
        out.append(s)
    return ",".join(out) or "nothing"


# ------------------------------------------------------------------------
# Login phase
# ------------------------------------------------------------------------

def login_outcome(sock, parts, before=()):
    """Send @parts, then read: "rejected XXXX" (a login response with a
    non-zero status class, then the close), "closed" (no answer),
    "answered ..." (status 0: the connection stays) or "timeout"."""
    try:
        for p in parts:
            sock.sendall(p)
    except ConnectionError:
        return "closed", []
    seen = list(before)
    if not any(b[0] & 0x3F == OP_LOGIN_RSP for b, _ in seen):
        how, more = read_until(sock,
                               lambda b, d: b[0] & 0x3F == OP_LOGIN_RSP)
        seen += more
        if how != "stop":
            return ("closed after " + describe(seen) if seen else how), seen
    bhs, data = [(b, d) for b, d in seen if b[0] & 0x3F == OP_LOGIN_RSP][-1]
    if not bhs[36]:
        return "answered %s %s" % (describe([(bhs, data)]),
                                   data.replace(b"\0", b" ")[:120]), seen
    status = "%02x%02x" % (bhs[36], bhs[37])
    how, more = read_until(sock)
    seen += more
    return "rejected " + status + ("" if how == "closed" and not more else
                                   ", then %s %s" % (describe(more), how)), \
        seen


def expect_login(case, parts, ok=("rejected", "closed"), shut=False,
                 reject_key=None):
    """A fresh connection gets @parts; the outcome must start with one of
    @ok (and the connection must end), or, with @reject_key, the login may
    go on with that key answered "Reject"."""
    sock = connect()
    try:
        if shut:
            for p in parts:
                sock.sendall(p)
            sock.shutdown(socket.SHUT_WR)
            parts = []
        start = time.monotonic()
        how, seen = login_outcome(sock, parts)
        secs = time.monotonic() - start
    finally:
        sock.close()
    good = any(how.startswith(o) for o in ok) and "then" not in how
    if reject_key and how.startswith("answered"):
        good = any(b[0] & 0x3F == OP_LOGIN_RSP and
                   (reject_key + "=Reject\0").encode() in d for b, d in seen)
    report(good, case, "%s in %.2f s" % (how, secs))
    return how


def login_cases(target):
    good = login_keys(target)
    whole = login_pdu(good)
    expect_login("login: truncated BHS, then close", [whole[:20]], shut=True)
    expect_login("login: truncated data segment, then close",
                 [whole[:48 + 10]], shut=True)
    # 16 MiB - 1 declared: refused from the header, nothing is sent.
    big = bytearray(whole[:48])
    big[5:8] = b"\xff\xff\xff"
    expect_login("login: DataSegmentLength 16 MiB, no data sent",
                 [bytes(big)], ok=("closed",))
    big[5:8] = (8192 + 4).to_bytes(3, "big")
    expect_login("login: DataSegmentLength 8196 > 8192", [bytes(big)],
                 ok=("closed",))
    for ahs in (1, 255):
        b = bytearray(whole)
        b[4] = ahs
        expect_login("login: TotalAHSLength %d" % ahs, [bytes(b)],
                     ok=("closed",))
    # Stage transitions: CSG/NSG 2 are reserved, NSG must move forward.
    for flags, what in ((0x82, "T, CSG 0, NSG 2 (reserved)"),
                        (0x8F, "T, CSG 3, NSG 3"),
                        (0x0C, "CSG 3"),
                        (0x08, "CSG 2 (reserved)"),
                        (0x84, "T, CSG 1, NSG 0 (backwards)"),
                        (0x85, "T, CSG 1, NSG 1 (no move)"),
                        (0xC3, "T and C both set")):
        expect_login("login: " + what, [login_pdu(good, flags=flags)],
                     ok=("rejected 02",))
    expect_login("login: Version-min 5", [login_pdu(good, vmax=5, vmin=5)],
                 ok=("rejected 0205",))
    expect_login("login: Version-max 0xff, Version-min 0xff",
                 [login_pdu(good, vmax=0xFF, vmin=0xFF)],
                 ok=("rejected 0205",))
    expect_login("login: TSIH of no session",
                 [login_pdu(good, tsih=0x1234)], ok=("rejected 02",))
    for op, name in ((OP_CMD, "SCSI Command"), (OP_NOP_OUT, "NOP-Out"),
                     (OP_TEXT, "Text"), (OP_LOGOUT, "Logout"),
                     (OP_DATA_OUT, "Data-Out"), (0x3C, "opcode 0x3c")):
        b = bytearray(whole)
        b[0] = op | 0x40
        expect_login("login: %s first" % name, [bytes(b)],
                     ok=("closed", "rejected 02"))
    # Over-long and out-of-range values may instead be answered "Reject".
    bad_keys = (
        ("no '='", login_keys(target, "HeaderDigest"), None),
        ("not NUL-terminated", login_keys(target)[:-1], None),
        ("key of 64 chars", login_keys(target, "K" * 64 + "=1"), None),
        ("empty key", login_keys(target, "=1"), None),
        ("key with a space", login_keys(target, "Bad Key=1"), None),
        ("value of 300 chars",
         login_keys(target, "MaxBurstLength=" + "1" * 300),
         "MaxBurstLength"),
        ("alias of 300 chars",
         login_keys(target, "InitiatorAlias=" + "a" * 300),
         "InitiatorAlias"),
        ("key declared twice",
         login_keys(target, "InitiatorName=iqn.2026-11.org.x:y"), None),
        ("no InitiatorName", keys("TargetName=" + target,
                                  "SessionType=Normal"), None),
        ("unknown target", login_keys(target + "-nope"), None),
        ("MaxRecvDataSegmentLength=0",
         login_keys(target, "MaxRecvDataSegmentLength=0"),
         "MaxRecvDataSegmentLength"),
        ("MaxRecvDataSegmentLength=2^32",
         login_keys(target, "MaxRecvDataSegmentLength=4294967296"),
         "MaxRecvDataSegmentLength"),
        ("MaxBurstLength=0", login_keys(target, "MaxBurstLength=0"),
         "MaxBurstLength"),
        ("only NULs", b"\0" * 64, None),
    )
    for what, data, key in bad_keys:
        expect_login("login: keys: " + what, [login_pdu(data)],
                     ok=("rejected 02",), reject_key=key)
    many_keys_case(target, "10000 different unknown keys",
                   ["X%05d=%d" % (i, i) for i in range(10000)])
    many_keys_case(target, "10000 times the same unknown key",
                   ["XY=1"] * 10000)
    many_keys_case(target, "the same declarative key 10000 times",
                   ["InitiatorAlias=a"] * 10000)
    isid_change_case(target)


def many_keys_case(target, what, kv):
    """@kv after the usual keys, over as many C-bit PDUs as it takes."""
    text = login_keys(target, *kv)
    chunks = [text[i:i + 8192] for i in range(0, len(text), 8192)]
    sock = connect()
    how = "?"
    try:
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            sock.sendall(login_pdu(chunk, flags=0x83 if last else 0x43))
            if last:
                how, _ = login_outcome(sock, [])
                break
            how, seen = read_until(
                sock, lambda b, d: b[0] & 0x3F == OP_LOGIN_RSP)
            if how != "stop" or seen[-1][0][36]:
                how, _ = login_outcome(sock, [], seen)
                break
    except ConnectionError:
        how = "closed"
    finally:
        sock.close()
    report(how.startswith("rejected 02") and "then" not in how,
           "login: keys: " + what, "%s (%d PDUs)" % (how, len(chunks)))


def isid_change_case(target):
    sock = connect()
    try:
        sock.sendall(login_pdu(login_keys(target), flags=0x43))
        how, seen = read_until(sock,
                               lambda b, d: b[0] & 0x3F == OP_LOGIN_RSP)
        how, _ = login_outcome(sock, [login_pdu(b"", flags=0x83,
                                                isid=b"\x02\x3d\xee\0\0\2")])
    finally:
        sock.close()
    report(how.startswith("rejected 02") and "then" not in how,
           "login: ISID changed in the middle", how)


def stall(target, how):
    sock = connect()
    start = time.monotonic()
    if how == "half":
        sock.sendall(login_pdu(login_keys(target), flags=0x43))
    print("connected", flush=True)
    sock.settimeout(120)
    try:
        while sock.recv(4096):
            pass
    except (socket.timeout, ConnectionError):
        pass
    print("closed %.1f" % (time.monotonic() - start), flush=True)


# ------------------------------------------------------------------------
# Full feature phase
# ------------------------------------------------------------------------

class Conn:
    """A logged-in connection that learns the target's limits."""
    isid_seq = 0

    def __init__(self, target, direct=False, mrdsl="262144"):
        """Log in through the operational stage, as initiators do, or
        @direct from the security stage to full feature phase; @mrdsl is
        our MaxRecvDataSegmentLength."""
        Conn.isid_seq += 1
        self.isid = b"\x02\x3d\xef" + Conn.isid_seq.to_bytes(3, "big")
        self.sock = connect()
        self.cmdsn, self.statsn, self.itt = 1, 0, 0x100
        self.keys = {}
        sec = keys("InitiatorName=" + iscsi_raw.INITIATOR,
                   "TargetName=" + target, "SessionType=Normal",
                   "AuthMethod=None")
        op = keys("HeaderDigest=None", "DataDigest=None",
                  "ErrorRecoveryLevel=0", "MaxRecvDataSegmentLength=" + mrdsl)
        steps = [(0x83, sec + op)] if direct else [(0x81, sec), (0x87, op)]
        for _ in range(6):
            flags, data = steps[0]
            self.sock.sendall(login_pdu(data, flags=flags, isid=self.isid,
                                        cmdsn=self.cmdsn,
                                        expstatsn=self.statsn))
            how, seen = read_until(
                self.sock, lambda b, d: b[0] & 0x3F == OP_LOGIN_RSP)
            if how != "stop" or seen[-1][0][36]:
                raise RuntimeError("login failed: %s %s" %
                                   (how, describe(seen)))
            bhs, data = seen[-1]
            for kv in data.split(b"\0"):
                if b"=" in kv:
                    k, v = kv.decode().split("=", 1)
                    self.keys[k] = v
            self.statsn = struct.unpack_from(">I", bhs, 24)[0] + 1
            self.cmdsn = struct.unpack_from(">I", bhs, 28)[0]
            if bhs[1] & 0x80:
                steps.pop(0)
                if not steps:
                    break
            else:
                steps[0] = (steps[0][0], b"")
        else:
            raise RuntimeError("login did not end")
        # RFC 7143 defaults for what the target did not declare.
        self.mrdsl = int(self.keys.get("MaxRecvDataSegmentLength", 8192))
        self.first_burst = int(self.keys.get("FirstBurstLength", 65536))
        self.take_nexus_ua()

    def take_nexus_ua(self):
        """A new I_T nexus owes its first command a unit attention (SAM-5
        6.3.1): take it, so that every case starts from a clean nexus."""
        self.command(TUR)
        how, seen = read_until(self.sock,
                               lambda b, d: b[0] & 0x3F == OP_RSP)
        if how != "stop" or iscsi_raw.sense_str(seen[-1][1]) != " 6/29/00":
            raise RuntimeError("first command: %s %s" %
                               (how, describe(seen)))
        self.statsn = struct.unpack_from(">I", seen[-1][0], 24)[0] + 1

    def next_itt(self):
        self.itt += 1
        return self.itt

    def send(self, b):
        self.sock.sendall(b)

    def command(self, cdb, edtl=0, read=False, write=False, data=b"",
                final=True, cmdsn=None, itt=None):
        itt = self.next_itt() if itt is None else itt
        flags = (0x80 if final else 0) | (0x40 if read else 0) | \
            (0x20 if write else 0) | 1
        sn = self.cmdsn if cmdsn is None else cmdsn
        self.send(pdu(OP_CMD, flags, itt, edtl, sn, self.statsn,
                      data=data, tail=cdb.ljust(16, b"\0")))
        if cmdsn is None:
            self.cmdsn += 1
        return itt

    def ping(self, data=b"", wait=None):
        """An immediate NOP-Out; the outcome of everything before it:
        ("alive" | "closed" | "timeout", PDUs seen before the echo)."""
        itt = PING_ITT + (self.next_itt() & 0xFFFF)
        try:
            self.send(pdu(OP_NOP_OUT | 0x40, 0x80, itt, RESERVED,
                          self.cmdsn, self.statsn, data=data))
        except ConnectionError:
            return "closed", []
        how, seen = read_until(
            self.sock, lambda b, d: b[0] & 0x3F == OP_NOP_IN and
            struct.unpack_from(">I", b, 16)[0] == itt, wait)
        if how == "stop":
            bhs, echo = seen.pop()
            self.cmdsn = struct.unpack_from(">I", bhs, 28)[0]
            if echo != data:
                return "bad echo", seen
            return "alive", seen
        return how, seen

    def close(self):
        self.sock.close()


def ffp_case(target, case, attack, ok, wait=None, direct=False,
             mrdsl="262144"):
    """Log in, run @attack(conn), ping; @ok(how, seen) judges.  @attack
    returns a note, or a note and the PDUs it read."""
    try:
        c = Conn(target, direct, mrdsl)
    except (RuntimeError, OSError) as e:
        report(False, case, "could not log in: %s" % e)
        return
    try:
        note = attack(c) or ""
        note, before = note if isinstance(note, tuple) else (note, [])
        how, seen = c.ping(wait=wait)
        seen = before + seen
    except ConnectionError:
        how, seen, note = "closed", [], ""
    finally:
        c.close()
    report(ok(how, seen), case,
           "%s%s, then %s" % (note, describe(seen), how))


def closed(how, seen):
    return how == "closed"


def alive(how, seen):
    return how == "alive"


def rejected_alive(how, seen):
    return how == "alive" and any(b[0] & 0x3F == OP_REJECT for b, _ in seen)


def reject_or_close(how, seen):
    return how == "closed" or rejected_alive(how, seen)


def write10(lba, blocks):
    return struct.pack(">BBIBHB", 0x2A, 0, lba, 0, blocks, 0)


def read10(lba, blocks):
    return struct.pack(">BBIBHB", 0x28, 0, lba, 0, blocks, 0)


def block_size(c):
    itt = c.command(bytes([0x25]) + bytes(9), 8, read=True)
    how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F == OP_RSP or
                           b[0] & 0x3F == OP_DATA_IN and b[1] & 1)
    data = b"".join(d for b, d in seen if b[0] & 0x3F == OP_DATA_IN)
    if how != "stop" or len(data) < 8:
        raise RuntimeError("READ CAPACITY: %s %s" % (how, describe(seen)))
    return struct.unpack_from(">I", data, 4)[0]


def r2t_for(c, itt):
    how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F == OP_R2T and
                           struct.unpack_from(">I", b, 16)[0] == itt)
    if how != "stop":
        raise RuntimeError("no R2T: %s %s" % (how, describe(seen)))
    return struct.unpack_from(">I", seen[-1][0], 20)[0]


def data_out(c, itt, ttt, offset, data, datasn=0, final=True, dlen=None):
    b = bytearray(pdu(OP_DATA_OUT, 0x80 if final else 0, itt, ttt, 0,
                      c.statsn, data=data))
    struct.pack_into(">II", b, 36, datasn, offset)
    if dlen is not None:
        b[5:8] = dlen.to_bytes(3, "big")
    return bytes(b)


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def ffp_cases(target):
    # Opcodes no initiator sends: the framing cannot be trusted further.
    for op in (0x07, 0x0F, 0x1C, 0x1E, 0x20, 0x3F):
        ffp_case(target, "ffp: opcode %#04x" % op,
                 lambda c, op=op: c.send(pdu(op | 0x40, 0x80, 0x55, 0,
                                             c.cmdsn, c.statsn)),
                 closed)
    ffp_case(target, "ffp: Login Request after the login",
             lambda c: c.send(login_pdu(login_keys(target), isid=c.isid)),
             closed)

    def oversized_cmd(c):
        b = bytearray(pdu(OP_CMD, 0xA1, c.next_itt(), c.mrdsl + 512,
                          c.cmdsn, c.statsn, tail=write10(0, 1)))
        b[5:8] = (c.mrdsl + 512).to_bytes(3, "big")
        c.send(bytes(b))	# the data is never sent
        return "MaxRecvDSL %d, " % c.mrdsl
    ffp_case(target, "ffp: SCSI Command, DataSegmentLength > "
             "MaxRecvDataSegmentLength", oversized_cmd, closed)
    # Straight from the security stage the target declared nothing: its
    # MaxRecvDataSegmentLength is the default, 8192.
    ffp_case(target, "ffp (no operational stage): SCSI Command, "
             "DataSegmentLength > 8192", oversized_cmd, closed, direct=True)

    def over_first_burst(c):
        bs = block_size(c)
        n = min(c.mrdsl, 2 * c.first_burst) // bs * bs
        itt = c.command(write10(0, n // bs), n, write=True, data=bytes(n))
        how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F in (
            OP_RSP, OP_REJECT) and struct.unpack_from(">I", b, 16)[0] in
            (itt, RESERVED))
        return "FirstBurst %d, immediate %d: " % (c.first_burst, n), seen
    # RFC 7143 13.14: unsolicited data, immediate data included, stops at
    # FirstBurstLength: a Reject, CHECK CONDITION or the close, not GOOD.
    ffp_case(target, "ffp: immediate data > FirstBurstLength",
             over_first_burst, lambda how, seen: how == "closed" or any(
                 b[0] & 0x3F == OP_REJECT or
                 b[0] & 0x3F == OP_RSP and (b[2] or b[3]) for b, _ in seen))

    def ahs_cmd(c):
        b = bytearray(pdu(OP_CMD, 0x81, c.next_itt(), 0, c.cmdsn, c.statsn,
                          tail=TUR))
        b[4] = 255
        c.send(bytes(b) + bytes(1020))
    ffp_case(target, "ffp: SCSI Command, TotalAHSLength 255", ahs_cmd,
             closed)

    def read_64k(c):
        bs = block_size(c)
        c.command(read10(0, 65536 // bs), 65536, read=True)
        how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F == OP_RSP or
                               b[0] & 0x3F == OP_DATA_IN and b[1] & 1)
        sizes = [len(d) for b, d in seen if b[0] & 0x3F == OP_DATA_IN]
        return "Data-In of %d bytes in %d PDUs, largest %d; " % (
            sum(sizes), len(sizes), max(sizes or [0])), seen
    # A refused declaration keeps the default (8192), never 0 or 2^32.
    for bad in ("0", "4294967296"):
        ffp_case(target, "ffp: MaxRecvDataSegmentLength=%s refused, READ "
                 "64 KiB" % bad, read_64k,
                 lambda how, seen: how == "alive" and sum(
                     len(d) for b, d in seen if b[0] & 0x3F == OP_DATA_IN)
                 == 65536 and all(len(d) <= 8192 for b, d in seen),
                 mrdsl=bad)

    ffp_case(target, "ffp: Data-Out for an unknown ITT (dropped)",
             lambda c: c.send(data_out(c, 0xDEAD, RESERVED, 0, bytes(512))),
             alive)

    def pending_write(c):
        bs = block_size(c)
        itt = c.command(write10(0, 8), 8 * bs, write=True)
        return itt, r2t_for(c, itt), 8 * bs

    def beyond_edtl(c, off, n):
        itt, ttt, edtl = pending_write(c)
        c.send(data_out(c, itt, ttt, off if off >= 0 else edtl - 256,
                        bytes(n)))
        return "EDTL %d, " % edtl
    ffp_case(target, "ffp: Data-Out at offset 1 MiB > EDTL",
             lambda c: beyond_edtl(c, 1 << 20, 512), closed)
    ffp_case(target, "ffp: Data-Out across the end of EDTL",
             lambda c: beyond_edtl(c, -1, 512), closed)

    def oversized_data_out(c):
        itt, ttt, _ = pending_write(c)
        c.send(data_out(c, itt, ttt, 0, b"", dlen=0xFFFFFF))
    ffp_case(target, "ffp: Data-Out, DataSegmentLength 16 MiB",
             oversized_data_out, closed)

    def wrong_datasn(c):
        itt, ttt, edtl = pending_write(c)
        c.send(data_out(c, itt, ttt, 0, bytes(edtl), datasn=5))
        how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F == OP_RSP)
        st = seen[-1][0][3] if how == "stop" else None
        return "status %s; " % st if st == 2 else "NO CHECK CONDITION; "
    ffp_case(target, "ffp: Data-Out with DataSN out of order", wrong_datasn,
             lambda how, seen: how == "alive")

    def wrong_offset(c):
        itt, ttt, edtl = pending_write(c)
        c.send(data_out(c, itt, ttt, 512, bytes(512), final=False))
        c.send(data_out(c, itt, ttt, 0, bytes(512), datasn=1))
        how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F == OP_RSP)
        return "status %s; " % (seen[-1][0][3] if how == "stop" else how)
    ffp_case(target, "ffp: Data-Out out of order (offset gap)",
             wrong_offset, alive)

    def dup_itt(c):
        bs = block_size(c)
        c.command(write10(0, 1), bs, write=True, itt=0x99)
        c.command(write10(1, 1), bs, write=True, itt=0x99)
        time.sleep(0.2)
        c.send(data_out(c, 0x99, RESERVED, 0, bytes(bs)))
    ffp_case(target, "ffp: two tasks with the same ITT", dup_itt,
             lambda how, seen: how in ("alive", "closed"))

    for fn in (0, 9, 0x7F):
        ffp_case(target, "ffp: TMF function %d" % fn,
                 lambda c, fn=fn: c.send(pdu(OP_TMF | 0x40, 0x80 | fn,
                                             c.next_itt(), RESERVED,
                                             c.cmdsn, c.statsn)),
                 lambda how, seen: how == "alive" and any(
                     b[0] & 0x3F == OP_TMF_RSP and b[2] == 5
                     for b, _ in seen))

    for n in (1, 1000, 8192):
        payload = bytes(random.Random(n).randrange(256) for _ in range(n))

        def echo(c, payload=payload):
            how, seen = c.ping(data=payload)
            return "echo of %d bytes: %s; " % (len(payload), how)
        ffp_case(target, "ffp: NOP-Out ping with %d data bytes" % n, echo,
                 lambda how, seen: how == "alive")

    def nop_reserved_not_immediate(c):
        c.send(pdu(OP_NOP_OUT, 0x80, RESERVED, RESERVED, c.cmdsn,
                   c.statsn, data=b"x" * 100))
    ffp_case(target, "ffp: NOP-Out, ITT reserved, not immediate",
             nop_reserved_not_immediate, alive)

    def text_huge(c):
        b = bytearray(pdu(OP_TEXT, 0x80, c.next_itt(), RESERVED, c.cmdsn,
                          c.statsn))
        b[5:8] = (c.mrdsl + 4).to_bytes(3, "big")
        c.send(bytes(b))
    ffp_case(target, "ffp: Text, DataSegmentLength > MaxRecvDSL", text_huge,
             closed)

    def text_continued(c):
        chunk = keys(*["X%04d=%s" % (i, "v" * 40) for i in range(160)])
        itt, total, note = c.next_itt(), 0, ""
        while total < 70000:
            c.send(pdu(OP_TEXT, 0x40, itt, RESERVED, c.cmdsn, c.statsn,
                       data=chunk[:c.mrdsl]))
            c.cmdsn += 1
            total += len(chunk)
            how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F in (
                OP_TEXT_RSP, OP_REJECT))
            if how != "stop" or seen[-1][0][0] & 0x3F == OP_REJECT:
                return "after %d bytes: " % total, seen
        return "70000 bytes taken; "
    ffp_case(target, "ffp: Text, 70000 bytes of continued keys",
             text_continued, rejected_alive)
    ffp_case(target, "ffp: Text, unknown TTT",
             lambda c: c.send(pdu(OP_TEXT | 0x40, 0x80, c.next_itt(), 0x1234,
                                  c.cmdsn, c.statsn)),
             rejected_alive)

    def far_cmdsn(c, delta):
        exp = c.cmdsn
        c.command(TUR, cmdsn=(c.cmdsn + delta) & 0xFFFFFFFF)
        how, seen = c.ping()
        if how != "alive" or seen or c.cmdsn != exp:
            return "NOT IGNORED (%s %s, ExpCmdSN %d); " % (how,
                                                          describe(seen),
                                                          c.cmdsn)
        itt = c.command(TUR)
        how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F == OP_RSP)
        good = how == "stop" and seen[-1][0][3] == 0
        return "ignored, the next TUR %s; " % ("GOOD" if good else "FAILED")
    for delta in (0x40000000, 0x80000000, -1, 1000):
        ffp_case(target, "ffp: CmdSN %s outside the window" % (
            "%+d" % delta if delta < 0x40000000 else "%#x" % delta),
                 lambda c, d=delta: far_cmdsn(c, d),
                 lambda how, seen: how == "alive")

    ffp_case(target, "ffp: SNACK at ErrorRecoveryLevel 0",
             lambda c: c.send(pdu(OP_SNACK, 0x80, RESERVED, RESERVED, 0,
                                  c.statsn)),
             rejected_alive)

    def logout(c, reason):
        c.send(pdu(OP_LOGOUT | 0x40, 0x80 | reason, c.next_itt(), 0,
                   c.cmdsn, c.statsn))
    for reason in (2, 0x7F):
        ffp_case(target, "ffp: Logout reason %d" % reason,
                 lambda c, r=reason: logout(c, r),
                 lambda how, seen: how == "closed" and any(
                     b[0] & 0x3F == OP_LOGOUT_RSP for b, _ in seen))

    def header_digest(c):
        b = pdu(OP_NOP_OUT | 0x40, 0x80, 0x4242, RESERVED, c.cmdsn,
                c.statsn)
        c.send(b + struct.pack("<I", crc32c(b)))
        c.send(b * 4)
    ffp_case(target, "ffp: HeaderDigest sent although None", header_digest,
             reject_or_close)

    def pin_data(c):
        """Writes whose data never comes pin their buffers: past 128 MiB a
        connection's next command ends with TASK SET FULL (0x28)."""
        bs = block_size(c)
        n = 2 << 20
        for _ in range(64):
            c.command(write10(0, n // bs), n, write=True)
        last = c.command(write10(0, n // bs), n, write=True)
        how, seen = read_until(c.sock, lambda b, d: b[0] & 0x3F == OP_RSP and
                               struct.unpack_from(">I", b, 16)[0] == last)
        status = seen[-1][0][3] if how == "stop" else None
        return "65th 2 MiB write: status %s; " % status, \
            [x for x in seen if x[0][0] & 0x3F == OP_RSP]
    ffp_case(target, "ffp: 130 MiB of writes held open: TASK SET FULL",
             pin_data, lambda how, seen: how == "alive" and any(
                 b[0] & 0x3F == OP_RSP and b[3] == 0x28 for b, _ in seen))

    def truncated(c):
        c.send(pdu(OP_CMD, 0x81, c.next_itt(), 0, c.cmdsn, c.statsn,
                   tail=TUR)[:30])
        c.sock.shutdown(socket.SHUT_WR)
    ffp_case(target, "ffp: truncated BHS, then half close", truncated,
             closed)


# ------------------------------------------------------------------------
# Random mutations
# ------------------------------------------------------------------------

INTERESTING = (0, 1, 0x7F, 0x80, 0xFF, 0x40, 0x3F, 0xC0)


def templates(c, rnd):
    """Valid PDUs of every kind an initiator sends."""
    itt = c.next_itt()
    bs = 512
    lba = rnd.randrange(64)
    return [
        pdu(OP_CMD, 0x81, itt, 0, c.cmdsn, c.statsn, tail=TUR),
        pdu(OP_CMD, 0xC1, itt, 8 * bs, c.cmdsn, c.statsn,
            tail=read10(lba, 8).ljust(16, b"\0")),
        pdu(OP_CMD, 0xA1, itt, 2 * bs, c.cmdsn, c.statsn,
            data=bytes(2 * bs), tail=write10(lba, 2).ljust(16, b"\0")),
        pdu(OP_CMD, 0x21, itt, 8 * bs, c.cmdsn, c.statsn,
            data=bytes(bs), tail=write10(lba, 8).ljust(16, b"\0")),
        pdu(OP_CMD, 0xC1, itt, 4096, c.cmdsn, c.statsn,
            tail=bytes([0x12, 0, 0, 0x10, 0, 0])),
        pdu(OP_CMD, 0xC1, itt, 4096, c.cmdsn, c.statsn,
            tail=bytes([0xA0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0])),
        pdu(OP_NOP_OUT | 0x40, 0x80, itt, RESERVED, c.cmdsn, c.statsn,
            data=b"hostile"),
        pdu(OP_TMF | 0x40, 0x81, itt, itt - 1, c.cmdsn, c.statsn,
            tail=struct.pack(">I", c.cmdsn)),
        pdu(OP_TMF | 0x40, 0x85, itt, RESERVED, c.cmdsn, c.statsn),
        pdu(OP_TEXT, 0x80, itt, RESERVED, c.cmdsn, c.statsn,
            data=keys("SendTargets=All")),
        pdu(OP_TEXT, 0x80, itt, RESERVED, c.cmdsn, c.statsn,
            data=keys("MaxRecvDataSegmentLength=65536")),
        data_out(c, itt - 1, RESERVED, 0, bytes(bs)),
        pdu(OP_SNACK, 0x80, RESERVED, RESERVED, 0, c.statsn),
        pdu(OP_LOGOUT | 0x40, 0x80, itt, 0, c.cmdsn, c.statsn),
    ]


def mutate(b, rnd):
    b = bytearray(b)
    for _ in range(rnd.randint(1, 4)):
        pos = rnd.randrange(48) if rnd.random() < 0.85 or len(b) == 48 \
            else rnd.randrange(48, len(b))
        r = rnd.random()
        if r < 0.4:
            b[pos] ^= 1 << rnd.randrange(8)
        elif r < 0.7:
            b[pos] = rnd.randrange(256)
        else:
            b[pos] = rnd.choice(INTERESTING)
    if rnd.random() < 0.1:	# a length that does not match
        b[5:8] = rnd.randrange(1 << 19).to_bytes(3, "big")
    return bytes(b)


def framed(b, mrdsl):
    """The mutated header with as many bytes after it as it declares (so
    that the next PDU is framed where the target expects it), or the
    header alone when it declares more than the target may take."""
    ahs = b[4] * 4
    dlen = int.from_bytes(b[5:8], "big")
    body = ahs + dlen + (4 - dlen % 4) % 4
    if dlen > mrdsl or b[0] & 0x3F == OP_LOGIN:
        return b[:48], False
    rest = b[48:48 + body]
    return b[:48] + rest + bytes(body - len(rest)), True


def random_run(target, secs, seed):
    rnd = random.Random(seed)
    print("seed %d" % seed, flush=True)
    end = time.monotonic() + secs
    stats = {}
    n = 0
    c = None
    while time.monotonic() < end:
        if c is None:
            c = Conn(target)
            per_conn = 0
        tmpl = rnd.choice(templates(c, rnd))
        bad = mutate(tmpl, rnd)
        wire, framed_ok = framed(bad, c.mrdsl)
        n += 1
        per_conn += 1
        try:
            c.send(wire)
        except ConnectionError:
            pass
        how, seen = c.ping()
        if how == "alive" and not framed_ok:
            how = "alive after an unframed header"
        key = how + ("+reject" if any(b[0] & 0x3F == OP_REJECT
                                      for b, _ in seen) else "")
        stats[key] = stats.get(key, 0) + 1
        if how not in ("alive", "closed"):
            report(False, "random: iteration %d (seed %d)" % (n, seed),
                   "%s after %s; sent %s" % (how, describe(seen),
                                             bad[:48].hex()))
            c.close()
            c = None
            continue
        if how == "closed" or per_conn >= 40:
            c.close()
            c = None
    if c:
        c.close()
    report(True, "random: %d mutated PDUs, seed %d" % (n, seed),
           ", ".join("%s %d" % kv for kv in sorted(stats.items())))


# ------------------------------------------------------------------------
# Other sessions
# ------------------------------------------------------------------------

def bystander(target, isid, stopfile):
    s = iscsi_raw.Session(target, isid)
    s.sock.settimeout(WAIT)
    s.first_command()
    n = errors = 0
    worst = 0.0
    itt = 0x1000
    while not os.path.exists(stopfile):
        itt += 1
        read = n % 2
        start = time.monotonic()
        s.command(itt, read10(n % 64, 8) if read else TUR, 4096 if read
                  else 0)
        data = b""
        status = None
        try:
            while status is None:
                bhs, d = recv_pdu(s.sock)
                op = bhs[0] & 0x3F
                if op == OP_NOP_IN and \
                   struct.unpack_from(">I", bhs, 16)[0] == RESERVED:
                    s.sock.sendall(pdu(OP_NOP_OUT | 0x40, 0x80, RESERVED,
                                       struct.unpack_from(">I", bhs, 20)[0],
                                       s.cmdsn, s.statsn, lun=bhs[8:16]))
                    continue
                if struct.unpack_from(">I", bhs, 16)[0] != itt:
                    raise ValueError("unexpected " + describe([(bhs, d)]))
                if op == OP_DATA_IN:
                    data += d
                    if bhs[1] & 1:
                        status = bhs[3]
                elif op == OP_RSP:
                    status = bhs[3] if bhs[2] == 0 else 0x100 | bhs[2]
                else:
                    raise ValueError("unexpected " + describe([(bhs, d)]))
                s.statsn = struct.unpack_from(">I", bhs, 24)[0] + 1 \
                    if op == OP_RSP or bhs[1] & 1 else s.statsn
            if status != 0 or (read and len(data) != 4096):
                raise ValueError("status %#x, %d bytes" % (status, len(data)))
        except (OSError, EOFError, ValueError) as e:
            errors += 1
            print("error %d: %s %s" % (n, type(e).__name__, e), flush=True)
            if isinstance(e, (OSError, EOFError)):
                break
        worst = max(worst, time.monotonic() - start)
        n += 1
        time.sleep(0.5)
    print("bystander %d commands, %d errors, slowest %.2f s" %
          (n, errors, worst), flush=True)
    return errors == 0 and n > 0


def probe(target, isid):
    s = iscsi_raw.Session(target, isid)
    s.sock.settimeout(WAIT)
    s.first_command()
    s.command(0x31, TUR)
    how, seen = read_until(s.sock, lambda b, d: b[0] & 0x3F == OP_RSP)
    good = how == "stop" and seen[-1][0][3] == 0
    s.statsn = struct.unpack_from(">I", seen[-1][0], 24)[0] + 1 if good \
        else s.statsn
    s.sock.sendall(pdu(OP_LOGOUT | 0x40, 0x80, 0x32, 0, s.cmdsn, s.statsn))
    how, seen = read_until(s.sock)
    report(good and how == "closed" and any(
        b[0] & 0x3F == OP_LOGOUT_RSP and b[2] == 0 for b, _ in seen),
        "fresh login", "TUR %s, logout %s, %s" % (
            "GOOD" if good else "FAILED", describe(seen), how))


def main():
    mode, target = sys.argv[1:3]
    if mode == "login":
        login_cases(target)
    elif mode == "ffp":
        ffp_cases(target)
    elif mode == "random":
        secs = float(sys.argv[3])
        seed = int(sys.argv[4]) if len(sys.argv) > 4 else \
            int.from_bytes(os.urandom(4), "big")
        random_run(target, secs, seed)
    elif mode == "stall":
        stall(target, sys.argv[3])
    elif mode == "bystander":
        return 0 if bystander(target, sys.argv[3], sys.argv[4]) else 1
    elif mode == "probe":
        probe(target, sys.argv[3])
    else:
        raise SystemExit("unknown mode " + mode)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
