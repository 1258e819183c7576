#!/usr/bin/env python3
"""Peer converter: a dump to usageconv's CSV columns with Python's json (or orjson) and csv modules.

    convert.py {json|orjson} {baishan|swiftfederation} INPUT OUTPUT

The straightforward script a user would write: load the whole document, then write rows with
csv.writer. Numbers are doubles; repr() already prints the shortest text (208706182.29), and
integral doubles drop Python's ".0" to match usageconv and jq. Times use time.gmtime.
"""
import csv
import sys
import time

HEADER = ["time", "source", "resource", "metric", "direction", "unit", "step", "value", "quality"]


def num(v):
    if isinstance(v, float):
        r = repr(v)
        return r[:-2] if r.endswith(".0") else r
    return v


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def baishan(doc):
    if doc.get("code") != 0:
        raise SystemExit(f"baishan API error: {doc.get('code')}")
    for t, v in doc["data"]:
        yield (iso(t), "baishan", "all", "bandwidth", "out", "bit/s", 300, num(v), "measured")


def swiftfederation(doc):
    for entry in doc:
        d = entry["domain"]
        for p in entry["volumes"]:
            # Parse and re-print the time like usageconv does.
            t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.strptime(p["timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
            yield (t, "swiftfederation", d, "traffic", "out", "B", 300, num(p["value"]), "measured")


def main():
    library, kind, src, dst = sys.argv[1:5]
    with open(src, "rb") as f:
        data = f.read()
    if library == "orjson":
        import orjson

        doc = orjson.loads(data)
    else:
        import json

        doc = json.loads(data)
    del data
    with open(dst, "w", newline="", buffering=1 << 20) as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows({"baishan": baishan, "swiftfederation": swiftfederation}[kind](doc))


if __name__ == "__main__":
    main()
