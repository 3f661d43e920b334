#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Open COUNT connections to 127.0.0.1:3260 that never finish a login.

A third stay silent, a third send half a BHS, a third send a whole login
request and stop there.  Prints, one per line:
  slab-before KiB, slab-peak KiB    Slab of /proc/meminfo before and with
                                    every connection open
  refused N SECS                    connections the target closed within
                                    SECS of the flood (over its login cap)
  closed N SECS                     all of them closed, SECS after the start
  open N                            connections still open at the deadline
"""
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iscsi_raw  # noqa: E402


def slab_kib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("Slab:"):
                return int(line.split()[1])
    return 0


def login_request(target):
    keys = ["InitiatorName=" + iscsi_raw.INITIATOR, "TargetName=" + target,
            "SessionType=Normal", "AuthMethod=None"]
    data = "".join(k + "\0" for k in keys).encode()
    return iscsi_raw.pdu(0x43, 0x81, 1, 0, 1, 0,
                         lun=bytes.fromhex("023d00000099") + b"\0\0",
                         data=data)


def main():
    target, count, deadline = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print("slab-before", slab_kib(), flush=True)
    login = login_request(target)
    socks = []
    start = time.monotonic()
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", 3260))
        if i % 3 == 1:
            s.sendall(login[:20])
        elif i % 3 == 2:
            s.sendall(login)
        socks.append(s)
    time.sleep(0.5)
    print("slab-peak", slab_kib(), flush=True)

    def reap(timeout):
        """Drop the sockets the target closed; True while some are open."""
        r, _, _ = select.select(socks, [], [], timeout)
        for s in r:
            try:
                if s.recv(65536):
                    continue	# a login answer: the close comes later
            except ConnectionError:
                pass
            socks.remove(s)
            s.close()
        return bool(socks)

    while reap(0.1) and time.monotonic() - start < 1.5:
        pass
    print("refused %d %.1f" % (count - len(socks),
                               time.monotonic() - start), flush=True)
    while reap(0.5) and time.monotonic() - start < deadline:
        pass
    print("closed %d %.1f" % (count - len(socks), time.monotonic() - start))
    print("open", len(socks))


if __name__ == "__main__":
    main()
