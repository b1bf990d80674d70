#!/usr/bin/env python3
"""The spread over several bench/run.sh runs: per scenario and run, ringlb's req/s against the best
peer (the better of HAProxy and nginx in that run) and its p99 against the lowest peer p99, then
against ringlb-base (an older build) and ringlb-nometrics where the runs had them; and the
medians over every round of every run.

    bench/spread.py bench/out/RUN1 bench/out/RUN2 bench/out/RUN3 [--rounds 3]
"""
import argparse
import os
import statistics

from summarize import PEERS, medians, parse

SCENARIOS = ["c64", "c1000", "post64k", "close", "mixed", "hot"]


def rounds_of(run, s, c, rounds):
    return [r for r in (parse(f"{run}/{s}-{c}-{i}.txt") for i in range(1, rounds + 1)) if r]


def cell(run, s, rounds):
    med = {c: m for c in ["ringlb", "ringlb-base", "ringlb-nometrics", *PEERS] if (m := medians(run, rounds, s, c))}
    peers = [c for c in PEERS if c in med]
    if "ringlb" not in med or not peers:
        return None
    r = med["ringlb"]
    best = max(peers, key=lambda c: med[c][0])
    low_p99 = min(med[c][2] for c in peers)
    out = {"peer": f"{r[0] / med[best][0]:.2f}× {best}", "p99": f"{r[2]:.2f} / {low_p99:.2f}",
           "p99_ok": r[2] <= low_p99}
    if "ringlb-base" in med:
        out["base"] = f"{r[0] / med['ringlb-base'][0]:.2f}×"
    if "ringlb-nometrics" in med:
        out["metrics"] = f"{100 * (1 - r[0] / med['ringlb-nometrics'][0]):+.1f} %"
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    names = [os.path.basename(r.rstrip("/")) + (" (background load)" if os.path.exists(f"{r}/background.txt") else "")
             for r in a.runs]
    print("| scenario | measure | " + " | ".join(names) + " |")
    print("| --- | --- | " + " | ".join("---:" for _ in names) + " |")
    for s in SCENARIOS:
        cells = [cell(r, s, a.rounds) for r in a.runs]
        if not any(cells):
            continue
        rows = [("ringlb ÷ best peer, req/s", "peer"), ("p99 ms: ringlb / lowest peer", "p99"),
                ("ringlb ÷ ringlb-base", "base"), ("metrics cost, req/s", "metrics")]
        for label, key in rows:
            if any(c and key in c for c in cells):
                vals = []
                for c in cells:
                    v = c.get(key, "") if c else ""
                    if c and key == "p99" and not c["p99_ok"]:
                        v += " (above)"
                    vals.append(v)
                print(f"| {s} | {label} | " + " | ".join(vals) + " |")
    print()
    quiet = [r for r in a.runs if not os.path.exists(f"{r}/background.txt")]
    print(f"Medians over every round of the {len(quiet)} quiet runs ({len(quiet) * a.rounds} rounds each):")
    print()
    print("| scenario | contender | req/s | p50 ms | p99 ms |")
    print("| --- | --- | ---: | ---: | ---: |")
    for s in SCENARIOS:
        for c in ["direct", "ringlb", "ringlb-nometrics", "ringlb-base", *PEERS]:
            rs = [x for r in quiet for x in rounds_of(r, s, c, a.rounds)]
            if rs:
                print(f"| {s} | {c} | {statistics.median(x[0] for x in rs):,.0f} | "
                      f"{statistics.median(x[1] for x in rs):.2f} | {statistics.median(x[2] for x in rs):.2f} |")


if __name__ == "__main__":
    main()
