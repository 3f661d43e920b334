#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Session costs of the target listening on 127.0.0.1:3260.

  sessions.py logins TARGET SECS
      connect, log in (no authentication), log out and close in a loop
      for SECS seconds; prints "logins_per_s N"
  sessions.py idle TARGET COUNT
      hold COUNT logged-in sessions with distinct ISIDs, then prints what
      they cost per session in KiB: "session_slab_kib N" (Slab of
      /proc/meminfo) and "session_mem_kib N" (free memory, counting the
      pages on the per-CPU free lists as free, less the page cache and
      this process's own growth: slab, socket buffers, page tables,
      stacks, and a user-space target's memory)

The PDUs are selftests/iscsi_raw.py's; the login goes through the
security and then the operational stage, which LIO and tgt insist on.
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests"))
import iscsi_raw  # noqa: E402

SECURITY_KEYS = ["InitiatorName=" + iscsi_raw.INITIATOR, "SessionType=Normal",
                 "AuthMethod=None"]
# Everything a target could otherwise propose itself and wait for.
OPERATIONAL_KEYS = ["HeaderDigest=None", "DataDigest=None",
                    "MaxRecvDataSegmentLength=65536", "ImmediateData=Yes",
                    "InitialR2T=Yes", "ErrorRecoveryLevel=0",
                    "MaxConnections=1", "FirstBurstLength=65536",
                    "MaxBurstLength=262144", "DefaultTime2Wait=2",
                    "DefaultTime2Retain=0", "MaxOutstandingR2T=1",
                    "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes"]


class Session:
    """A logged-in normal session (sock, cmdsn, statsn)."""

    def __init__(self, target, isid):
        # A target that stops answering fails the run instead of hanging it.
        self.sock = socket.create_connection(("127.0.0.1", 3260), timeout=20)
        self.cmdsn, self.statsn = 1, 0
        isid_b = bytes.fromhex(isid) + b"\0\0"
        stages = {0: SECURITY_KEYS + ["TargetName=" + target],
                  1: OPERATIONAL_KEYS}
        csg, sent = 0, set()
        for _ in range(8):
            nsg = 1 if csg == 0 else 3
            keys = stages.pop(csg, [])
            data = "".join(k + "\0" for k in keys).encode()
            self.sock.sendall(iscsi_raw.pdu(0x43, 0x80 | csg << 2 | nsg, 1,
                                            0, self.cmdsn, self.statsn,
                                            lun=isid_b, data=data))
            rsp, rdata = iscsi_raw.recv_pdu(self.sock)
            if rsp[0] & 0x3F != 0x23 or rsp[36] != 0:
                raise SystemExit("login refused: class %d detail %d" %
                                 (rsp[36], rsp[37]))
            self.statsn = struct.unpack_from(">I", rsp, 24)[0] + 1
            self.cmdsn = struct.unpack_from(">I", rsp, 28)[0]
            if rsp[1] & 0x80:	# the target agreed to move on
                if rsp[1] & 3 == 3:
                    return
                csg = rsp[1] & 3
            else:
                # It waits for answers to its own proposals: accept them.
                sent.update(k.split("=")[0] for k in keys)
                stages[csg] = [kv for kv in rdata.decode().split("\0")
                               if "=" in kv and kv.split("=")[0] not in sent]
        raise SystemExit("login: no agreement after 8 rounds")


def logout(sess):
    sess.sock.sendall(iscsi_raw.pdu(0x46, 0x80, 2, 0, sess.cmdsn,
                                    sess.statsn))
    while True:
        bhs, _ = iscsi_raw.recv_pdu(sess.sock)
        if bhs[0] & 0x3F == 0x26:
            break
    sess.sock.close()


def isid(i):
    # Random-qualifier format (T=10b): every value is a distinct ISID.
    return "80%010x" % (0x1000 + i)


def pcp_free_kib():
    """KiB of free pages held on the per-CPU lists (/proc/zoneinfo).

    MemFree leaves them out, and how many each CPU holds at a time moves
    by megabytes, more than 100 idle sessions cost.
    """
    pages = 0
    with open("/proc/zoneinfo") as f:
        for line in f:
            words = line.split()
            if len(words) == 2 and words[0] == "count:":
                pages += int(words[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def meminfo():
    # Reclaimable caches would otherwise drift more than sessions cost.
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3")
    vals = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, val = line.split(":")
            vals[key] = int(val.split()[0])
    vals["MemFree"] += pcp_free_kib()
    return vals


def own_rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def used(m):
    return m["MemTotal"] - m["MemFree"] - m["Cached"] - m["Buffers"]


def logins(target, secs):
    n = 0
    start = time.monotonic()
    while time.monotonic() - start < secs:
        logout(Session(target, isid(n % 4096)))
        n += 1
    print("logins_per_s %.1f" % (n / (time.monotonic() - start)))


def idle(target, count):
    time.sleep(1)
    before, rss = meminfo(), own_rss()
    sessions = [Session(target, isid(i)) for i in range(count)]
    time.sleep(2)	# let deferred work and RCU frees settle
    after = meminfo()
    grown = own_rss() - rss
    print("session_slab_kib %.1f" % ((after["Slab"] - before["Slab"]) / count))
    print("session_mem_kib %.1f" % ((used(after) - used(before) - grown) /
                                    count))
    for sess in sessions:
        logout(sess)


def main():
    mode, target, arg = sys.argv[1:4]
    if mode == "logins":
        logins(target, float(arg))
    elif mode == "idle":
        idle(target, int(arg))
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main()
