#!/usr/bin/env python3
"""Peer for the small-files dataset: every dump in a folder to usageconv's CSV columns, one process.

    small_files.py FOLDER OUTPUT

The straightforward script a user would write: walk the folder in name order, json.loads each
file, pick the provider by content as usageconv does (an object is Baishan
{"code":0,"data":[[t,v],...]}, an array SwiftFederation [{"domain":...,"volumes":[...]}]) and
write rows with csv.writer under one header. Rows come out file by file (usageconv's --merge
sorts by series, then time), so the harness compares row count and value sum, not bytes.
"""
import csv
import json
import os
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
    folder, dst = sys.argv[1:3]
    with open(dst, "w", newline="", buffering=1 << 20) as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(HEADER)
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not name.endswith(".json") or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                doc = json.loads(f.read())
            w.writerows(baishan(doc) if isinstance(doc, dict) else swiftfederation(doc))


if __name__ == "__main__":
    main()
