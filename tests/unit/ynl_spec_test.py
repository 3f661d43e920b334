#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The YNL spec and the uapi header describe the same family: every
attribute set and the command list have the same names with the same
values, in both.  TAP on stdout."""
import os
import re
import sys

import yaml

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
spec = yaml.safe_load(open(os.path.join(
    top, "Documentation/netlink/specs/iscsikt.yaml")))
header = open(os.path.join(top, "include/uapi/linux/iscsikt.h")).read()


def c_enum(name):
    """NAME: value of the enumerators of enum @name, __*_MAX excluded."""
    m = re.search(r"enum %s \{(.*?)\};" % name, header, re.S)
    if not m:
        return None
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    out, value = {}, 0
    for item in body.split(","):
        item = item.strip()
        if not item:
            continue
        ident, _, expr = item.partition("=")
        ident = ident.strip()
        if ident.startswith("__") or ident.endswith("_MAX"):
            continue
        if expr.strip():
            value = int(expr.strip(), 0)
        out[ident] = value
        value += 1
    return out


def spec_names(entries, prefix):
    out, value = {}, 0
    for e in entries:
        value = e.get("value", value)
        out[(prefix + e["name"]).upper().replace("-", "_")] = value
        value += 1
    return out


checks = []
for s in spec["attribute-sets"]:
    enum = "iscsikt_attr" if s["name"] == "iscsikt" else \
        "iscsikt_%s_attr" % s["name"]
    checks.append(("attribute set " + s["name"], c_enum(enum),
                   spec_names(s["attributes"], s["name-prefix"])))
ops = spec["operations"]
checks.append(("operations", c_enum("iscsikt_cmd"),
               spec_names(ops["list"], ops["name-prefix"])))

print("TAP version 13")
print("1..%d" % len(checks))
failed = 0
for i, (what, c, y) in enumerate(checks, 1):
    if c == y:
        print("ok %d %s: %d names agree" % (i, what, len(c)))
        continue
    failed += 1
    print("not ok %d %s" % (i, what))
    for k in sorted(set(c or {}) | set(y)):
        if (c or {}).get(k) != y.get(k):
            print("#   %s: header %s, spec %s" % (k, (c or {}).get(k), y.get(k)))
sys.exit(1 if failed else 0)
