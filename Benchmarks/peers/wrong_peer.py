#!/usr/bin/env python3
"""A deliberately wrong peer, to prove the harness's output check: `Benchmarks/run --tools wrong-peer`.

    wrong_peer.py PYTHON PEERS INPUT OUTPUT

Runs the Python peer (convert.py json baishan), then moves every row's time on by one 300 s step
and writes its quality as "estimated": the row count and the sum of the value column stay the
same, which the old check (row count and value sum) accepted. The harness must fail on it.
"""
import calendar
import csv
import os
import subprocess
import sys
import time

python, peers, src, dst = sys.argv[1:5]
subprocess.run([python, f"{peers}/convert.py", "json", "baishan", src, dst + ".right"], check=True)
with open(dst + ".right", newline="") as f, open(dst, "w", newline="") as out:
    reader = csv.reader(f)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(next(reader))
    for row in reader:
        t = calendar.timegm(time.strptime(row[0], "%Y-%m-%dT%H:%M:%SZ")) + 300
        row[0] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
        row[8] = "estimated"
        writer.writerow(row)
os.unlink(dst + ".right")
