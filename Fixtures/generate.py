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
    day1 = [{"domain": d, "volumes": volumes(day, 288, skip=lambda i: i % 11 == 5)} for d in domains]
    write("swiftfederation/volume-day1.json", pretty(day1))
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
    write("swiftfederation/invalid/no-domains.json", "[]\n")
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
    # The next archived window: 12:00 on day 1 to 12:00 on day 2 (24 h calls lag and overlap),
    # with a quiet night (no buckets from 01:00 to 05:00) and the usual omitted empty buckets.
    start2 = day + 43200
    quiet = lambda i: i % 13 == 7 or 156 <= i < 204
    # Where the windows overlap, the provider reports the same volumes: the archived values agree.
    known = {(e["domain"], v["timestamp"]): v["value"] for e in day1 for v in e["volumes"]}
    day2 = []
    for d in domains:
        points = volumes(start2, 288, skip=quiet)
        for point in points:
            point["value"] = known.get((d, point["timestamp"]), point["value"])
        day2.append({"domain": d, "volumes": points})
    write("swiftfederation/volume-day2-overlapping.json", pretty(day2))
    # A null value (a bucket the CDN could not count): a missing point, never a zero.
    nulls = volumes(day, 6)
    nulls[2]["value"] = None
    nulls[5]["value"] = None
    write("swiftfederation/null-values.json", pretty([{"domain": domains[0], "volumes": nulls}]))


# --- InterServer traffic_usage ----------------------------------------------------------------


