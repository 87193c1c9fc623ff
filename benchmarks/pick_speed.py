"""How long one pick takes as the catalog grows: `python -m benchmarks.pick_speed [--sizes 1000,100000,1000000]`.

A pick retrieves from per-feature indexes instead of walking the catalog, so
its time should barely move from a thousand videos to a million. Prints the
index build time (once per catalog) and the mean and 95th-percentile pick.
"""

from __future__ import annotations

import argparse
import math
import random
import time

from recommender.policy import Policy
from recommender.profile import TasteProfile
from recommender.signals import View
from recommender.video import Catalog, Video

GENRES = [f"genre{i}" for i in range(16)]


def synthetic(n: int, seed: int = 1) -> Catalog:
    rng = random.Random(seed)
    tags = [f"tag{i}" for i in range(max(50, n // 200))]
    videos = []
    for i in range(n):
        views = int(rng.lognormvariate(8, 1.6)) + 10
        videos.append(
            Video(
                f"s{i}",
                f"video {i}",
                "",
                f"creator{rng.randrange(max(10, n // 6))}",
                (rng.choice(GENRES),),
                tuple(rng.sample(tags, 3)),
                f"sound{rng.randrange(max(10, n // 20))}",
                rng.uniform(7, 180),
                rng.uniform(0, 30 * 86400),
                views,
                rng.random(),
                int(views * 0.05),
                int(views * 0.005),
                int(views * 0.002),
            )
        )
    return Catalog(tuple(videos), 30 * 86400)


def bench(n: int, picks: int = 300) -> tuple[float, float, float]:
    catalog = synthetic(n)
    start = time.perf_counter()
    policy = Policy(catalog, random.Random(0))
    build = time.perf_counter() - start
    profile = TasteProfile()
    times = []
    for _ in range(picks):
        t0 = time.perf_counter()
        rec = policy.next(profile, catalog.as_of)
        times.append(time.perf_counter() - t0)
        v = rec.video
        ms = int(v.duration_s * 1000)
        fan = v.genre in ("genre1", "genre2")
        profile.learn_one(v, View(v.id, ms, ms if fan else 700, ms if fan else 700))
    times.sort()
    return build, sum(times) / len(times) * 1000, times[math.ceil(0.95 * len(times)) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    args = parser.parse_args()
    print(f"{'videos':>10}  {'index build s':>13}  {'pick mean ms':>12}  {'pick p95 ms':>11}")
    for n in (int(s) for s in args.sizes.split(",")):
        build, mean, p95 = bench(n)
        print(f"{n:>10,}  {build:>13.2f}  {mean:>12.2f}  {p95:>11.2f}", flush=True)


if __name__ == "__main__":
    main()
