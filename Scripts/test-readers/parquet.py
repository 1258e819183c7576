#!/usr/bin/env python3
"""The real-reader side of usageconv's Parquet tests (run with .venv-test's python, pyarrow 26).

  parquet.py csv FILE.parquet OUT.csv [...]   print each file's rows as usageconv's CSV would
  parquet.py describe FILE.parquet            schema, metadata, row groups, statistics (a golden)
  parquet.py money FILE.parquet               sum and exact text of value_decimal (money checks)

`csv` rebuilds the CSV from what pyarrow decodes: ISO times from the TIMESTAMP column, the value
from value_decimal when it is set (exactly, without exponent or trailing zeros), else the shortest
text that round-trips the DOUBLE; null label cells become empty cells. The tests compare it byte
for byte with usageconv's own CSV, so any difference in rows, times, money or nulls fails.
"""
import csv
import decimal
import io
import sys

import pyarrow.parquet as pq

# Exact sums of DECIMAL(38, 18) values: the default context (28 digits) would round them.
decimal.getcontext().prec = 100

CSV_COLUMNS = ["time", "source", "resource", "metric", "direction", "unit", "step", "value", "quality"]
FIXED = set(CSV_COLUMNS) | {"kind", "absent", "value_decimal"}


def number_text(d):
    """usageconv's canonical number text: plain digits, no exponent, no trailing fraction zeros."""
    d = d.normalize()
    text = format(d, "f")
    return "0" if text in ("-0", "0") else text


def iso(ts):
    if ts.microsecond:
        raise SystemExit(f"time {ts} has a fraction of a second")
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_csv(path):
    table = pq.read_table(path)
    labels = sorted(c for c in table.column_names if c not in FIXED)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + labels)
    for row in table.to_pylist():
        exact = row["value_decimal"]
        value = number_text(exact) if exact is not None else number_text(decimal.Decimal(repr(row["value"])))
        cells = [iso(row["time"]), row["source"], row["resource"], row["metric"], row["direction"], row["unit"],
                 str(row["step"]), value, row["quality"]]
        cells += ["" if row[name] is None else row[name] for name in labels]
        writer.writerow(cells)
    return out.getvalue()


def describe(path):
    f = pq.ParquetFile(path)
    m = f.metadata
    lines = [f"created_by: {m.created_by}", f"format_version: {m.format_version}",
             f"key_value_metadata: {dict(sorted((k.decode(), v.decode()) for k, v in (m.metadata or {}).items()))}",
             f"rows: {m.num_rows}", f"row_groups: {m.num_row_groups}", "schema:"]
    lines += ["  " + str(field) for field in f.schema_arrow]
    for g in range(m.num_row_groups):
        rg = m.row_group(g)
        lines.append(f"row group {g}: {rg.num_rows} rows")
        for c in range(rg.num_columns):
            col = rg.column(c)
            s = col.statistics
            stats = f"min={s.min!r} max={s.max!r} nulls={s.null_count}" if s is not None and s.has_min_max else \
                f"nulls={s.null_count if s is not None else None}"
            lines.append(f"  {col.path_in_schema}: {col.physical_type} {col.compression} "
                         f"{'/'.join(col.encodings)} dictionary={col.has_dictionary_page} {stats}")
    return "\n".join(lines) + "\n"


def money(path):
    table = pq.read_table(path)
    exact = table.column("value_decimal").to_pylist()
    total = sum(v for v in exact if v is not None)
    print("sum", number_text(total))
    for v in exact:
        print("exact", "null" if v is None else number_text(v))


def main(argv):
    command = argv[1]
    if command == "csv":
        pairs = argv[2:]
        for source, target in zip(pairs[::2], pairs[1::2]):
            with open(target, "w", encoding="utf-8", newline="") as out:
                out.write(to_csv(source))
    elif command == "describe":
        sys.stdout.write(describe(argv[2]))
    elif command == "money":
        money(argv[2])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
