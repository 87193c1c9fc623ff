"""A long session: `python -m benchmarks.session_soak [--swipes 2000]`.

Drives a simulated viewer through a FeedSession on a real SQLite file (WAL,
fake clock) and prints the process's resident memory at swipe 500 and at the
end, how long committing one swipe (the finished view and the next one) takes (median, 99th percentile),
and the longest garbage collection during the swipes, with the collector set up as the app sets it
(`gc.freeze()` once the first card is up).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

from recommender.clock import FakeClock
from recommender.feed import FeedSession, stored_catalog
from recommender.store import Store

from .gc_pauses import record_pauses


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--swipes", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        store = Store.open(Path(tmp) / "tiktui.db")
        session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
        rng = random.Random(1)
        card = session.start()
        gc.freeze()  # as tuiapp.app does once the first card is drawn
        pauses = record_pauses()
        commits, marks = [], {}
        real_record = store.record

        def timed_record(*a, **k):
            t0 = time.perf_counter()
            result = real_record(*a, **k)
            if k.get("finish") is not None:  # a swipe: the finished view, its events and the next view
                commits.append(time.perf_counter() - t0)
            return result

        store.record = timed_record  # type: ignore[method-assign]
        for swipe in range(1, args.swipes + 1):
            fan = card.video.genre in ("cooking", "science")
            if fan and rng.random() < 0.3:
                session.toggle_like()
            clock.advance(card.video.duration_s if fan else rng.uniform(0.5, 2))
            card = session.next()
            if swipe in (500, args.swipes):
                marks[swipe] = rss_mb()
        commits.sort()
        first, last = marks[500], marks[args.swipes]
        print(f"swipes: {args.swipes} over the {len(session.catalog):,}-video shipped catalog")
        print(
            f"memory: {first:.1f} MB at swipe 500, {last:.1f} MB at swipe {args.swipes} ({(last - first) / first:+.1%})"
        )
        print(
            f"commit of one swipe: median {statistics.median(commits) * 1000:.2f} ms, "
            f"p99 {commits[int(0.99 * len(commits))] * 1000:.2f} ms"
        )
        print(f"garbage collections: {len(pauses)}, the longest {max(pauses, default=0.0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
