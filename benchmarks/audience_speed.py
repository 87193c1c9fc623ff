"""How long the simulated audience takes: `python -m benchmarks.audience_speed`.

The target (issue 17): 1,000 viewers x 7 days x 50 swipes a day (350,000
picks, each by the app's own `Policy`) within 60 s on this 2-core machine.
It times `recommender.audience.simulate` on the shipped catalog for each
audience size with the given processes, beside a reference measured in the
same run: the smallest size on one process. Wall time is what a creator
waits; CPU time (this process and its workers) is what the work costs, and
is the steadier figure on a shared machine. It prints the load average
before and after, how time grows with N, and what the largest size would
take on the given processes at the measured CPU time per pick, if each
process had a core to itself.

    python -m benchmarks.audience_speed --sizes 100,300,1000 --days 7 --swipes 50 --workers 2

With `--against DIR` (another checkout, e.g. `/work/main`) it first times the
smallest size on one process with this checkout's code and DIR's, in turns
(`--rounds` each, every run in a fresh process), and prints each one's median
CPU ms a pick and their ratio: a change's gain, paired on a noisy machine.

With `--one N` it only runs N viewers once, on one process: under valgrind
(`valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m
benchmarks.audience_speed --one 4 --days 4`, and again with `--days 2`: the
difference is 400 picks) it counts a pick's instructions, a figure the
machine's load does not move.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from recommender.audience import AudienceRun, simulate
from recommender.catalog_file import load_catalog, shipped_catalog_path

TARGET_S = 60.0
TARGET_VIEWERS = 1000


def cpu() -> float:
    """CPU seconds of this process and of its workers that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(catalog, viewers: int, days: int, swipes: int, workers: int) -> tuple[float, float, float]:
    """Wall and CPU seconds of one run, and what its viewers got (`points`)."""
    t0, c0 = time.perf_counter(), cpu()
    run = simulate(catalog, viewers, days, swipes, seed=0, workers=workers)
    return time.perf_counter() - t0, cpu() - c0, points(run)


def points(run: AudienceRun) -> float:
    """The audience's points a view (re-watch 10, completion 8, share 6, comment 4, like 2) over the days after the
    first (the first is mostly the feeds' cold start): how much the viewers enjoyed what their feeds picked, the
    figure a change of what is picked must not lower."""
    days = run.audience[1:] or run.audience
    return sum(d.par * d.views for d in days) / max(1, sum(d.views for d in days))


ONE_RUN = """
import resource, sys
from recommender.audience import AudienceRun, simulate
from recommender.catalog_file import load_catalog, shipped_catalog_path
catalog = load_catalog(shipped_catalog_path())
n, days, swipes = (int(a) for a in sys.argv[1:4])
before = resource.getrusage(resource.RUSAGE_SELF)
run = simulate(catalog, n, days, swipes, seed=0, workers=1)
after = resource.getrusage(resource.RUSAGE_SELF)
kept = run.audience[1:] or run.audience
print((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / (n * days * swipes),
      sum(d.par * d.views for d in kept) / max(1, sum(d.views for d in kept)))
"""
"""One run on one process, with the code of the checkout it runs in (its folder first on the path): CPU s a pick,
and the audience's points a view (`points`, written out: the other checkout may not have it)."""


def paired(other: Path, viewers: int, days: int, swipes: int, rounds: int) -> None:
    """This checkout's and `other`'s CPU time a pick, in turns, each in a fresh process; medians and their ratio."""
    here = Path(__file__).resolve().parent.parent
    runs: dict[Path, list[float]] = {here: [], other: []}
    enjoyed: dict[Path, float] = {}
    for _ in range(rounds):
        for folder, got in runs.items():
            out = subprocess.run(
                [sys.executable, "-c", ONE_RUN, str(viewers), str(days), str(swipes)],
                cwd=folder,
                capture_output=True,
                text=True,
                check=True,
            )
            per_pick, enjoyed[folder] = (float(x) for x in out.stdout.split())
            got.append(per_pick * 1000)
    mine, theirs = statistics.median(runs[here]), statistics.median(runs[other])
    print(
        f"paired, {viewers:,} viewers on 1 process, {rounds} runs each in turns (median CPU ms a pick): "
        f"this checkout {mine:.3f} ({' '.join(f'{x:.3f}' for x in runs[here])}), "
        f"{other} {theirs:.3f} ({' '.join(f'{x:.3f}' for x in runs[other])}): {theirs / mine:.2f}x; "
        f"points a view {enjoyed[here]:.3f} against {enjoyed[other]:.3f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--swipes", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--against", metavar="DIR", type=Path, help="another checkout to time in turns with this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--one",
        metavar="N",
        type=int,
        help="only run N viewers once on 1 process and print the CPU ms a pick (e.g. under valgrind, whose "
        "instruction count, unlike a time, does not move with the machine's load)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    catalog = load_catalog(shipped_catalog_path())
    if args.one:
        _, used, _ = timed(catalog, args.one, args.days, args.swipes, 1)
        print(f"{used / (args.one * args.days * args.swipes) * 1000:.3f}")
        return
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    if args.against:
        paired(args.against.resolve(), sizes[0], args.days, args.swipes, args.rounds)
    ref, ref_cpu, _ = timed(catalog, sizes[0], args.days, args.swipes, 1)
    ref_picks = sizes[0] * args.days * args.swipes
    print(
        f"reference: {sizes[0]:,} viewers on 1 process: {ref:.1f} s wall, {ref_cpu:.1f} s CPU, "
        f"{ref_cpu / ref_picks * 1000:.3f} ms CPU a pick",
        flush=True,
    )
    heads = ("viewers", "picks", "wall s", "CPU s", "CPU ms/pick", "wall x ref", "CPU s / N", "points/view")
    print(" ".join(f"{h:>{w}}" for h, w in zip(heads, (8, 9, 8, 8, 11, 10, 9, 11), strict=True)))
    per_pick = 0.0
    for n in sizes:
        took, used, enjoyed = timed(catalog, n, args.days, args.swipes, args.workers)
        picks = n * args.days * args.swipes
        per_pick = used / picks
        print(
            f"{n:>8,} {picks:>9,} {took:>8.1f} {used:>8.1f} {per_pick * 1000:>11.3f} {took / ref:>10.2f} "
            f"{used / n:>9.3f} {enjoyed:>11.3f}",
            flush=True,
        )
    target_picks = TARGET_VIEWERS * 7 * 50
    print(
        f"target: {TARGET_VIEWERS:,} viewers x 7 days x 50 swipes within {TARGET_S:.0f} s; at {per_pick * 1000:.3f} ms "
        f"CPU a pick on {args.workers} free cores: {target_picks * per_pick / args.workers:.0f} s"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
