#!/usr/bin/env python3
"""Deterministic generator of large provider dumps for Benchmarks/run.

    Benchmarks/generate.py baishan [--size 100M] [--seed 1] [--out Benchmarks/data/...]
    Benchmarks/generate.py swiftfederation [--size 100M] [--seed 1] [--domains 8]
    Benchmarks/generate.py interserver [--size 100M] [--seed 1] [--ips 2]
    Benchmarks/generate.py onapp-xml [--size 200M] [--seed 1] [--vms 20]
    Benchmarks/generate.py small-mixed [--files 10000] [--seed 1]

The JSON kinds write what curl saves from the provider's API (compact JSON, one line):

  baishan          {"code":0,"data":[[1503244800,208706182.29],[1503245100,...],...]}
                   300 s step, no gaps, bit/s values with up to two decimals in the
                   shortest text a JSON serializer prints (208706182.3, never 208706182.30).
  swiftfederation  [{"domain":"d00.example.com","volumes":[{"timestamp":"2019-01-01T00:00:00Z","value":32342331},...]},...]
                   several domains, 300 s step, no gaps, whole byte counts.
  interserver      {"data":[{"name":"10.0.0.1 In","data":[["2023-09-17T03:00:30Z",59536],...]},...],"last":...,"name":"vps2725349",
                   "times":[...],"usage":{...},"target":...,"totals":{...},"history":{"hour":{...},"day":{...}},"interval":30}
                   --ips IPs x In/Out B/s samples ~60 s apart (1 s drift, a 3-hour hole a week);
                   hourly and daily in+out byte history; totals and usage agree with the samples.

onapp-xml writes what OnApp's /vm_stats.xml returns (Rails to_xml, two-space indent, the same
layout as Fixtures/onapp/user-3days.xml):

  onapp-xml        <vm_stats type="array"><vm_hourly_stat>...<billing_stats>...</billing_stats></vm_hourly_stat>...</vm_stats>
                   --vms VMs (3 users) billed every hour from 2013-05-01T00:00:00Z, hour by hour
                   (each hour's records, then the next hour's), each with full billing_stats
                   (1 or 2 disks, a NIC, the VM itself); a VM is off one day in 37 (no records);
                   one user-level record (virtual_machine_id nil) per user and day.

small-mixed writes a FOLDER of --files small dumps (d00000.json, d00001.json, ...; ~5 KB each),
a seeded mix of the two JSON kinds, as an archive of many API calls would hold:

  Baishan          192 points (16 hours), file after file a contiguous window of the one series
                   (resource "all"): no two files share a time, so merging them loses nothing.
  SwiftFederation  2 domains (d00.example.com, d01.example.com) x 48 points (4 hours), each file
                   the next 4-hour window of both domains: no overlaps either.

For small-mixed --size is ignored; the sidecar is FOLDER.meta and "points" is the number of CSV
rows (every point of every file).

The output grows until it reaches --size bytes (default 100M, 200M for onapp-xml): it ends
with the first point past it, so it is a few bytes larger (onapp-xml: the first whole hour
past it, up to ~70 KB larger). A sidecar FILE.meta records kind, seed, target size, generator
version and the byte count; when it matches, the file is reused and nothing is written.
Its "points" is the number of points (for onapp-xml: the CSV rows usageconv should print).
"""
import argparse
import json
import math
import os
import random
import shutil
import sys
import time

GENERATOR_VERSION = 1
BAISHAN_START = 1503244800  # 2017-08-20T16:00:00Z, the vendor example's first point
SWIFT_START = 1546300800  # 2019-01-01T00:00:00Z
STEP = 300
HERE = os.path.dirname(os.path.abspath(__file__))


def parse_size(text):
    units = {"": 1, "K": 1000, "M": 1000**2, "G": 1000**3}
    t = text.strip().upper().rstrip("B")
    suffix = t[-1] if t and t[-1] in units else ""
    number = t[: len(t) - len(suffix)]
    return int(float(number) * units[suffix])


def decimal_text(cents):
    """The shortest JSON text of cents/100: 208706182.29, 208706182.3, 208706182."""
    whole, frac = divmod(cents, 100)
    if frac == 0:
        return str(whole)
    if frac % 10 == 0:
        return f"{whole}.{frac // 10}"
    return f"{whole}.{frac:02d}"


