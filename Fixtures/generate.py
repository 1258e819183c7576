#!/usr/bin/env python3
"""Writes the provider fixtures under Fixtures/<provider>/ (deterministic; re-run after editing).

Two kinds of fixture:
  * seed-*.json: the response examples of the providers' own documentation, cut out of
    ../shared/seeds/ byte for byte (defects included). Skipped when ../shared is absent,
    so a clone keeps the committed copies.
  * everything else: small synthetic dumps in the documented shapes, with figures chosen so the
    goldens are checkable by hand (each file's purpose is in Fixtures/README.md).

Goldens (Fixtures/expected/) are recorded by the test suite, not here:
  RECORD_SNAPSHOTS=1 swift test --filter FixtureGoldenTests
"""

import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(ROOT, "..", "..", "shared", "seeds")


def write(path, text, binary=False):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    data = text if binary else text.encode("utf-8")
    with open(full, "wb") as f:
        f.write(data)


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def pretty(value):
    return json.dumps(value, indent=2) + "\n"


def seed_text(prefix):
    if not os.path.isdir(SEEDS):
        return None
    for name in sorted(os.listdir(SEEDS)):
        if name.startswith(prefix):
            with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
                return f.read()
    return None


def seed_block(text, start_marker, end_marker=None):
    """The lines of `text` from the first line starting with start_marker up to (excluding) end_marker."""
    lines = text.splitlines(keepends=True)
    begin = next(i for i, line in enumerate(lines) if line.startswith(start_marker))
    end = len(lines)
    if end_marker is not None:
        end = next(i for i in range(begin + 1, len(lines)) if lines[i].startswith(end_marker))
    return "".join(lines[begin:end])


def iso(t):
    import datetime

    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Baishan stat/bandwidth -------------------------------------------------------------------


