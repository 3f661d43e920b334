#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""CHAP (MD5) logins to 127.0.0.1:3260 that time the target's answer.

  chap_guess.py login TARGET USER SECRET      one login; prints "ok SECS" or
                                              "refused CLASS DETAIL SECS"
  chap_guess.py parallel N TARGET USER SECRET N logins at once, one line each
                                              ("closed SECS" when the target
                                              closed it before CHAP_R)
  chap_guess.py flood N M TARGET USER SECRET  N logins send CHAP_R, then M
                                              more are tried ("late ...")
                                              while those N wait
  chap_guess.py leave TARGET USER SECRET      send the response, then close
                                              at once; prints "left"
  chap_guess.py hold TARGET USER SECRET       send the response and wait:
                                              "refused ..." or "closed SECS"

SECS runs from sending CHAP_N/CHAP_R to the target's answer (or close).
A login that succeeds goes on to full feature phase and then closes.
"""
import hashlib
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iscsi_raw  # noqa: E402


def keys(data):
    return dict(k.split("=", 1) for k in data.decode().split("\0") if "=" in k)


class Login:
    def __init__(self, target):
        self.sock = socket.create_connection(("127.0.0.1", 3260),
                                             timeout=120)
        self.isid = b"\x02\x3d" + os.urandom(4)
        self.statsn = 0
        self.target = target

    def send(self, flags, kv):
        data = "".join("%s=%s\0" % kv_ for kv_ in kv).encode()
        self.sock.sendall(iscsi_raw.pdu(0x43, flags, 1, 0, 1, self.statsn,
                                        lun=self.isid + b"\0\0", data=data))

    def recv(self):
        bhs, data = iscsi_raw.recv_pdu(self.sock)
        self.statsn = int.from_bytes(bhs[24:28], "big") + 1
        return bhs, keys(data)

    def challenge(self):
        """Security stage up to the target's CHAP_I and CHAP_C."""
        self.send(0x00, [("InitiatorName", iscsi_raw.INITIATOR),
                         ("TargetName", self.target),
                         ("SessionType", "Normal"), ("AuthMethod", "CHAP")])
        bhs, kv = self.recv()
        if bhs[36] or kv.get("AuthMethod") != "CHAP":
            raise SystemExit("no CHAP offered: %r" % kv)
        self.send(0x00, [("CHAP_A", "5")])
        bhs, kv = self.recv()
        if bhs[36] or "CHAP_C" not in kv:
            raise SystemExit("no CHAP challenge: %r" % kv)
        return int(kv["CHAP_I"]), bytes.fromhex(kv["CHAP_C"][2:])

    def respond(self, user, secret):
        ident, chal = self.challenge()
        digest = hashlib.md5(bytes([ident]) + secret.encode() + chal)
        self.send(0x81, [("CHAP_N", user),
                         ("CHAP_R", "0x" + digest.hexdigest())])
        return time.monotonic()

    def finish(self, start):
        """The answer to CHAP_R, then the rest of a successful login."""
        try:
            bhs, _ = self.recv()
        except (EOFError, ConnectionError):
            return "closed %.2f" % (time.monotonic() - start)
        secs = time.monotonic() - start
        if bhs[36]:
            return "refused %d %d %.2f" % (bhs[36], bhs[37], secs)
        while not (bhs[1] & 0x80 and bhs[1] & 3 == 3):
            self.send(0x87, [("HeaderDigest", "None"),
                             ("DataDigest", "None")])
            bhs, _ = self.recv()
            if bhs[36]:
                return "refused %d %d %.2f" % (bhs[36], bhs[37], secs)
        return "ok %.2f" % secs


def one(target, user, secret):
    start = time.monotonic()
    try:
        conn = Login(target)
    except OSError:
        return "closed %.2f" % (time.monotonic() - start)
    try:
        return conn.finish(conn.respond(user, secret))
    except (EOFError, OSError):
        # Closed before CHAP_R: over the target's cap of logins.
        return "closed %.2f" % (time.monotonic() - start)
    finally:
        conn.sock.close()


def flood(n, m, target, user, secret):
    """N guesses wait for their answers while M more logins are tried."""
    barrier = threading.Barrier(n + 1)
    lines = []

    def guesser():
        start = time.monotonic()
        conn = None
        try:
            conn = Login(target)
            start = conn.respond(user, secret)
        except (EOFError, OSError):
            lines.append("closed %.2f" % (time.monotonic() - start))
            if conn:
                conn.sock.close()
            conn = None
        finally:
            barrier.wait(120)
        if conn:
            lines.append(conn.finish(start))
            conn.sock.close()

    threads = [threading.Thread(target=guesser) for _ in range(n)]
    for t in threads:
        t.start()
    barrier.wait(120)
    for _ in range(m):
        lines.append("late " + one(target, user, secret))
    for t in threads:
        t.join()
    print("\n".join(lines))


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "login":
        print(one(*args))
    elif mode == "parallel":
        lines = []
        def run():
            lines.append(one(*args[1:]))
        threads = [threading.Thread(target=run) for _ in range(int(args[0]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print("\n".join(lines))
    elif mode == "flood":
        flood(int(args[0]), int(args[1]), *args[2:])
    elif mode == "leave":
        conn = Login(args[0])
        conn.respond(*args[1:])
        conn.sock.close()
        print("left")
    elif mode == "hold":
        conn = Login(args[0])
        start = conn.respond(*args[1:])
        print("waiting", flush=True)
        print(conn.finish(start), flush=True)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
