#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The YNL spec and the uapi header describe the same family: every
attribute set, enum and the command list have the same names with the
same values, in both; the event-only commands are event operations on the
header's multicast group.  TAP on stdout."""
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
# Change notifications ("X-ntf") reuse their request's command value.
ntfs = [o for o in ops["list"] if "notify" in o]
checks.append(("operations", c_enum("iscsikt_cmd"),
               spec_names([o for o in ops["list"] if "notify" not in o],
                          ops["name-prefix"])))
for d in spec["definitions"]:
    if d["type"] == "enum":
        checks.append(("enum " + d["name"],
                       c_enum("iscsikt_" + d["name"].replace("-", "_")),
                       spec_names([{"name": str(e)} for e in d["entries"]],
                                  d["name-prefix"])))

# Events: only sent, on the group the header names; the header's
# event-only commands are the spec's event operations.
m = re.search(r'#define ISCSIKT_MCGRP_EVENTS\s+"([^"]+)"', header)
groups = {g["name"]: 0 for g in spec["mcast-groups"]["list"]}
checks.append(("mcast groups", {m.group(1): 0} if m else None, groups))
body = re.search(r"enum iscsikt_cmd \{(.*?)\};", header, re.S).group(1)
event_only = body.split("Events only", 1)[1] if "Events only" in body else ""
checks.append(("event operations",
               {k: v for k, v in c_enum("iscsikt_cmd").items()
                if k in event_only},
               {k: v for k, v in spec_names(ops["list"],
                                            ops["name-prefix"]).items()
                if any(("iscsikt-cmd-" + o["name"]).upper().replace("-", "_")
                       == k and "event" in o and "do" not in o and
                       "dump" not in o and o.get("mcgrp") in groups
                       for o in ops["list"])}))

# Every change (GLOBAL_SET, each *_NEW, *_SET, *_DEL) is announced, and
# its notification is described.
checks.append(("change notifications",
               {k: v for k, v in c_enum("iscsikt_cmd").items()
                if re.search(r"_(NEW|SET|DEL)$", k)},
               {k[:-len("_NTF")]: v for k, v in
                spec_names(ntfs, ops["name-prefix"]).items()
                if all(o.get("mcgrp") in groups for o in ntfs)}))

# The kernel's own schema for the spec's protocol, from the 6.12 sources
# that scripts/get-ynl.sh extracts: what the kernel's ynl tools check.
schema_path = os.path.join(top, "build/ynl/Documentation/netlink",
                           spec["protocol"] + ".yaml")
try:
    import jsonschema
    schema_skip = None if os.path.exists(schema_path) else \
        "no %s (scripts/get-ynl.sh)" % schema_path
except ImportError:
    schema_skip = "no python3-jsonschema"
schema_errors = [] if schema_skip else [
    "%s: %s" % ("/".join(map(str, e.absolute_path)), e.message)
    for e in jsonschema.Draft7Validator(
        yaml.safe_load(open(schema_path))).iter_errors(spec)]

print("TAP version 13")
print("1..%d" % (len(checks) + 1))
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
n = len(checks) + 1
if schema_skip:
    print("ok %d kernel schema # SKIP %s" % (n, schema_skip))
elif schema_errors:
    failed += 1
    print("not ok %d kernel schema %s" % (n, spec["protocol"]))
    for e in schema_errors:
        print("#   %s" % e[:300])
else:
    print("ok %d kernel schema %s" % (n, spec["protocol"]))
sys.exit(1 if failed else 0)
