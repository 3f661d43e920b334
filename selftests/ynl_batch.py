#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Many requests through the kernel's YNL library (what its cli.py uses)
in one process: Python starts slowly in the guest.

  ynl_batch.py YNL_DIR SPEC SCHEMA < REQUESTS

Each request line is "do OPERATION [JSON]" or "dump OPERATION [JSON]";
each prints one JSON line: the reply as cli.py --output-json prints it
(binary attributes in hex), or {"errno": N, "extack": {...}} when the
kernel refuses it.
"""
import json
import sys

sys.path.insert(0, sys.argv[1] + "/tools/net/ynl")
from lib import NlError, YnlFamily  # noqa: E402


def encode(obj):
    if isinstance(obj, bytes):
        return obj.hex()
    if isinstance(obj, set):
        return sorted(obj)
    raise TypeError(repr(obj))


def main():
    ynl = YnlFamily(sys.argv[2], sys.argv[3])
    for line in sys.stdin:
        words = line.split(None, 2)
        if not words:
            continue
        attrs = json.loads(words[2]) if len(words) > 2 else {}
        try:
            if words[0] == "dump":
                reply = ynl.dump(words[1], attrs)
            else:
                reply = ynl.do(words[1], attrs)
        except NlError as e:
            reply = {"errno": e.error, "extack": e.nl_msg.extack}
        print(json.dumps(reply, default=encode), flush=True)


if __name__ == "__main__":
    main()
