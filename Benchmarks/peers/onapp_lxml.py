#!/usr/bin/env python3
"""Peer converter for OnApp vm_stats XML: lxml iterparse, the same CSV as usageconv.

    onapp_lxml.py INPUT OUTPUT

lxml.etree.iterparse reports the end of each <vm_hourly_stat> (or vm_stat / net_hourly_stat)
record; the record's subtree is read, then cleared and unlinked from the root so memory holds
one record plus the collected points. Points go into one list per series, keyed by
(resource, metric, direction, unit); at the end the series are sorted by that key (byte order,
as usageconv sorts) and each series' points by time, and rows are written as f-strings.

The mapping is usageconv's (Sources/UsageConvCore/Decoding/OnApp/OnAppSeriesMapping.swift):
  - record money (`total_cost`, `usage_cost`, any `*_cost`) → `cost.total`, ... on `vm:<virtual_machine_id>`,
    or `user:<user_id>` when the VM id is nil; unit `currency_code` (XXX when missing);
  - other numeric record members → a series of that name on the same owner (net_hourly_stat's
    data_sent/data_received → `traffic` on `vm:<id>/nic:<network_interface_id>`);
  - billing_stats items → `vm:1/disk:7`, `vm:1/nic:3` (a virtual_machines item whose id is the
    VM's own maps to `vm:1`), one quantity series per `resource_name` and one `cost.<name>`;
    data_read/data_written are KB, data_sent KB out, data_received KB in, others `onapp:<name>`;
  - nil values are left out; numbers are printed as plain decimals without trailing fraction
    zeros (`0.0` → `0`, `1.0` → `1`, `0.0200` → `0.02`), times as UTC `...Z`.
It checks much less than usageconv (no schema, no duplicate or type checks, no warnings).
"""
import datetime
import decimal
import sys
from operator import itemgetter

from lxml import etree

HEADER = "time,source,resource,metric,direction,unit,step,value,quality\n"
RECORDS = ("vm_hourly_stat", "vm_stat", "net_hourly_stat")
BOOKKEEPING = {"created_at", "updated_at", "id", "vm_billing_stat_id", "booted", "label"}
PREFIX = {
    "virtual_machines": "vm", "disks": "disk", "network_interfaces": "nic",
    "edge_servers": "edge", "service_addons": "addon", "load_balancers": "lb",
}
QUANTITY = {
    "data_sent": ("out", "KB"), "data_received": ("in", "KB"),
    "data_read": ("", "KB"), "data_written": ("", "KB"),
}
NIL = "nil"


def canon_slow(text):
    """Plain decimal text of any number usageconv accepts (exponents, signs, leading zeros)."""
    d = decimal.Decimal(text.strip())
    if d == 0:
        return "0"
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def canon(text):
    """`0.0672` stays, `0.0` → `0`, `1.0` → `1`; the common shapes without Decimal."""
    if text.isdigit():
        return text if text[0] != "0" or len(text) == 1 else canon_slow(text)
    if "." in text and text[0] != "0" or text.startswith("0."):
        head, _, tail = text.partition(".")
        if head.isdigit() and tail.isdigit():
            tail = tail.rstrip("0")
            return f"{head}.{tail}" if tail else head
    return canon_slow(text)


def utc(text):
    """stat_time as `YYYY-MM-DDTHH:MM:SSZ` (offsets such as +03:00 converted)."""
    if len(text) == 20 and text[19] == "Z" and text[10] == "T":
        return text
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def prefix_for(group):
    p = PREFIX.get(group)
    if p is None:
        p = group[:-1] if group.endswith("s") else group
    return p


