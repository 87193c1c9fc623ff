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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.replay import SNAPSHOT_FORMAT, view_detail
from recommender.signals import View
from recommender.store import Store


def build_history(path: Path, views: int, seed: int = 0) -> None:
    """A data file with `views` finished views of the shipped catalog, as a long-time viewer leaves it."""
    store = Store.open(path)
    catalog = stored_catalog(store, FakeClock())
    rng = random.Random(seed)
    videos = catalog.videos
    start = datetime(2025, 1, 1, tzinfo=UTC)
    batch = 5000
    for first in range(0, views, batch):
        view_rows, events = [], []
        for n in range(first, min(views, first + batch)):
            video = rng.choice(videos)
            ms = round(video.duration_s * 1000)
            fan = video.genre in ("cooking", "pets", "science")
            watched = ms if fan else rng.randint(300, ms)
            view = View(
                video.id, ms, watched, watched, loops=int(fan and rng.random() < 0.2), liked=fan and rng.random() < 0.3
            )
            at = (start + timedelta(seconds=30 * n)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            view_rows.append(
                {
                    "id": n + 1,
                    "video_id": video.id,
                    "feed": "foryou",
                    "started_at": at,
                    "ended_at": at,
                    "dwell_ms": watched,
                    "watched_ms": watched,
                    "duration_ms": ms,
                    "loops": view.loops,
                    "liked": int(view.liked),
                    "reason": "popular now",
                    "source": "exploit",
                    "session": "bench",
                }
            )
            events.append(
                {
                    "ts": at,
                    "view_id": n + 1,
                    "video_id": video.id,
                    "action": "show",
                    "detail": "popular now",
                    "session": "bench",
                }
            )
            if view.liked:
                events.append(
                    {
                        "ts": at,
                        "view_id": n + 1,
                        "video_id": video.id,
                        "action": "like",
                        "detail": None,
                        "session": "bench",
                    }
                )
            events.append(
                {
                    "ts": at,
                    "view_id": n + 1,
                    "video_id": video.id,
                    "action": "leave",
                    "detail": view_detail(view, "next"),
                    "session": "bench",
                }
            )
        with store.write():
            store.db["views"].insert_all(view_rows)
            store.db["events"].insert_all(events)
    store.close()


def first_card_seconds(path: Path) -> float:
    """Open the data file, a feed session on it, and the first card, as `tiktui` does."""
    t0 = time.perf_counter()
    store = Store.open(path)
    clock = FakeClock()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
    session.start()
    took = time.perf_counter() - t0
    store.db.conn.rollback()
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
        state = load_state(store, store.catalog())  # replays everything and keeps a snapshot
        print(
            f"replaying the whole log: {time.perf_counter() - t0:.2f} s ({state.profile.views_learned:,} views learned)"
        )
        snapshot = store.load_snapshot(SNAPSHOT_FORMAT)
        assert snapshot is not None
        store.db.execute("DELETE FROM snapshot")
        store.close()
        timings: dict[str, list[float]] = {"empty history": [], "with snapshot": [], "without snapshot": []}
        for _ in range(args.runs):
            timings["empty history"].append(first_card_seconds(empty))
            store = Store.open(full)
            store.save_snapshot(snapshot[0], SNAPSHOT_FORMAT, snapshot[1])
            store.close()
            timings["with snapshot"].append(first_card_seconds(full))
            store = Store.open(full)
            store.db.execute("DELETE FROM snapshot")
            store.close()
            timings["without snapshot"].append(first_card_seconds(full))
    reference = statistics.median(timings["empty history"])
    print(f"\nsession open to first card (median of {args.runs}), {args.views:,} past views:")
    for name, runs in timings.items():
        median = statistics.median(runs)
        print(f"  {name:<17} {median * 1000:8.1f} ms  {median / reference:5.2f}x the empty history")


if __name__ == "__main__":
    main()
