#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the iscsikt family's events, one line each, as they arrive.

  genl_events.py HEADER      HEADER: include/uapi/linux/iscsikt.h

Resolves the "iscsikt" generic netlink family and its "events" multicast
group (CTRL_CMD_GETFAMILY), joins the group and prints "ready", then for
each event "CMD NAME=VALUE..." with the uapi names less their prefixes
(e.g. "THRESHOLD EXTENT_NAME=x THRESHOLD_SCOPE=0 ..."): integers in
decimal, strings as they are, nests as "nest".  Attribute and command
numbers come from the header's enums, so nothing here is renumbered by
hand.
"""
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
NLM_F_REQUEST = 1
NLMSG_ERROR = 2
NLA_TYPE_MASK = 0x3FFF


def enum_names(text, enum, prefix):
    """(name less @prefix, is a string) of @enum's members, in order."""
    body = re.search(r"enum %s \{(.*?)\};" % enum, text, re.S).group(1)
    members = []
    for line in body.splitlines():
        m = re.match(r"\s*(\w+)\s*(=)?[^/]*(/\*.*)?$", line)
        if not m or not m.group(1).startswith(prefix):
            continue
        if m.group(2):
            break   # __MAX = ...: past the real members
        members.append((m.group(1)[len(prefix):],
                        "string" in (m.group(3) or "")))
    return members


def attrs(data):
    out = {}
    off = 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("=HH", data, off)
        if alen < 4:
            break
        out.setdefault(atype & NLA_TYPE_MASK, []).append(data[off + 4:off + alen])
        off += (alen + 3) & ~3
    return out


def genl_msg(family, cmd, payload, seq):
    body = struct.pack("=BBH", cmd, 1, 0) + payload
    return struct.pack("=IHHII", 16 + len(body), family, NLM_F_REQUEST, seq,
                       0) + body


def nla(atype, value):
    return struct.pack("=HH", 4 + len(value), atype) + value + \
        b"\0" * ((4 - len(value) % 4) % 4)


def resolve(sock):
    sock.send(genl_msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                       nla(CTRL_ATTR_FAMILY_NAME, b"iscsikt\0"), 1))
    data = sock.recv(65536)
    _, mtype = struct.unpack_from("=IH", data)
    if mtype == NLMSG_ERROR:
        sys.exit("iscsikt family not found")
    a = attrs(data[20:])
    fam = struct.unpack("=H", a[CTRL_ATTR_FAMILY_ID][0][:2])[0]
    for grp in attrs(a[CTRL_ATTR_MCAST_GROUPS][0]).values():
        g = attrs(grp[0])
        if g[CTRL_ATTR_MCAST_GRP_NAME][0].rstrip(b"\0") == b"events":
            return fam, struct.unpack("=I", g[CTRL_ATTR_MCAST_GRP_ID][0])[0]
    sys.exit("no events group")


def value(raw, string):
    if string:
        return raw.rstrip(b"\0").decode(errors="replace")
    if len(raw) in (1, 2, 4, 8):
        return str(int.from_bytes(raw, sys.byteorder))
    return "nest"


def main():
    text = open(sys.argv[1]).read()
    cmds = enum_names(text, "iscsikt_cmd", "ISCSIKT_CMD_")
    names = enum_names(text, "iscsikt_attr", "ISCSIKT_A_")
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.bind((0, 0))
    fam, grp = resolve(sock)
    sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, grp)
    print("ready", flush=True)
    while True:
        data = sock.recv(65536)
        off = 0
        while off + 16 <= len(data):
            mlen, mtype = struct.unpack_from("=IH", data, off)
            if mlen < 20:
                break
            if mtype == fam:
                cmd = data[off + 16]
                line = [cmds[cmd][0] if cmd < len(cmds) else str(cmd)]
                for atype, vals in sorted(attrs(data[off + 20:off + mlen]).items()):
                    name, string = names[atype] if atype < len(names) \
                        else (str(atype), False)
                    line += ["%s=%s" % (name, value(v, string)) for v in vals]
                print(" ".join(line), flush=True)
            off += (mlen + 3) & ~3


if __name__ == "__main__":
    main()