def diurnal(rng, t, base, amplitude):
    """A day-shaped traffic level with noise: peak in the evening, trough before dawn."""
    phase = (t % 86400) / 86400.0 * 2 * math.pi
    level = base * (1.0 + amplitude * math.sin(phase - 1.9))
    return max(0.0, level * rng.uniform(0.85, 1.15))


def write_baishan(out, target, seed):
    rng = random.Random(seed)
    written = 0
    head = '{"code":0,"data":['
    out.write(head)
    written += len(head)
    t = BAISHAN_START
    first = True
    chunk = []
    chunk_bytes = 0
    while written + chunk_bytes < target:
        cents = int(diurnal(rng, t, 200_000_000.0, 0.45) * 100)
        piece = f"[{t},{decimal_text(cents)}]"
        if not first:
            piece = "," + piece
        first = False
        chunk.append(piece)
        chunk_bytes += len(piece)
        t += STEP
        if len(chunk) >= 65536:
            out.write("".join(chunk))
            written += chunk_bytes
            chunk, chunk_bytes = [], 0
    out.write("".join(chunk))
    out.write("]}")
    points = (t - BAISHAN_START) // STEP
    return points


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def write_swiftfederation(out, target, seed, domains):
    """Splits the byte budget evenly over `domains` domains, each with its own traffic level."""
    rng = random.Random(seed)
    written = 0
    points = 0
    out.write("[")
    written += 1
    per_domain = max(1, target // domains)
    for d in range(domains):
        name = f"d{d:02d}.example.com"
        base = rng.uniform(5e6, 5e9)  # bytes per 5 minutes
        head = ("," if d else "") + f'{{"domain":"{name}","volumes":['
        out.write(head)
        written += len(head)
        goal = per_domain * (d + 1)
        t = SWIFT_START
        chunk, chunk_bytes, first = [], 0, True
        while written + chunk_bytes < goal or first:
            value = int(diurnal(rng, t, base, 0.6))
            piece = f'{"" if first else ","}{{"timestamp":"{iso(t)}","value":{value}}}'
            first = False
            chunk.append(piece)
            chunk_bytes += len(piece)
            t += STEP
            points += 1
            if len(chunk) >= 65536:
                out.write("".join(chunk))
                written += chunk_bytes
                chunk, chunk_bytes = [], 0
        out.write("".join(chunk))
        written += chunk_bytes
        out.write("]}")
        written += 2
    out.write("]")
    return points


# --- OnApp vm_stats XML ------------------------------------------------------------------------
#
# Same record shape and layout as Fixtures/generate.py (onapp_record + to_xml), written from
# string templates because building dicts and walking them is ~10x slower at 1 GB. Money is
# drawn in whole 1/10000 units and printed as Rails prints a BigDecimal (0.0672, 0.02, 0.0),
# so record totals are exact sums of their parts; quantities are integers, except
# ip_addresses which OnApp declares integer but writes as 1.0.

ONAPP_START = 1367366400  # 2013-05-01T00:00:00Z, the fixtures' first hour
ONAPP_LAYOUT = 1  # bump when the XML text changes for the same seed
ONAPP_USERS = (239, 240, 241)


def money(units):
    """Rails' BigDecimal#to_s for units/10000: 0.0672, 0.02, 0.0, 1.5."""
    whole, frac = divmod(units, 10000)
    return f"{whole}.{(f'{frac:04d}'.rstrip('0') or '0')}"


def onapp_cost(value, cost, name, value_type="integer", name_first=False):
    """One <cost> row; `name_first` puts resource_name before cost, as the fixture's `rate` row."""
    v = f'              <value type="{value_type}">{value}</value>\n'
    c = f'              <cost type="decimal">{cost}</cost>\n'
    n = f"              <resource_name>{name}</resource_name>\n"
    return "            <cost>\n" + v + (n + c if name_first else c + n) + "            </cost>\n"


def onapp_item(tag, item_id, label, costs):
    label_xml = f"          <label>{label}</label>\n" if label is not None else '          <label nil="true"/>\n'
    return (
        f"        <{tag}>\n"
        f'          <id type="integer">{item_id}</id>\n'
        + label_xml
        + '          <costs type="array">\n'
        + "".join(costs)
        + "          </costs>\n"
        f"        </{tag}>\n"
    )


def onapp_head(stamp, created, user, vm):
    vm_xml = f'    <virtual_machine_id type="integer">{vm}</virtual_machine_id>\n' if vm is not None else '    <virtual_machine_id nil="true"/>\n'
    return (
        "  <vm_hourly_stat>\n"
        f'    <created_at type="datetime">{created}</created_at>\n'
        "    <currency_code>USD</currency_code>\n"
        '    <id type="integer">0</id>\n'
        f'    <stat_time type="datetime">{stamp}</stat_time>\n'
        f'    <updated_at type="datetime">{created}</updated_at>\n'
        f'    <user_id type="integer">{user}</user_id>\n'
        + vm_xml
        + '    <vm_billing_stat_id type="integer">0</vm_billing_stat_id>\n'
    )


def onapp_vm_record(rng, vm, stamp, created):
    """One vm_hourly_stat with billing_stats; returns (xml, csv_rows)."""
    usage = rng.randrange(0, 500)  # 0.0000 to 0.0499
    total = usage
    disks = []
    for k, size in enumerate(vm["disks"]):
        read, written = rng.randrange(0, 9000), rng.randrange(0, 9000)
        size_cost = size * 10  # 0.001 per GB-hour
        total += size_cost
        disks.append(onapp_item("disk", vm["id"] * 10 + 1 + 2 * k, None, [
            onapp_cost(size, money(size_cost), "disk_size"),
            onapp_cost(read, "0.0", "data_read"),
            onapp_cost(written, "0.0", "data_written"),
        ]))
    sent, received = rng.randrange(0, 500000), rng.randrange(0, 80000)
    sent_cost = sent // 1000  # 0.0001 per 1000 KB
    total += 50 + sent_cost
    nic = onapp_item("network_interface", vm["id"] * 10 + 2, "eth0", [
        onapp_cost("1.0", "0.005", "ip_addresses"),
        onapp_cost(100, "0.0", "rate", name_first=True),
        onapp_cost(sent, money(sent_cost), "data_sent"),
        onapp_cost(received, "0.0", "data_received"),
    ])
    cpu_cost, memory_cost = vm["cpus"] * 50, vm["memory"] // 1024 * 150
    total += cpu_cost + memory_cost
    machine = onapp_item("virtual_machine", vm["id"], vm["label"], [
        onapp_cost(vm["cpus"], money(cpu_cost), "cpus"),
        onapp_cost(vm["memory"], money(memory_cost), "memory"),
    ])
    text = (
        onapp_head(stamp, created, vm["user"], vm["id"])
        + f'    <total_cost type="decimal">{money(total)}</total_cost>\n'
        f'    <usage_cost type="decimal">{money(usage)}</usage_cost>\n'
        "    <billing_stats>\n"
        '      <disks type="array">\n' + "".join(disks) + "      </disks>\n"
        '      <network_interfaces type="array">\n' + nic + "      </network_interfaces>\n"
        '      <virtual_machines type="array">\n' + machine + "      </virtual_machines>\n"
        "    </billing_stats>\n"
        "  </vm_hourly_stat>\n"
    )
    rows = 2 + 2 * (3 * len(vm["disks"]) + 4 + 2)
    return text, rows


def onapp_user_record(rng, user, stamp, created):
    """A user-level record (no VM, no billing_stats), as OnApp lists once a day; (xml, csv_rows)."""
    usage = money(rng.randrange(0, 300))
    text = (
        onapp_head(stamp, created, user, None)
        + f'    <total_cost type="decimal">{usage}</total_cost>\n'
        f'    <usage_cost type="decimal">{usage}</usage_cost>\n'
        "  </vm_hourly_stat>\n"
    )
    return text, 2


def write_onapp_xml(out, target, seed, vms):
    """Hour by hour, every running VM's record (and each user's daily one) until `target` bytes."""
    rng = random.Random(seed)
    machines = []
    for i in range(vms):
        vm_id = 1201 + i
        machines.append({
            "id": vm_id,
            "user": ONAPP_USERS[i % len(ONAPP_USERS)],
            "label": f"web-{vm_id}",
            "disks": [rng.choice((20, 40, 80))] + ([rng.choice((100, 200))] if i % 3 == 0 else []),
            "cpus": rng.choice((1, 2, 4, 8)),
            "memory": rng.choice((1024, 2048, 4096, 8192)),
        })
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<vm_stats type="array">\n'
    out.write(head)
    written = len(head)
    rows = 0
    hour = 0
    while written < target:
        t = ONAPP_START + 3600 * hour
        stamp, created = iso(t), iso(t + 28)
        parts = []
        if hour % 24 == 0:
            for user in ONAPP_USERS:
                text, n = onapp_user_record(rng, user, stamp, created)
                parts.append(text)
                rows += n
        for i, vm in enumerate(machines):
            if (hour // 24 + 5 * i) % 37 == 36:  # switched off that day: no records, not zeros
                continue
            text, n = onapp_vm_record(rng, vm, stamp, created)
            parts.append(text)
            rows += n
        chunk = "".join(parts)
        out.write(chunk)
        written += len(chunk)
        hour += 1
    out.write("</vm_stats>\n")
    return rows


# --- InterServer traffic_usage -------------------------------------------------------------------
#
# One VPS (--ips addresses, an "In" and an "Out" series each) sampled about every 60 s: the agent's
# timer drifts a second now and then (03:01:30 -> 03:02:31), and the samples stop for a few hours
# now and then (holes, not zeros), as in Fixtures/interserver. Every series shares the sample times,
# which `times` lists; history.hour and history.day are in+out byte amounts per hour and day; totals
# and usage agree with the samples, so usageconv's cross-checks stay quiet.

INTERSERVER_START = 1694919630  # 2023-09-17T03:00:30Z, the fixture's first sample
INTERSERVER_LAYOUT = 1  # bump when the JSON text changes for the same seed


def interserver_times(rng, count):
    """`count` sample times from INTERSERVER_START: 60 s apart, +1 s drift one time in four, a 3-hour hole a week."""
    t = INTERSERVER_START
    out = []
    for k in range(count):
        out.append(t)
        t += 61 if rng.random() < 0.25 else 60
        if k % 10080 == 10079:
            t += 3 * 3600
    return out


def write_interserver(out, target, seed, ips):
    """Sample series (--ips x In/Out) sized so the file reaches `target`, then history, totals and usage."""
    rng = random.Random(seed)
    addresses = [f"10.0.{i // 250}.{i % 250 + 1}" for i in range(ips)]
    series = [(f"{ip} {d}", ip, d) for ip in sorted(addresses) for d in ("In", "Out")]
    # ~31 bytes per pair in every series plus ~23 for the time in `times`.
    per_time = 23 + 31 * len(series)
    count = max(2, target // per_time)
    times = interserver_times(rng, count)
    stamps = [iso(t) for t in times]
    # Members in the order of the vendor's example (Fixtures/interserver/vps-day.json).
    out.write('{"data":[')
    hourly = {}
    daily = {}
    stats = {"In": [], "Out": []}
    for n, (name, ip, direction) in enumerate(series):
        base = rng.uniform(2e3, 2e5) * (1.0 if direction == "In" else 0.25)
        out.write(("," if n else "") + f'{{"name":"{name}","data":[')
        values = []
        chunk = []
        for k, (t, stamp) in enumerate(zip(times, stamps)):
            v = int(diurnal(rng, t, base, 0.5))
            values.append(v)
            chunk.append(f'{"," if k else ""}["{stamp}",{v}]')
            hour, day = t - t % 3600, t - t % 86400
            hourly[hour] = hourly.get(hour, 0) + v * 60
            daily[day] = daily.get(day, 0) + v * 60
            if len(chunk) >= 65536:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk) + "]}")
        stats[direction].append(values)
    out.write("]")

    def pairs(buckets):
        keys = sorted(buckets)
        return ('{"data":[' + ",".join(f'["{iso(k)}",{buckets[k]}]' for k in keys) + '],"times":['
                + ",".join(f'"{iso(k)}"' for k in keys) + "]}")

    totals = {}
    usage = {"peak": {}, "current": {}, "average": {}}
    for direction, key in (("In", "in"), ("Out", "out")):
        flat = [v for values in stats[direction] for v in values]
        amount = sum(flat) * 60
        totals[key] = amount
        usage["peak"][key] = max(flat)
        usage["current"][key] = stats[direction][-1][-1]
        usage["average"][key] = {"count": len(flat), "total": sum(flat), "value": -(-sum(flat) // len(flat))}
    out.write(',"last":"' + stamps[-1] + '","name":"vps2725349","times":[')
    for k in range(0, count, 65536):
        out.write(("," if k else "") + ",".join(f'"{s}"' for s in stamps[k:k + 65536]))
    out.write('],"usage":' + json.dumps(usage, separators=(",", ":")) + ',"target":"2725349","totals":'
              + json.dumps({period: dict(totals) for period in ("day", "month", "year", "all")}, separators=(",", ":"))
              + ',"history":{"hour":' + pairs(hourly) + ',"day":' + pairs(daily) + '},"interval":30}')
    return count * len(series) + len(hourly) + len(daily)


# --- small-mixed: a folder of small dumps ------------------------------------------------------

SMALL_LAYOUT = 1  # bump when the files change for the same seed
SMALL_BAISHAN_POINTS = 192  # 16 hours of 5-minute points, ~5.0 KB
SMALL_SWIFT_DOMAINS = 2
SMALL_SWIFT_POINTS = 48  # 4 hours per domain, ~5.2 KB for two domains


def small_baishan(rng, window):
    """The window-th 16-hour window of one Baishan series: {"code":0,"data":[[t,v],...]}."""
    t0 = BAISHAN_START + window * SMALL_BAISHAN_POINTS * STEP
    points = []
    for k in range(SMALL_BAISHAN_POINTS):
        t = t0 + k * STEP
        cents = int(diurnal(rng, t, 200_000_000.0, 0.45) * 100)
        points.append(f"[{t},{decimal_text(cents)}]")
    return '{"code":0,"data":[' + ",".join(points) + "]}", SMALL_BAISHAN_POINTS


def small_swift(rng, window, bases):
    """The window-th 4-hour window of each domain: [{"domain":...,"volumes":[...]},...]."""
    t0 = SWIFT_START + window * SMALL_SWIFT_POINTS * STEP
    entries = []
    for d, base in enumerate(bases):
        volumes = []
        for k in range(SMALL_SWIFT_POINTS):
            t = t0 + k * STEP
            volumes.append(f'{{"timestamp":"{iso(t)}","value":{int(diurnal(rng, t, base, 0.6))}}}')
        entries.append(f'{{"domain":"d{d:02d}.example.com","volumes":[' + ",".join(volumes) + "]}")
    return "[" + ",".join(entries) + "]", SMALL_SWIFT_POINTS * len(bases)


def write_small_mixed(folder, files, seed):
    """Writes `files` dumps into `folder`; returns (bytes, points, {"baishan": n, "swiftfederation": m})."""
    rng = random.Random(seed)
    bases = [rng.uniform(5e6, 5e9) for _ in range(SMALL_SWIFT_DOMAINS)]
    counts = {"baishan": 0, "swiftfederation": 0}
    total = points = 0
    for i in range(files):
        if rng.random() < 0.5:
            text, n = small_baishan(rng, counts["baishan"])
            counts["baishan"] += 1
        else:
            text, n = small_swift(rng, counts["swiftfederation"], bases)
            counts["swiftfederation"] += 1
        with open(os.path.join(folder, f"d{i:05d}.json"), "w") as out:
            out.write(text)
        total += len(text)
        points += n
    return total, points, counts


KINDS = {
    "baishan": lambda out, a: write_baishan(out, a.size, a.seed),
    "swiftfederation": lambda out, a: write_swiftfederation(out, a.size, a.seed, a.domains),
    "onapp-xml": lambda out, a: write_onapp_xml(out, a.size, a.seed, a.vms),
    "interserver": lambda out, a: write_interserver(out, a.size, a.seed, a.ips),
    "small-mixed": None,  # a folder, not one stream: see ensure_folder
}


def meta_for(args):
    meta = {"kind": args.kind, "seed": args.seed, "target": args.size, "version": GENERATOR_VERSION}
    if args.kind == "swiftfederation":
        meta["domains"] = args.domains
    if args.kind == "interserver":
        meta["ips"] = args.ips
        meta["layout"] = INTERSERVER_LAYOUT
    if args.kind == "onapp-xml":
        meta["vms"] = args.vms
        meta["layout"] = ONAPP_LAYOUT
    if args.kind == "small-mixed":
        del meta["target"]
        meta["files"] = args.files
        meta["layout"] = SMALL_LAYOUT
    return meta


def default_path(args):
    if args.kind == "small-mixed":
        return os.path.join(HERE, "data", f"{args.kind}-{args.files}-seed{args.seed}")
    label = f"{args.size // 1_000_000}M" if args.size >= 1_000_000 else f"{args.size}B"
    ext = "xml" if args.kind.endswith("-xml") else "json"
    return os.path.join(HERE, "data", f"{args.kind}-{label}-seed{args.seed}.{ext}")


def folder_bytes(path):
    """(files, bytes) of the regular files directly in `path`."""
    with os.scandir(path) as it:
        sizes = [e.stat().st_size for e in it if e.is_file()]
    return len(sizes), sum(sizes)


def ensure_folder(args):
    """ensure() for small-mixed: the folder is reused when its .meta matches and the files are all there."""
    path = (args.out or default_path(args)).rstrip("/")
    meta_path = path + ".meta"
    wanted = meta_for(args)
    try:
        with open(meta_path) as f:
            have = json.load(f)
        if {k: have.get(k) for k in wanted} == wanted and folder_bytes(path) == (args.files, have["bytes"]):
            return path, have["points"]
    except (OSError, ValueError, KeyError):
        pass
    tmp = path + ".tmp"
    for old in (tmp, path):
        if os.path.isdir(old):
            shutil.rmtree(old)
    os.makedirs(tmp)
    started = time.time()
    total, points, counts = write_small_mixed(tmp, args.files, args.seed)
    os.replace(tmp, path)
    have = dict(wanted, bytes=total, points=points, **counts)
    with open(meta_path, "w") as f:
        json.dump(have, f)
    print(
        f"generate: wrote {path}/ ({args.files} files: {counts['baishan']} Baishan, {counts['swiftfederation']} "
        f"SwiftFederation; {total / 1e6:.1f} MB, {points} points) in {time.time() - started:.1f} s",
        file=sys.stderr,
    )
    return path, points


def ensure(args):
    """Returns (path, points), generating the file unless a matching one exists."""
    if args.kind == "small-mixed":
        return ensure_folder(args)
    path = args.out or default_path(args)
    meta_path = path + ".meta"
    wanted = meta_for(args)
    try:
        with open(meta_path) as f:
            have = json.load(f)
        if {k: have.get(k) for k in wanted} == wanted and os.path.getsize(path) == have["bytes"]:
            return path, have["points"]
    except (OSError, ValueError, KeyError):
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    started = time.time()
    with open(tmp, "w", buffering=1 << 20) as out:
        points = KINDS[args.kind](out, args)
    os.replace(tmp, path)
    have = dict(wanted, bytes=os.path.getsize(path), points=points)
    with open(meta_path, "w") as f:
        json.dump(have, f)
    print(
        f"generate: wrote {path} ({have['bytes'] / 1e6:.1f} MB, {points} points) in {time.time() - started:.1f} s",
        file=sys.stderr,
    )
    return path, points


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(KINDS))
    p.add_argument("--size", type=parse_size, help="target bytes: 10M, 100M, 1G (default 100M; 200M for onapp-xml)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--domains", type=int, default=8, help="swiftfederation: number of domains")
    p.add_argument("--ips", type=int, default=2, help="interserver: IP addresses of the VPS (an In and an Out series each)")
    p.add_argument("--vms", type=int, default=20, help="onapp-xml: number of virtual machines")
    p.add_argument("--files", type=int, default=10000, help="small-mixed: number of dumps in the folder")
    p.add_argument("--out", help="output path (default Benchmarks/data/KIND-SIZE-seedN.json, .xml for onapp-xml; "
                   "the folder Benchmarks/data/small-mixed-FILES-seedN for small-mixed)")
    args = p.parse_args(argv)
    if args.size is None:
        args.size = parse_size("200M" if args.kind == "onapp-xml" else "100M")
    path, _ = ensure(args)
    print(path)


if __name__ == "__main__":
    main()
