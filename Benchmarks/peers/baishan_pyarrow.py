"""Peer for Benchmarks/parquet: a Baishan dump to Parquet the way a Python user would write it.

orjson.loads of the whole dump, the columns built as Python lists, pyarrow.parquet.write_table
with zstd (the same codec usageconv uses by default). Same rows and columns as usageconv's file
except value_decimal (a user would not build one; orjson has already turned the text into floats).
"""
import sys

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

source, target = sys.argv[1], sys.argv[2]
with open(source, "rb") as f:
    data = orjson.loads(f.read())["data"]
n = len(data)


def constant(text):
    return pa.DictionaryArray.from_arrays(pa.array([0] * n, pa.int32()), pa.array([text]))


table = pa.table({
    "time": pa.array([t * 1_000_000 for t, _ in data], pa.timestamp("us", tz="UTC")),
    "source": constant("baishan"),
    "resource": constant("all"),
    "metric": constant("bandwidth"),
    "direction": constant("out"),
    "unit": constant("bit/s"),
    "kind": constant("rate"),
    "step": pa.array([300] * n, pa.int64()),
    "absent": constant("zero"),
    "value": pa.array([v for _, v in data], pa.float64()),
    "quality": constant("measured"),
})
pq.write_table(table, target, compression="zstd")
