#!/usr/bin/env python3
"""Reads bench/out/<run>/<scenario>-<contender>-<round>.txt (wrk --latency output) and prints a
Markdown table: median req/s, p50 and p99 over the rounds, the spread of req/s, and ringlb's
ratio to each contender; then one line per scenario against the best peer (the better of HAProxy
and nginx): ringlb's req/s ratio, and whether its p99 is at or below that peer's; and what
metrics cost (ringlb against ringlb-nometrics, the same build with --no-metrics)."""
import os
import re
import statistics
import sys

ORDER = ["direct", "ringlb", "ringlb-nometrics", "ringlb-base", "haproxy", "nginx"]
PEERS = ["haproxy", "nginx"]
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


def medians(out, rounds, s, c):
    runs = [r for r in (parse(f"{out}/{s}-{c}-{i}.txt") for i in range(1, rounds + 1)) if r]
    if not runs:
        return None
    rps = [r[0] for r in runs]
    return (statistics.median(rps), statistics.median(r[1] for r in runs),
            statistics.median(r[2] for r in runs), sum(r[3] for r in runs), min(rps), max(rps))


def main(out, rounds, scenarios):
    print(f"| scenario | contender | req/s (median of {rounds}) | min–max | p50 ms | p99 ms | errors | ringlb ÷ this |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    verdicts = []
    for s in scenarios:
        if s == "idle10k":
            m = medians(out, rounds, "idle10k", "ringlb")
            if m:
                print(f"| idle10k (10,000 idle beside) | ringlb | {m[0]:,.0f} | {m[4]:,.0f}–{m[5]:,.0f} | {m[1]:.2f} | "
                      f"{m[2]:.2f} | {m[3]} | |")
            continue
        med = {c: m for c in ORDER if (m := medians(out, rounds, s, c))}
        for c in ORDER:
            if c not in med:
                continue
            rps, p50, p99, errs, lo, hi = med[c]
            digits = 3 if c == "ringlb-nometrics" else 2  # the cost of metrics is a matter of a few per cent
            ratio = f"{med['ringlb'][0] / rps:.{digits}f}×" if "ringlb" in med and c != "ringlb" and rps > 0 else ""
            print(f"| {s} | {c} | {rps:,.0f} | {lo:,.0f}–{hi:,.0f} | {p50:.2f} | {p99:.2f} | {errs} | {ratio} |")
        peers = [c for c in PEERS if c in med]
        if "ringlb" in med and peers:
            best = max(peers, key=lambda c: med[c][0])
            r = med["ringlb"]
            verdicts.append(f"- {s}: ringlb ÷ best peer ({best}) = {r[0] / med[best][0]:.2f}×; p99 {r[2]:.2f} ms against "
                            f"{med[best][2]:.2f} ms ({'at or below' if r[2] <= med[best][2] else 'ABOVE'}); "
                            f"lowest peer p99 {min(med[c][2] for c in peers):.2f} ms")
        if "ringlb" in med and "ringlb-nometrics" in med:
            on, off = med["ringlb"], med["ringlb-nometrics"]
            cost = 1 - on[0] / off[0]
            verdicts.append(f"- {s}: metrics cost {100 * cost:.1f} % of req/s (ringlb {on[0]:,.0f} against "
                            f"ringlb-nometrics {off[0]:,.0f}; p99 {on[2]:.2f} against {off[2]:.2f} ms) "
                            f"({'within' if cost <= 0.03 else 'OVER'} the 3 % budget)")

    if verdicts:
        print()
        print("\n".join(verdicts))

    rss = f"{out}/idle10k-rss.txt"
    if os.path.exists(rss):
        facts = dict(line.split() for line in open(rss) if line.strip())
        print()
        print(f"idle10k: ringlb RSS {facts.get('rss_mb_idle')} MB holding {facts.get('connections', '?')} "
              f"idle connections, {facts.get('rss_mb_loaded')} MB after serving c64 load beside them (target < 200 MB)")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
