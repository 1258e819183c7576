#!/usr/bin/env python3
"""Python peer of `usageconv DUMP --to sqlite -o DB` for a Baishan dump: what a user would write.

    sqlite_load.py DUMP.json DB

Reads the dump with orjson (json when orjson is missing), builds the rows usageconv stores (the
same schema: series, points WITHOUT ROWID keyed (series, time), value REAL and value_text, the
number as the dump wrote it), and inserts them with sqlite3's executemany in one transaction.
Prints one JSON line to stdout: rows, and the seconds spent parsing and inserting.
"""
import json
import sqlite3
import sys
import time

try:
    import orjson

    loads = orjson.loads
except ImportError:  # the plain library is slower but does the same
    loads = json.loads

SCHEMA = """
CREATE TABLE series (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, resource TEXT NOT NULL, metric TEXT NOT NULL,
    direction TEXT NOT NULL, unit TEXT NOT NULL, step INTEGER NOT NULL, kind TEXT NOT NULL,
    absent TEXT NOT NULL, UNIQUE (source, resource, metric, direction, unit, step, kind, absent));
CREATE TABLE points (
    series INTEGER NOT NULL REFERENCES series (id), time INTEGER NOT NULL, value REAL NOT NULL,
    value_text TEXT NOT NULL, quality TEXT NOT NULL, PRIMARY KEY (series, time)) WITHOUT ROWID;
"""


def main():
    dump, db = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    with open(dump, "rb") as f:
        doc = loads(f.read())
    # repr gives the shortest text that round-trips, which is what the generator wrote.
    rows = [(1, t, float(v), repr(v) if isinstance(v, float) else str(v), "measured") for t, v in doc["data"]]
    parsed = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    con.executescript(SCHEMA)
    con.execute("BEGIN")
    con.execute(
        "INSERT INTO series VALUES (1, 'baishan', 'all', 'bandwidth', 'out', 'bit/s', 300, 'rate', 'zero')"
    )
    con.executemany("INSERT INTO points VALUES (?, ?, ?, ?, ?)", rows)
    con.execute("COMMIT")
    con.close()
    done = time.perf_counter()
    print(json.dumps({"rows": len(rows), "parse_seconds": parsed - started, "insert_seconds": done - parsed}))


if __name__ == "__main__":
    main()
