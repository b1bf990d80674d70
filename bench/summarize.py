#!/usr/bin/env python3
"""Reads bench/out/<run>/<scenario>-<contender>-<round>.txt (wrk --latency output) and prints a
Markdown table: median req/s, p50 and p99 over the rounds, and ringlb's ratios (against
ringlb-nometrics: the cost of --metrics, which should stay within 3 %)."""
import re
import statistics
import sys

out, rounds, scenarios = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
contenders = ["direct", "ringlb", "ringlb-nometrics", "haproxy", "nginx"]
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse(path):
    try:
        text = open(path).read()
    except OSError:
        return None
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)", text, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if not rps or not p50 or not p99:
        return None
    errs = sum(int(x) for x in errors.groups()) if errors else 0
    errs += int(non2xx.group(1)) if non2xx else 0
    return (float(rps.group(1)), float(p50.group(1)) * UNIT[p50.group(2)],
            float(p99.group(1)) * UNIT[p99.group(2)], errs)


import os

print(f"| scenario | contender | req/s (median of {rounds}) | p50 ms | p99 ms | errors | ringlb ÷ this |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
for s in scenarios:
    if s == "idle10k":
        runs = [r for r in (parse(f"{out}/idle10k-ringlb-{i}.txt") for i in range(1, rounds + 1)) if r]
        if runs:
            print(f"| idle10k (10,000 idle beside) | ringlb | {statistics.median(r[0] for r in runs):,.0f} | "
                  f"{statistics.median(r[1] for r in runs):.2f} | {statistics.median(r[2] for r in runs):.2f} | "
                  f"{sum(r[3] for r in runs)} | |")
        continue
    med = {}
    for c in contenders:
        runs = [r for r in (parse(f"{out}/{s}-{c}-{i}.txt") for i in range(1, rounds + 1)) if r]
        if not runs:
            continue
        med[c] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                  statistics.median(r[2] for r in runs), sum(r[3] for r in runs))
    for c in contenders:
        if c not in med:
            print(f"| {s} | {c} | no result | | | | |")
            continue
        rps, p50, p99, errs = med[c]
        ratio = f"{med['ringlb'][0] / rps:.3f}×" if "ringlb" in med and c != "ringlb" else ""
        print(f"| {s} | {c} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {errs} | {ratio} |")

rss = f"{out}/idle10k-rss.txt"
if os.path.exists(rss):
    facts = dict(line.split() for line in open(rss) if line.strip())
    print()
    print(f"idle10k: ringlb RSS {facts.get('rss_mb_idle')} MB holding {facts.get('connections', '?')} "
          f"idle connections, {facts.get('rss_mb_loaded')} MB after serving c64 load beside them (target < 200 MB)")
