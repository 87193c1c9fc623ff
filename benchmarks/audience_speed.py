"""How long the simulated audience takes: `python -m benchmarks.audience_speed`.

The target (issue 17): 1,000 viewers x 7 days x 50 swipes a day (350,000
picks, each by the app's own `Policy`) within 60 s on this 2-core machine.
It times `recommender.audience.simulate` on the shipped catalog for each
audience size with the given processes, beside a reference measured in the
same run: the smallest size on one process. It prints the load average
before and after (the machine is shared), and how time grows with N.

    python -m benchmarks.audience_speed --sizes 100,300,1000 --days 7 --swipes 50 --workers 2
"""

from __future__ import annotations

import argparse
import os
import time

from recommender.audience import simulate
from recommender.catalog_file import load_catalog, shipped_catalog_path

TARGET_S = 60.0


def timed(catalog, viewers: int, days: int, swipes: int, workers: int) -> float:
    t0 = time.perf_counter()
    simulate(catalog, viewers, days, swipes, seed=0, workers=workers)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--swipes", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    catalog = load_catalog(shipped_catalog_path())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    ref = timed(catalog, sizes[0], args.days, args.swipes, 1)
    ref_picks = sizes[0] * args.days * args.swipes
    print(f"reference: {sizes[0]:,} viewers on 1 process: {ref:.1f} s, {ref / ref_picks * 1000:.3f} ms a pick")
    print(f"{'viewers':>8} {'picks':>9} {'seconds':>8} {'ms/pick':>8} {'x ref s':>8} {'s / N':>7}")
    for n in sizes:
        took = timed(catalog, n, args.days, args.swipes, args.workers)
        picks = n * args.days * args.swipes
        print(
            f"{n:>8,} {picks:>9,} {took:>8.1f} {took / picks * 1000:>8.3f} {took / ref:>8.2f} {took / n:>7.3f}",
            flush=True,
        )
    print(f"target: {sizes[-1]:,} viewers within {TARGET_S:.0f} s on {args.workers} processes")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
