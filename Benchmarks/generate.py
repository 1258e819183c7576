#!/usr/bin/env python3
"""Deterministic generator of large provider dumps for Benchmarks/run.

    Benchmarks/generate.py baishan [--size 100M] [--seed 1] [--out Benchmarks/data/...]
    Benchmarks/generate.py swiftfederation [--size 100M] [--seed 1] [--domains 8]

Each kind writes what curl saves from the provider's API (compact JSON, one line):

  baishan          {"code":0,"data":[[1503244800,208706182.29],[1503245100,...],...]}
                   300 s step, no gaps, bit/s values with up to two decimals in the
                   shortest text a JSON serializer prints (208706182.3, never 208706182.30).
  swiftfederation  [{"domain":"d00.example.com","volumes":[{"timestamp":"2019-01-01T00:00:00Z","value":32342331},...]},...]
                   several domains, 300 s step, no gaps, whole byte counts.

The output grows until it reaches --size bytes (it ends with the first point past it, so
it is a few bytes larger). A sidecar FILE.meta records kind, seed, target size, generator
version and the byte count; when it matches, the file is reused and nothing is written.
"""
import argparse
import json
import math
import os
import random
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


KINDS = {
    "baishan": lambda out, a: write_baishan(out, a.size, a.seed),
    "swiftfederation": lambda out, a: write_swiftfederation(out, a.size, a.seed, a.domains),
}


def meta_for(args):
    meta = {"kind": args.kind, "seed": args.seed, "target": args.size, "version": GENERATOR_VERSION}
    if args.kind == "swiftfederation":
        meta["domains"] = args.domains
    return meta


def default_path(args):
    label = f"{args.size // 1_000_000}M" if args.size >= 1_000_000 else f"{args.size}B"
    return os.path.join(HERE, "data", f"{args.kind}-{label}-seed{args.seed}.json")


def ensure(args):
    """Returns (path, points), generating the file unless a matching one exists."""
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
    p.add_argument("--size", type=parse_size, default=parse_size("100M"), help="target bytes: 10M, 100M, 1G")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--domains", type=int, default=8, help="swiftfederation: number of domains")
    p.add_argument("--out", help="output path (default Benchmarks/data/KIND-SIZE-seedN.json)")
    args = p.parse_args(argv)
    path, _ = ensure(args)
    print(path)


if __name__ == "__main__":
    main()