def baishan():
    text = seed_text("003_")
    if text:
        # The documented response: `//` comments after values (needs --lenient).
        write("baishan/seed-example.json", seed_block(text, "{", "HTTP/1.0"))
    write("baishan/seed-example.json.args", "--lenient\n")
    # The same example without the comments: what a real curl dump looks like.
    write(
        "baishan/seed-example.corrected.json",
        pretty({"code": 0, "data": [[1503244800, 208706182.29], [1503245100, 202799878.64], [1503330600, 248881899.04], [1503330900, 242017854.58]]}),
    )
    rng = random.Random(3)
    # Three Beijing days at 5 minutes with the zero buckets the API omits (every 7th point).
    start = 1503244800
    pairs = []
    for i in range(3 * 288):
        if i % 7 == 3:
            continue
        pairs.append([start + 300 * i, round(rng.uniform(1e8, 3e8), 2)])
    write("baishan/bandwidth-3days.json", '{"code":0,"data":[' + ",".join(compact(p) for p in pairs) + "]}")
    # grad=hour, integral bit/s values.
    hourly = [[start + 3600 * i, rng.randrange(10**8, 4 * 10**8)] for i in range(48)]
    write("baishan/bandwidth-hourly.json", pretty({"code": 0, "data": hourly}))
    # data_type=traffic grad=day: bytes per Beijing day.
    daily = [[start + 86400 * i, rng.randrange(10**12, 4 * 10**12)] for i in range(31)]
    write("baishan/traffic-daily.json", pretty({"code": 0, "data": daily}))
    write("baishan/traffic-daily.json.args", "--metric traffic\n")
    # stat_is_forward=1: times are interval ends.
    write("baishan/label-end.json", pretty({"code": 0, "data": [[start + 300, 100.5], [start + 600, 200.25], [start + 900, 0.25]]}))
    write("baishan/label-end.json.args", "--label end\n")
    # stat/bandwidth/eachDomain, with the doc's mismatched outer key and an empty series.
    write(
        "baishan/each-domain.json",
        pretty(
            {
                "code": 0,
                "data": {
                    "aa.qingcdn.com": {"domain": "aa.qingcdn.com", "data": [[start, 1000.5], [start + 300, 2000.25]]},
                    "bb.qingcdn.com.com": {"domain": "bb.qingcdn.com", "data": [[start + 300, 7], [start, 5]]},
                    "cc.qingcdn.com": {"domain": "cc.qingcdn.com", "data": []},
                },
            }
        ),
    )
    # Out of order with an exact duplicate and a conflicting duplicate (strict: error; --on-duplicate last).
    write(
        "baishan/unsorted-duplicates.json",
        pretty({"code": 0, "data": [[start + 600, 3.5], [start, 1.5], [start + 300, 2.5], [start, 1.5], [start + 900, 4.5]]}),
    )
    write(
        "baishan/conflicting-duplicates.json",
        pretty({"code": 0, "data": [[start, 1.5], [start + 300, 2.5], [start, 9.5]]}),
    )
    write("baishan/invalid/conflicting-duplicates.json", pretty({"code": 0, "data": [[start, 1.5], [start + 300, 2.5], [start, 9.5]]}))
    write("baishan/invalid/conflicting-duplicates.json.args", "--on-duplicate error\n")
    # Windows line ends and a UTF-8 BOM, as saved by PowerShell.
    body = '{\r\n  "code": 0,\r\n  "data": [\r\n    [1503244800, 208706182.29],\r\n    [1503245100, 202799878.64]\r\n  ]\r\n}\r\n'
    write("baishan/crlf-bom.json", b"\xef\xbb\xbf" + body.encode(), binary=True)
    write("baishan/empty-data.json", '{"code":0,"data":[]}\n')
    write("baishan/null-values.json", pretty({"code": 0, "data": [[start, 10.5], [start + 300, None], [start + 600, 30.5]]}))
    # Error envelopes: {code, message, data} with a non-zero code, and an HTML gateway page.
    write("baishan/error-401.json", pretty({"code": 401, "message": "Authorization Error: invalid token", "data": []}))
    # Third-party clients describe the envelope as {code, message, data}; the `data` member is what
    # tells it from InterServer's {code, message}.
    write("baishan/error-400.json", pretty({"code": 400, "message": "end_time must be within 31 days of start_time", "data": None}))
    write(
        "baishan/error-html.json",
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
    )
    # Malformed dumps, each failing at a known place.
    full = '{"code":0,"data":[' + ",".join(compact(p) for p in pairs[:40]) + "]}"
    write("baishan/invalid/truncated.json", full[: len(full) // 2])
    write("baishan/invalid/trailing-comma.json", '{"code":0,"data":[[1503244800,1.5],[1503245100,2.5],]}\n')
    write("baishan/invalid/negative-value.json", pretty({"code": 0, "data": [[start, 1.5], [start + 300, -2.5]]}))
    write("baishan/invalid/string-value.json", pretty({"code": 0, "data": [[start, 1.5], [start + 300, "2.5"]]}))
    write("baishan/invalid/wrong-pair.json", pretty({"code": 0, "data": [[start, 1.5], [start + 300, 2.5, 3.5]]}))
    write("baishan/invalid/millisecond-times.json", pretty({"code": 0, "data": [[start * 1000, 1.5]]}))
    write("baishan/invalid/comments-without-lenient.json", '{\n"code": 0, // ok\n"data": []\n}\n')
    write("baishan/invalid/nan.json", '{"code":0,"data":[[1503244800,NaN]]}\n')
    write("baishan/invalid/huge-number.json", '{"code":0,"data":[[1503244800,1e400]]}\n')
    # 100,000 levels in a member the decoder skips: the depth limit, not the stack, stops it.
    write("baishan/invalid/deep-nesting.json", '{"code":0,"extra":' + "[" * 100_000 + "]" * 100_000 + ',"data":[]}')


# --- SwiftFederation usage/volume and siblings ----------------------------------------------


def swiftfederation():
    text = seed_text("001_")
    if text:
        # The documented response body (identical placeholder data for both domains).
        block = seed_block(text, "[", "\u00a0")
        write("swiftfederation/seed-example.json", block)
    rng = random.Random(1)
    t0 = 1522344900  # 2018-03-29T17:35:00Z, the docs' example time
    domains = ["www.example1.com", "www.example2.com"]

    def volumes(start, count, skip=lambda i: False, key="value", gen=lambda: rng.randrange(10**6, 10**8)):
        return [{"timestamp": iso(start + 300 * i), key: gen()} for i in range(count) if not skip(i)]

    # Two overlapping 24 h windows (archived dumps lag and overlap), empty buckets omitted.
    day = 1522281600  # 2018-03-29T00:00:00Z
    write(
        "swiftfederation/volume-day1.json",
        pretty([{"domain": d, "volumes": volumes(day, 288, skip=lambda i: i % 11 == 5)} for d in domains]),
    )
    write(
        "swiftfederation/volume-fill-fixed-time.json",
        pretty([{"domain": domains[0], "volumes": volumes(t0, 12, gen=lambda: rng.choice([0, 0, rng.randrange(10**6, 10**7)]))}]),
    )
    write(
        "swiftfederation/bandwidth.json",
        pretty([{"domain": d, "bandwidths": volumes(t0, 6, gen=lambda: round(rng.uniform(1e6, 1e8), 2))} for d in domains]),
    )
    write("swiftfederation/request-number.json", pretty([{"domain": domains[0], "reqNumbers": volumes(t0, 6, gen=lambda: rng.randrange(0, 5000))}]))
    write(
        "swiftfederation/hit-volume.json",
        pretty([{"domain": domains[0], "hitVolumes": volumes(t0, 6)}]),
    )
    hits = []
    for i in range(6):
        requests = rng.randrange(100, 5000)
        hits.append({"timestamp": iso(t0 + 300 * i), "request": requests, "hit": rng.randrange(0, requests)})
    write("swiftfederation/hit-request-number.json", pretty([{"domain": domains[0], "hitReqNumbers": hits}]))
    # /v1.1/report/customers/{id}/volume: a flat daily array with no domain.
    write(
        "swiftfederation/customer-volume-daily.json",
        pretty([{"timestamp": iso(day + 86400 * i), "value": rng.randrange(10**10, 10**12)} for i in range(7)]),
    )
    # `[]` is what a call for domains without data returns; too little to detect, so it needs --format.
    write("swiftfederation/no-domains.json", "[]\n")
    write("swiftfederation/no-domains-forced.json", "[]\n")
    write("swiftfederation/no-domains-forced.json.args", "--format swiftfederation\n")
    write("swiftfederation/domain-without-data.json", pretty([{"domain": domains[0], "volumes": []}, {"domain": domains[1], "volumes": volumes(t0, 2)}]))
    # Error objects, documented as {code: "Dotted.Code", message} with HTTP 4xx.
    write("swiftfederation/error-401.json", pretty({"code": "Signature.NotMatch", "message": "The request signature does not match."}))
    write("swiftfederation/error-400.json", pretty({"code": "Timestamp.Invalid", "message": "Interval between startTime and endTime cannot be longer than 24 hours."}))
    write("swiftfederation/error-403.json", pretty({"code": "Permission.Forbidden", "message": "You are not allowed to access www.example3.com."}))
    # Malformed dumps.
    full = pretty([{"domain": domains[0], "volumes": volumes(t0, 8)}])
    write("swiftfederation/invalid/truncated.json", full[: len(full) * 2 // 3])
    write("swiftfederation/invalid/bad-timestamp.json", pretty([{"domain": domains[0], "volumes": [{"timestamp": "2018-03-29 17:35:00", "value": 1}]}]))
    write("swiftfederation/invalid/missing-value.json", pretty([{"domain": domains[0], "volumes": [{"timestamp": iso(t0)}]}]))
    write("swiftfederation/invalid/fractional-volume.json", pretty([{"domain": domains[0], "volumes": [{"timestamp": iso(t0), "value": 12.5}]}]))
    write(
        "swiftfederation/invalid/duplicate-key.json",
        '[{"domain": "www.example1.com", "volumes": [{"timestamp": "2018-03-29T17:35:00Z", "value": 1, "value": 2}]}]\n',
    )
    write("swiftfederation/invalid/object-not-array.json", pretty({"domain": domains[0], "volumes": []}))


def main():
    baishan()
    swiftfederation()
    for extra in sys.argv[1:]:
        globals()[extra]()


if __name__ == "__main__":
    main()