def interserver_dump(rng, vps, target, ips, day_start, sample_hours, history_days, holes=()):
    """A self-consistent traffic_usage body: summaries agree with the samples they summarise."""
    series = []
    stats = {"in": [], "out": []}
    last_sample = {}
    all_times = set()
    for ip in ips:
        for direction, label, scale in (("in", "In", 4000), ("out", "Out", 800)):
            pairs = []
            t = day_start + sample_hours[0] * 3600 + 30
            end = day_start + sample_hours[1] * 3600
            while t < end:
                hour = (t - day_start) // 3600
                if not any(a <= hour < b for a, b in holes):
                    value = int(rng.expovariate(1 / scale)) * 8
                    pairs.append([iso(t), value])
                    stats[direction].append(value)
                    all_times.add(t)
                    if t >= last_sample.get(direction, (0, 0))[0]:
                        last_sample[direction] = (t, value)
                t += 60 + (1 if rng.random() < 0.5 else 0)
            series.append({"data": pairs, "name": f"{ip} {label}"})
    newest = max(all_times)

    def hist(step, count):
        first = (day_start // step - count + 1) * step
        data = [[iso(first + step * i), rng.randrange(step * 2000, step * 6000)] for i in range(count) if rng.random() > 0.1]
        return {"data": data, "times": [d[0] for d in data]}

    usage = {
        "peak": {d: max(stats[d]) for d in ("in", "out")},
        "average": {d: {"count": len(stats[d]), "total": sum(stats[d]), "value": -(-sum(stats[d]) // len(stats[d]))} for d in ("in", "out")},
        "current": {d: last_sample[d][1] for d in ("in", "out")},
    }
    day_in, day_out = sum(stats["in"]) * 60, sum(stats["out"]) * 60
    totals = {
        "all": {"in": day_in * 40, "out": day_out * 40},
        "day": {"in": day_in, "out": day_out},
        "year": {"in": day_in * 30, "out": day_out * 30},
        "month": {"in": day_in * 20, "out": day_out * 20},
    }
    return {
        "data": series,
        "last": iso(newest),
        "name": vps,
        "times": [iso(t) for t in sorted(all_times)],
        "usage": usage,
        "target": target,
        "totals": totals,
        "history": {"day": hist(86400, history_days), "hour": hist(3600, 72)},
        "interval": 30,
    }


def interserver():
    text = seed_text("000_")
    if text:
        # The documented 200 and 401 examples, cut out of the page's prose.
        write("interserver/seed-example.json", seed_block(text, "{", "Response examples (401)"))
        write("interserver/seed-error-401.json", seed_block(text, "Response examples (401)").split("\n", 1)[1])
    rng = random.Random(0)
    day = 1694908800  # 2023-09-17T00:00:00Z
    write(
        "interserver/vps-day.json",
        pretty(interserver_dump(rng, "vps2725349", "2725349", ["74.50.91.46"], day, (3, 9), 30, holes=((5, 7),))),
    )
    write(
        "interserver/vps-two-ips.json",
        pretty(interserver_dump(rng, "vps2725350", "2725350", ["74.50.91.47", "2604:a00:50::1"], day + 86400, (0, 2), 7, holes=((1, 1),))),
    )
    write("interserver/vps-metric-bits.json", pretty(interserver_dump(random.Random(9), "vps9", "9", ["10.0.0.9"], day, (10, 11), 3)))
    write("interserver/vps-metric-bits.json.args", "--assume-unit bit/s\n")
    # Null samples (a hole the agent did not fill): missing points, one warning per series.
    t = day + 3600
    write(
        "interserver/null-samples.json",
        pretty(
            {
                "data": [
                    {"data": [[iso(t + 30), 100], [iso(t + 90), None], [iso(t + 151), 300], [iso(t + 211), 400]], "name": "10.0.0.5 In"},
                    {"data": [[iso(t + 30), None], [iso(t + 90), 20], [iso(t + 151), 30], [iso(t + 211), 40]], "name": "10.0.0.5 Out"},
                ],
                "history": {"hour": {"data": [[iso(day), 1000], [iso(day + 3600), None], [iso(day + 7200), 3000]]}},
                "name": "vps5",
            }
        ),
    )
    write("interserver/error-401.json", pretty({"code": "Unauthorized", "message": "Authentication failed: missing or invalid X-API-KEY"}))
    write("interserver/error-404.json", pretty({"code": 404, "message": "Invalid VPS Passed"}))
    write("interserver/error-html.json", "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body>maintenance</body></html>\n")
    bad = interserver_dump(random.Random(5), "vps1", "1", ["10.0.0.1"], day, (1, 2), 2)
    bad["data"][0]["data"][3][0] = "2023-09-17 01:03:30"
    write("interserver/invalid/bad-time.json", pretty(bad))
    bad = interserver_dump(random.Random(5), "vps1", "1", ["10.0.0.1"], day, (1, 2), 2)
    bad["data"][1]["data"][2][1] = -5
    write("interserver/invalid/negative-rate.json", pretty(bad))
    bad = interserver_dump(random.Random(5), "vps1", "1", ["10.0.0.1"], day, (1, 2), 2)
    del bad["data"][0]["name"]
    write("interserver/invalid/series-without-name.json", pretty(bad))
    full = pretty(interserver_dump(random.Random(5), "vps1", "1", ["10.0.0.1"], day, (1, 2), 2))
    write("interserver/invalid/truncated.json", full[: len(full) // 3])


# --- SurferCloud GetThroughputDailyBillingInfo ------------------------------------------------


def surfercloud():
    text = seed_text("002_")
    if text:
        # The documented example: placeholder BillingState, EndTime before StartTime, TotalOut != sum.
        write("surfercloud/seed-example.json", seed_block(text, "{", "  \u2022 Company"))
    write("surfercloud/seed-example.json.args", "--lenient\n")
    write(
        "surfercloud/seed-example.corrected.json",
        pretty(
            {
                "Action": "GetThroughputDailyBillingInfoResponse",
                "EIPId": "eip-OcgPtYAG",
                "RetCode": 0,
                "Stats": [{"BillingState": "Yes", "EndTime": 1700409600, "QuantityOut": 8, "StartTime": 1700323200}],
                "TotalOut": 8,
                "TotalOutSize": "8GB",
            }
        ),
    )
    rng = random.Random(2)
    start = 1698768000  # 2023-11-01T00:00:00+08:00
    days = 30
    stats = []
    for i in range(days):
        stats.append(
            {
                "StartTime": start + 86400 * i,
                "EndTime": start + 86400 * (i + 1),
                "QuantityOut": rng.randrange(0, 40),
                "BillingState": "Yes" if i < days - 2 else "No",
            }
        )
    body = {"Action": "GetThroughputDailyBillingInfoResponse", "EIPId": "eip-OcgPtYAG", "RetCode": 0, "Stats": stats, "TotalOut": sum(r["QuantityOut"] for r in stats)}
    write("surfercloud/eip-november.json", pretty(body))
    # A month where the EIP is billed by bandwidth: every day is 0 GB.
    zeros = [dict(r, QuantityOut=0) for r in stats[:10]]
    write("surfercloud/bandwidth-billed.json", pretty({"Action": "GetThroughputDailyBillingInfoResponse", "EIPId": "eip-Bw1", "RetCode": 0, "Stats": zeros, "TotalOut": 0}))
    # The field names of UCloud's Chinese page, RetCode quoted (as the Go SDK patches), inclusive ends.
    drift = []
    for i in range(5):
        size = rng.randrange(1, 20)
        drift.append(
            {
                "StartTime": str(start + 86400 * i),
                "EndTime": start + 86400 * (i + 1) - 1,
                "QuantityOutSize": size,
                "QuantityOutMoney": round(size * 0.8, 2),
                "BillingState": "Yes",
            }
        )
    write(
        "surfercloud/ucloud-field-names.json",
        pretty(
            {
                "Action": "GetThroughputDailyBillingInfoResponse",
                "RetCode": "0",
                "EIPId": "eip-drift",
                "Stats": drift,
                "TotalOutSize": str(sum(r["QuantityOutSize"] for r in drift)),
                "TotalOutMoney": round(sum(r["QuantityOutMoney"] for r in drift), 2),
                "Request_uuid": "1f4e0c62-3f9e-4a43-9a4e-3c1b2a7d9e10",
            }
        ),
    )
    # A day whose QuantityOut is null: a missing point, not 0 GB.
    holes = [dict(r) for r in stats[:3]]
    holes[1]["QuantityOut"] = None
    write("surfercloud/null-quantity.json", pretty(dict(body, Stats=holes, TotalOut=holes[0]["QuantityOut"] + holes[2]["QuantityOut"])))
    # TotalOut that disagrees with its rows: a warning with both figures.
    write("surfercloud/total-mismatch.json", pretty(dict(body, Stats=stats[:3], TotalOut=stats[0]["QuantityOut"] + 1)))
    write("surfercloud/error-missing-action.json", pretty({"Action": "GetThroughputDailyBillingInfoResponse", "RetCode": 160, "Message": "Missing Action"}))
    write("surfercloud/error-signature.json", '{"RetCode":"171","Message":"Signature VerifyAC Error","Action":"GetThroughputDailyBillingInfoResponse"}\n')
    write("surfercloud/error-float-code.json", pretty({"Action": "GetThroughputDailyBillingInfoResponse", "RetCode": 2.0, "Message": "Params [EIPId] not available"}))
    write("surfercloud/invalid/seed-without-lenient.json", pretty({"Action": "GetThroughputDailyBillingInfoResponse", "EIPId": "eJkOUbRj", "RetCode": 0, "Stats": [{"BillingState": "Yes", "EndTime": 3, "QuantityOut": 8, "StartTime": 4}], "TotalOut": 8}))
    write("surfercloud/invalid/missing-quantity.json", pretty(dict(body, Stats=[{"StartTime": start, "EndTime": start + 86400, "BillingState": "Yes"}])))
    write("surfercloud/invalid/negative-quantity.json", pretty(dict(body, Stats=[dict(stats[0], QuantityOut=-1)])))
    write("surfercloud/invalid/bad-billing-state.json", pretty(dict(body, Stats=[dict(stats[0], BillingState="maybe")])))
    write("surfercloud/invalid/millisecond-times.json", pretty(dict(body, Stats=[dict(stats[0], StartTime=stats[0]["StartTime"] * 1000, EndTime=stats[0]["EndTime"] * 1000)])))


# --- OnApp vm_stats JSON ----------------------------------------------------------------------


def onapp_record(rng, hour, user, vm, currency="USD", billing=True, quote=False, offset=None):
    stat = hour if offset is None else hour + offset
    if offset is None:
        stat_text = iso(hour)
    else:
        import datetime

        tz = datetime.timezone(datetime.timedelta(seconds=offset))
        stat_text = datetime.datetime.fromtimestamp(hour, tz).isoformat()
    usage = round(rng.uniform(0, 0.05), 4)
    record = {
        "created_at": iso(hour + 28),
        "currency_code": currency,
        "id": 0,
        "stat_time": stat_text,
        "updated_at": iso(hour + 28),
        "user_id": user,
        "virtual_machine_id": vm,
        "vm_billing_stat_id": 0,
    }
    items = {}
    total = usage
    if billing and vm is not None:
        sent, received = rng.randrange(0, 500000), rng.randrange(0, 80000)
        disk = {"id": vm * 10 + 1, "label": None, "costs": [
            {"value": 20, "cost": 0.02, "resource_name": "disk_size"},
            {"value": rng.randrange(0, 9000), "cost": 0.0, "resource_name": "data_read"},
            {"value": rng.randrange(0, 9000), "cost": 0.0, "resource_name": "data_written"},
        ]}
        nic = {"id": vm * 10 + 2, "label": "eth0", "costs": [
            {"value": 1.0, "cost": 0.005, "resource_name": "ip_addresses"},
            {"value": 100, "resource_name": "rate", "cost": 0.0},
            {"value": sent, "cost": round(sent * 1e-7, 4), "resource_name": "data_sent"},
            {"value": received, "cost": 0.0, "resource_name": "data_received"},
        ]}
        machine = {"id": vm, "label": f"web-{vm}", "costs": [
            {"value": 2, "cost": 0.01, "resource_name": "cpus"},
            {"value": 1024, "cost": 0.015, "resource_name": "memory"},
        ]}
        items = {"disks": [disk], "network_interfaces": [nic], "virtual_machines": [machine]}
        for group in items.values():
            for item in group:
                for row in item["costs"]:
                    total += row["cost"]
                    if quote:
                        row["value"] = str(float(row["value"]))
    record["total_cost"] = round(total, 4)
    record["usage_cost"] = usage
    if quote:
        record["total_cost"] = str(record["total_cost"])
        record["usage_cost"] = str(record["usage_cost"])
    if vm is not None:
        record["billing_stats"] = items
    return {"vm_hourly_stat": record}


def onapp():
    # The seed (004) is XML with its root left unclosed; this is its JSON twin, what vm_stats.json
    # returns for the same two records.
    twin = [
        {"vm_hourly_stat": {"created_at": "2013-05-01T00:00:28Z", "currency_code": "USD", "id": 0, "stat_time": "2013-05-01T00:00:00Z", "updated_at": "2013-05-01T00:00:28Z", "user_id": 239, "virtual_machine_id": None, "vm_billing_stat_id": 0, "total_cost": 0.0, "usage_cost": 0.0}},
        {"vm_hourly_stat": {"created_at": "2013-05-01T01:00:27Z", "currency_code": "USD", "id": 0, "stat_time": "2013-05-01T01:00:00Z", "updated_at": "2013-05-01T01:00:27Z", "user_id": 239, "virtual_machine_id": None, "vm_billing_stat_id": 0, "total_cost": 0.0, "usage_cost": 0.0}},
    ]
    write("onapp/seed-twin.json", pretty(twin))
    rng = random.Random(4)
    start = 1367366400  # 2013-05-01T00:00:00Z
    records = []
    for h in range(72):
        hour = start + 3600 * h
        records.append(onapp_record(rng, hour, 239, 1201))
        if not 30 <= h < 40:  # VM 1202 was off for ten hours: no records, not zeros
            records.append(onapp_record(rng, hour, 239, 1202))
        if h % 24 == 0:
            records.append(onapp_record(rng, hour, 239, None))
    write("onapp/user-3days.json", pretty(records))
    # OnApp 2.x style: numbers as strings, +03:00 offsets, EUR.
    old = [onapp_record(rng, start + 3600 * h, 77, 55, currency="EUR", quote=True, offset=3 * 3600) for h in range(24) if h != 5]
    write("onapp/vs-quoted-offsets.json", pretty(old))
    # A VM without billable items: billing_stats is {}.
    write("onapp/empty-billing-stats.json", pretty([{"vm_hourly_stat": dict(onapp_record(rng, start, 5, 9, billing=False)["vm_hourly_stat"], billing_stats={})}]))
    write(
        "onapp/null-costs.json",
        pretty([{"vm_hourly_stat": {"stat_time": iso(start), "currency_code": "USD", "user_id": 5, "virtual_machine_id": 9, "total_cost": None, "usage_cost": 0.25}}]),
    )
    write(
        "onapp/net-hourly-stats.json",
        pretty(
            [
                {"net_hourly_stat": {"created_at": iso(start + 3600 * h + 21), "data_received": rng.randrange(0, 90000), "data_sent": rng.randrange(0, 900000), "id": 9000 + h, "network_interface_id": 12, "stat_time": iso(start + 3600 * h), "updated_at": iso(start + 3600 * h + 21), "user_id": 5, "virtual_machine_id": 9}}
                for h in range(12)
            ]
        ),
    )
    # Money that must not drift: ten hours of 0.10 sum to 1 when resampled.
    write(
        "onapp/exact-money.json",
        pretty([{"vm_hourly_stat": {"stat_time": iso(start + 3600 * h), "currency_code": "USD", "user_id": 1, "virtual_machine_id": 2, "total_cost": 0.1, "usage_cost": 0.1}} for h in range(10)]),
    )
    write("onapp/empty-array-forced.json", "[]\n")
    write("onapp/empty-array-forced.json.args", "--format onapp\n")
    write("onapp/error-404.json", '{"errors":["Resource not found"]}\n')
    write("onapp/error-404-single.json", '{"error":"Resource not found"}\n')
    write("onapp/error-422.json", pretty({"errors": {"base": ["Network interfaces is invalid"], "period": ["startdate is after enddate"]}}))
    write(
        "onapp/error-500.json",
        "<!DOCTYPE html>\n<html>\n<head>\n  <title>We're sorry, but something went wrong (500)</title>\n</head>\n<body>\n<h1>We're sorry, but something went wrong.</h1>\n</body>\n</html>\n",
    )
    write("onapp/invalid/missing-stat-time.json", pretty([{"vm_hourly_stat": {"currency_code": "USD", "user_id": 1, "virtual_machine_id": 2, "total_cost": 0.1}}]))
    write("onapp/invalid/bad-stat-time.json", pretty([{"vm_hourly_stat": {"stat_time": "01/05/2013 00:00", "currency_code": "USD", "user_id": 1, "total_cost": 0.1}}]))
    write("onapp/invalid/two-wrappers.json", pretty([{"vm_hourly_stat": {"stat_time": iso(start), "user_id": 1, "total_cost": 0.1}, "vm_stat": {}}]))
    write("onapp/invalid/cost-row-without-name.json", pretty([{"vm_hourly_stat": {"stat_time": iso(start), "currency_code": "USD", "user_id": 1, "virtual_machine_id": 2, "total_cost": 0.1, "billing_stats": {"disks": [{"id": 1, "costs": [{"value": 1, "cost": 0.1}]}]}}}]))
    write("onapp/invalid/text-cost.json", pretty([{"vm_hourly_stat": {"stat_time": iso(start), "currency_code": "USD", "user_id": 1, "virtual_machine_id": 2, "total_cost": 0.1, "billing_stats": {"disks": [{"id": 1, "costs": [{"value": "lots", "cost": 0.1, "resource_name": "disk_size"}]}]}}}]))


# --- OnApp vm_stats XML -----------------------------------------------------------------------

SINGULAR = {"disks": "disk", "network_interfaces": "network_interface", "virtual_machines": "virtual_machine", "costs": "cost", "edge_servers": "edge_server"}
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
MONEY = {"total_cost", "usage_cost", "cost", "vm_resources_cost"}


def xml_value(name, value, indent):
    pad = "  " * indent
    if value is None:
        return f'{pad}<{name} nil="true"/>\n'
    if isinstance(value, bool):
        return f'{pad}<{name} type="boolean">{str(value).lower()}</{name}>\n'
    if isinstance(value, int):
        return f'{pad}<{name} type="integer">{value}</{name}>\n'
    if isinstance(value, float):
        # Rails: money is decimal; a cost row's quantity is declared integer even when it holds 1.0.
        kind = "decimal" if name in MONEY else ("integer" if name == "value" and value == int(value) else "float")
        return f'{pad}<{name} type="{kind}">{value!r}</{name}>\n'
    if isinstance(value, str):
        if DATETIME.match(value):
            return f'{pad}<{name} type="datetime">{value}</{name}>\n'
        return f"{pad}<{name}>{value}</{name}>\n"
    if isinstance(value, list):
        inner = "".join(xml_element(SINGULAR.get(name, name.rstrip("s")), item, indent + 1) for item in value)
        return f'{pad}<{name} type="array">\n{inner}{pad}</{name}>\n'
    if isinstance(value, dict):
        return xml_element(name, value, indent)
    raise TypeError(value)


def xml_element(name, fields, indent):
    pad = "  " * indent
    inner = "".join(xml_value(k, v, indent + 1) for k, v in fields.items())
    return f"{pad}<{name}>\n{inner}{pad}</{name}>\n"


def to_xml(records, root="vm_stats"):
    body = "".join(xml_element(kind, fields, 1) for record in records for kind, fields in record.items())
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} type="array">\n{body}</{root}>\n'


def onapp_xml():
    text = seed_text("004_")
    if text:
        # The documented example, byte for byte: one line, root "closed" by a second opening tag.
        write("onapp/seed-example.xml", seed_block(text, "<vm_stats", "Where:"))
    write("onapp/seed-example.xml.args", "--lenient\n")
    write("onapp/invalid/seed-example-strict.xml", seed_block(text, "<vm_stats", "Where:") if text else open(os.path.join(ROOT, "onapp/invalid/seed-example-strict.xml")).read())
    # Twins: each JSON fixture below has an XML file made from the same records.
    for name in ["seed-twin", "user-3days", "vs-quoted-offsets", "null-costs", "exact-money", "net-hourly-stats"]:
        with open(os.path.join(ROOT, f"onapp/{name}.json"), encoding="utf-8") as f:
            records = json.load(f)
        root = "net_hourly_stats" if name == "net-hourly-stats" else ("vm_hourly_stats" if name == "vs-quoted-offsets" else "vm_stats")
        write(f"onapp/{name}.xml", to_xml(records, root))
    # The storage-server form: a single <vm_stats> object, not an array.
    write(
        "onapp/storage-server-single.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<vm_stats>\n  <currency_code>GBP</currency_code>\n  <stat_time type="datetime">2013-05-01T00:00:00Z</stat_time>\n'
        '  <user_id type="integer">12</user_id>\n  <virtual_machine_id type="integer">340</virtual_machine_id>\n'
        '  <total_cost type="float">0.125</total_cost>\n  <vm_resources_cost type="float">0.1</vm_resources_cost>\n</vm_stats>\n',
    )
    write("onapp/error-404.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <error>Resource not found</error>\n</errors>\n')
    write("onapp/error-422.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <error>Network interfaces is invalid</error>\n  <error>Period startdate is after enddate</error>\n</errors>\n')
    # UTF-16 with a BOM converts like its UTF-8 twin.
    with open(os.path.join(ROOT, "onapp/exact-money.xml"), encoding="utf-8") as f:
        utf8 = f.read()
    write("onapp/exact-money-utf16.xml", b"\xff\xfe" + utf8.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le"), binary=True)
    # Hostile and broken inputs: each must fail fast, read nothing, open nothing.
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    record = '<vm_hourly_stat><stat_time type="datetime">2013-05-01T00:00:00Z</stat_time><currency_code>{}</currency_code><user_id type="integer">1</user_id><total_cost type="decimal">0.1</total_cost></vm_hourly_stat>'
    write("onapp/hostile/xxe-local-file.xml", head + '<!DOCTYPE vm_stats [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<vm_stats type="array">' + record.format("&xxe;") + "</vm_stats>\n")
    write("onapp/hostile/xxe-parameter-entity.xml", head + '<!DOCTYPE vm_stats [\n  <!ENTITY % remote SYSTEM "file:///etc/hostname">\n  %remote;\n]>\n<vm_stats type="array">' + record.format("USD") + "</vm_stats>\n")
    write("onapp/hostile/external-dtd.xml", head + '<!DOCTYPE vm_stats SYSTEM "http://127.0.0.1:9/vm_stats.dtd">\n<vm_stats type="array">' + record.format("USD") + "</vm_stats>\n")
    laughs = "".join(f'  <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n' for i in range(1, 10))
    write("onapp/hostile/billion-laughs.xml", head + '<!DOCTYPE vm_stats [\n  <!ENTITY lol0 "lol">\n' + laughs + "]>\n<vm_stats type=\"array\">" + record.format("&lol9;") + "</vm_stats>\n")
    write("onapp/hostile/deep-nesting.xml", head + "<vm_stats>" + "<a>" * 100_000 + "</a>" * 100_000 + "</vm_stats>\n")
    write("onapp/hostile/truncated-mid-element.xml", (head + '<vm_stats type="array">' + record.format("USD") * 3)[:-70])
    write("onapp/hostile/tag-mismatch.xml", head + '<vm_stats type="array">' + record.format("USD").replace("</currency_code>", "</currency>") + "</vm_stats>\n")
    write("onapp/hostile/integer-holds-fraction.xml", head + '<vm_stats type="array">' + record.format("USD").replace('<user_id type="integer">1</user_id>', '<user_id type="integer">1.5</user_id>') + "</vm_stats>\n")
    import gzip
    import io

    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as g:
        g.write((head + '<vm_stats type="array">' + record.format("USD") + "</vm_stats>\n").encode())
    # gzip is read by its magic bytes, whatever the name: this one converts.
    write("onapp/gzip-named.xml", buffer.getvalue(), binary=True)


def gzip_twins():
    """`.gz` twins of plain fixtures (no name, mtime 0: deterministic); they convert to the twins' goldens."""
    import gzip

    for path in ["baishan/bandwidth-3days.json", "onapp/net-hourly-stats.xml"]:
        with open(os.path.join(ROOT, path), "rb") as f:
            write(path + ".gz", gzip.compress(f.read(), compresslevel=9, mtime=0), binary=True)


# --- FinOps: a month of each CDN contract, and the rate card that prices them ------------------


def finops():
    """A month of Baishan bandwidth (three 10-day dumps) with a known 95th percentile, a month of SwiftFederation
    customer volume that crosses a tier, and the two-tier rate card README's FinOps section prices
    them with (`usageconv ... --to focus --rates Fixtures/finops/rates.json`)."""
    rng = random.Random(16)
    start = 1743465600  # 2025-04-01T00:00:00Z; April has 30 days: 8,640 five-minute samples
    n = 30 * 288
    outage = set(range(9 * 288 + 36, 9 * 288 + 48))  # 2025-04-10 03:00-03:55: the API omits them (zeros)
    p95_index = 14 * 288 + 240  # 2025-04-15T20:00:00Z: exactly 150 Mbit/s, the sample at rank 8,208
    free = [i for i in range(n) if i not in outage and i != p95_index]
    bursts = set(rng.sample(free, 432))  # the top 5%: 8,640 - 8,208 = 432 samples the bill discards
    data = []
    for i in range(n):
        if i in outage:
            continue
        if i == p95_index:
            value = "150000000"
        elif i in bursts:
            value = "%d.%02d" % (rng.randint(380_000_000, 420_000_000), rng.randint(0, 99))
        else:
            hour = (i % 288) / 12
            level = 20_000_000 + 110_000_000 * max(0.0, 1 - abs(hour - 20) / 10)  # evening peak
            value = "%d.%02d" % (min(149_999_999, int(level) + rng.randint(0, 19_000_000)), rng.randint(0, 99))
        data.append("[%d,%s]" % (start + 300 * i, value))
    # Baishan serves 5-minute points for at most 10 days per call: the month is three dumps.
    for part, (first, last) in enumerate([(1, 10), (11, 20), (21, 30)]):
        lo, hi = start + 86400 * (first - 1), start + 86400 * last
        chunk = [p for p in data if lo <= int(p[1:11]) < hi]
        write("finops/baishan-2025-04/%02d-%02d.json" % (first, last), '{"code":0,"data":[' + ",".join(chunk) + "]}\n")
    days = []
    for d in range(30):
        gigabytes = 400 + (d * 37) % 200
        days.append({"timestamp": iso(start + 86400 * d), "value": gigabytes * 1_000_000_000 + rng.randint(0, 999_999_999)})
    write("finops/swiftfederation-2025-04.json", pretty(days))
    card = {
        "format": "usageconv-rates/1",
        "currency": "USD",
        "billingPeriod": "month",
        "billingAccount": {"id": "acme-cdn-2025", "name": "ACME CDN contract"},
        "rates": [
            {
                "provider": "baishan",
                "metric": "bandwidth",
                "unit": "Mbit/s",
                "p95Of": "max",
                "tiering": "graduated",
                "sku": "baishan-cdn-p95",
                "tiers": [{"upTo": 100, "price": 2.00}, {"price": 1.50}],
            },
            {
                "provider": "swiftfederation",
                "metric": "traffic",
                "unit": "GB",
                "sku": "swiftfederation-cdn-gb",
                "tiers": [{"upTo": 10000, "price": 0.02}, {"price": 0.015}],
            },
            {"provider": "surfercloud", "resource": "eip-*", "metric": "traffic", "unit": "GB", "tiers": [{"price": 0.08}]},
            {"metric": "traffic", "unit": "GiB", "tiers": [{"price": 0.05}]},
            {"metric": "bandwidth", "unit": "Mbit/s", "tiering": "volume", "tiers": [{"upTo": 1000, "price": 3}, {"price": 2.5}]},
        ],
    }
    # json.dumps writes 2.0 and 1.5; the prices as a contract states them read better as 2.00.
    text = pretty(card).replace('"price": 2.0\n', '"price": 2.00\n').replace('"price": 1.5\n', '"price": 1.50\n')
    write("finops/rates.json", text)
    # A rate card missing the unit it prices in: one located error, exit 65 (README).
    write(
        "finops/invalid/rates-no-unit.json",
        pretty({"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "tiers": [{"price": 0.02}]}]}),
    )
    write("finops/invalid/rates-no-unit.json.expect-invalid", "#/rates/0 schema: required\n")


def main():
    baishan()
    swiftfederation()
    interserver()
    surfercloud()
    onapp()
    onapp_xml()
    gzip_twins()
    finops()
    for extra in sys.argv[1:]:
        globals()[extra]()


if __name__ == "__main__":
    main()
