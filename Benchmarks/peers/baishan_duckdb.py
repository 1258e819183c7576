"""Peer for Benchmarks/parquet: DuckDB's own read_json, then COPY TO parquet (zstd), 2 threads.

The same columns as usageconv's file except value_decimal; the dump is one JSON object whose
`data` is an array of [unix, value] pairs, unnested into rows.
"""
import sys

import duckdb

source, target = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute(f"""
    COPY (
        SELECT to_timestamp(p[1]) AS time,
               'baishan' AS source, 'all' AS resource, 'bandwidth' AS metric, 'out' AS direction,
               'bit/s' AS unit, 'rate' AS kind, CAST(300 AS BIGINT) AS step, 'zero' AS absent,
               CAST(p[2] AS DOUBLE) AS value, 'measured' AS quality
        FROM (SELECT unnest(data) AS p
              FROM read_json('{source}', format = 'auto', maximum_object_size = 1073741824,
                             columns = {{'code': 'INTEGER', 'data': 'DOUBLE[][]'}}))
    ) TO '{target}' (FORMAT parquet, COMPRESSION zstd)
""")
