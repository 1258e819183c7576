"""DuckDB peer for Benchmarks/run: read_json, then COPY ... TO csv, 2 threads.

    duckdb_csv.py {baishan|swiftfederation} INPUT OUTPUT

Baishan: the dump is one JSON object whose `data` is an array of [unix, value] pairs, unnested
into rows; times are formatted by strftime in UTC, values are DOUBLEs (DuckDB prints
208706182.3, and 300000000.0 where usageconv prints 300000000: the benchmark's check reads the
value column as an exact decimal). SwiftFederation: the array's objects are read as rows
(domain, volumes), the volumes unnested; timestamps are passed through as text.
"""
import os
import sys

import duckdb

kind, source, target = sys.argv[1:4]
# read_json must hold the largest JSON object (the whole Baishan dump) in one buffer.
largest = min(max(1 << 30, 2 * os.path.getsize(source)), (1 << 32) - 1)
con = duckdb.connect()
con.execute("SET threads = 2")
if kind == "baishan":
    query = f"""
        SELECT strftime(make_timestamp(CAST(p[1] AS BIGINT) * 1000000), '%Y-%m-%dT%H:%M:%SZ') AS time,
               'baishan' AS source, 'all' AS resource, 'bandwidth' AS metric, 'out' AS direction,
               'bit/s' AS unit, 300 AS step, p[2] AS value, 'measured' AS quality
        FROM (SELECT unnest(data) AS p
              FROM read_json('{source}', format = 'auto', maximum_object_size = {largest},
                             columns = {{'code': 'INTEGER', 'data': 'DOUBLE[][]'}}))
    """
elif kind == "swiftfederation":
    query = f"""
        SELECT v.timestamp AS time, 'swiftfederation' AS source, domain AS resource, 'traffic' AS metric,
               'out' AS direction, 'B' AS unit, 300 AS step, v.value AS value, 'measured' AS quality
        FROM (SELECT domain, unnest(volumes) AS v
              FROM read_json('{source}', format = 'array', maximum_object_size = {largest},
                             columns = {{'domain': 'VARCHAR',
                                         'volumes': 'STRUCT("timestamp" VARCHAR, "value" BIGINT)[]'}}))
    """
else:
    raise SystemExit(f"duckdb_csv.py: unknown kind {kind}")
con.execute(f"COPY ({query}) TO '{target}' (FORMAT csv, HEADER true)")