def convert(src, write):
    series = {}  # (resource, metric, direction, unit) -> [(time, value)]
    get = series.get

    def add(key, t, v):
        points = get(key)
        if points is None:
            points = series[key] = []
        points.append((t, v))

    # Hot path: one cost row adds a quantity point and a money point; their two lists are found
    # with one lookup by (resource, resource_name, currency), and repeated value texts
    # ("0.0", "20", "1.0") are made canonical once.
    pairs = {}
    pairs_get = pairs.get
    memo = {}
    memo_get = memo.get

    def row_series(resource, name, currency):
        direction, unit = QUANTITY.get(name) or ("", "onapp:" + name)
        quantity = series.setdefault((resource, name, direction, unit), [])
        money = series.setdefault((resource, "cost." + name, "", currency), [])
        return quantity, money

    context = etree.iterparse(src, events=("end",), tag=RECORDS, resolve_entities=False, no_network=True)
    for _, rec in context:
        stat = currency = user = vm = nic = None
        figures = []
        billing = None
        for child in rec:
            tag = child.tag
            if tag == "billing_stats":
                billing = child
            elif tag == "stat_time":
                stat = child.text
            elif tag == "currency_code":
                currency = child.text
            elif tag == "virtual_machine_id":
                vm = None if child.get(NIL) == "true" else child.text
            elif tag == "user_id":
                user = None if child.get(NIL) == "true" else child.text
            elif tag == "network_interface_id":
                nic = None if child.get(NIL) == "true" else child.text
            elif tag in BOOKKEEPING or not isinstance(tag, str):
                continue
            elif child.get(NIL) != "true" and child.text is not None:
                figures.append((tag, child.text))
        if stat is None:
            raise SystemExit(f"a {rec.tag} record without stat_time (line {rec.sourceline})")
        t = utc(stat)
        owner = f"vm:{vm}" if vm is not None else f"user:{user}" if user is not None else "onapp"
        currency = currency or "XXX"
        for name, text in figures:
            if name == "cost":
                add((owner, "cost", "", currency), t, canon(text))
            elif name.endswith("_cost"):
                add((owner, "cost." + name[:-5], "", currency), t, canon(text))
            elif rec.tag == "net_hourly_stat" and name in ("data_sent", "data_received"):
                resource = owner if nic is None else f"{owner}/nic:{nic}"
                add((resource, "traffic", QUANTITY[name][0], "KB"), t, canon(text))
            else:
                direction, unit = QUANTITY.get(name) or ("", "onapp:" + name)
                add((owner, name, direction, unit), t, canon(text))
        if billing is not None:
            for group in billing:
                prefix = prefix_for(group.tag)
                for item in group:
                    item_id = "?"
                    costs = None
                    for part in item:
                        if part.tag == "id":
                            item_id = part.text
                        elif part.tag == "costs":
                            costs = part
                    if costs is None:
                        continue
                    resource = owner if prefix == "vm" and item_id == vm else f"{owner}/{prefix}:{item_id}"
                    for row in costs:
                        name = value = cost = None
                        for m in row:  # nil members have no text, and are left out like nulls
                            mt = m.tag
                            if mt == "value":
                                value = m.text
                            elif mt == "cost":
                                cost = m.text
                            elif mt == "resource_name":
                                name = m.text
                        if not name:
                            raise SystemExit(f"a cost row without resource_name (line {row.sourceline})")
                        pair = pairs_get((resource, name, currency))
                        if pair is None:
                            pair = pairs[(resource, name, currency)] = row_series(resource, name, currency)
                        if value is not None:
                            v = memo_get(value)
                            if v is None:
                                v = memo[value] = canon(value)
                            pair[0].append((t, v))
                        if cost is not None:
                            v = memo_get(cost)
                            if v is None:
                                v = memo[cost] = canon(cost)
                            pair[1].append((t, v))
        # Free the record and everything before it: memory stays at one record plus the points.
        rec.clear()
        parent = rec.getparent()
        if parent is not None:
            while rec.getprevious() is not None:
                del parent[0]
    del context

    by_time = itemgetter(0)
    rows = []
    for key in sorted(series, key=lambda k: tuple(s.encode() for s in k)):
        resource, metric, direction, unit = key
        middle = f",onapp,{resource},{metric},{direction},{unit},3600,"
        points = series[key]
        points.sort(key=by_time)  # stable; already in order for time-ordered dumps
        for t, v in points:
            rows.append(f"{t}{middle}{v},measured\n")
            if len(rows) >= 65536:
                write("".join(rows))
                rows.clear()
    write("".join(rows))


def main():
    src, dst = sys.argv[1:3]
    with open(dst, "w", buffering=1 << 20) as out:
        out.write(HEADER)
        convert(src, out.write)


if __name__ == "__main__":
    main()
