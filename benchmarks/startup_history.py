"""Start-up against the viewer's history: `python -m benchmarks.startup_history [--views 100000]`.

Builds a data file holding N past views (their show, like and leave events,
as the app writes them), then times opening a feed session on it and showing
the first card: with the snapshot tiktui keeps at quit, without it (the whole
log replayed), and on an empty history as the reference. Medians of
alternating runs in one process; ratios are against the empty history
measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.replay import SNAPSHOT_FORMAT
from recommender.store import Store

from .synthetic import add_history


def build_history(path: Path, views: int) -> None:
    """A data file with the shipped catalog and `views` finished views, as a long-time viewer leaves it."""
    store = Store.open(path)
    stored_catalog(store, FakeClock())
    add_history(store, views)
    store.close()


def first_card_seconds(path: Path) -> float:
    """Open the data file, a feed session on it, and the first card, as `tiktui` does."""
    t0 = time.perf_counter()
    store = Store.open(path)
    clock = FakeClock()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
    session.start()
    took = time.perf_counter() - t0
    store.conn.rollback()
    store.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--views", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty, full = Path(tmp) / "empty.db", Path(tmp) / "full.db"
        build_history(empty, 0)
        t0 = time.perf_counter()
        build_history(full, args.views)
        print(f"built a history of {args.views:,} views in {time.perf_counter() - t0:.1f} s")
        store = Store.open(full)
        t0 = time.perf_counter()
        state = load_state(store, stored_catalog(store, FakeClock()))  # replays everything and keeps a snapshot
        print(
            f"replaying the whole log: {time.perf_counter() - t0:.2f} s ({state.profile.views_learned:,} views learned)"
        )
        snapshot = store.load_snapshot(SNAPSHOT_FORMAT)
        assert snapshot is not None
        with store.write():
            store.conn.execute("DELETE FROM snapshot")
        store.close()
        timings: dict[str, list[float]] = {"empty history": [], "with snapshot": [], "without snapshot": []}
        for _ in range(args.runs):
            timings["empty history"].append(first_card_seconds(empty))
            store = Store.open(full)
            store.save_snapshot(snapshot[0], SNAPSHOT_FORMAT, snapshot[1])
            store.close()
            timings["with snapshot"].append(first_card_seconds(full))
            store = Store.open(full)
            with store.write():
                store.conn.execute("DELETE FROM snapshot")
            store.close()
            timings["without snapshot"].append(first_card_seconds(full))
    reference = statistics.median(timings["empty history"])
    print(f"\nsession open to first card (median of {args.runs}), {args.views:,} past views:")
    for name, runs in timings.items():
        median = statistics.median(runs)
        print(f"  {name:<17} {median * 1000:8.1f} ms  {median / reference:5.2f}x the empty history")


if __name__ == "__main__":
    main()
