"""Synthetic catalogs and histories of any size, for the benchmarks (seeded: the same every run).

`videos(n)` yields n videos shaped like a real catalog: 16 genres, creators
whose popularity is heavy-tailed, sounds and hashtags that recur, lengths
skewed short. `add_videos` puts them in a data file; `add_history` gives it
a viewer's past views, written as the app writes them (show, like, leave).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from recommender.policy import Policy
from recommender.profile import TasteProfile
from recommender.replay import view_detail
from recommender.signals import View
from recommender.store import Store
from recommender.stored_index import StoredIndex
from recommender.video import Video

GENRES = [f"genre{i}" for i in range(16)]
AS_OF = 1_790_000_000.0
"""When the synthetic audience figures were taken (Unix seconds)."""


def videos(n: int, seed: int = 1) -> Iterator[Video]:
    rng = random.Random(seed)
    tags = [f"tag{i}" for i in range(max(50, n // 200))]
    creators, sounds = max(10, n // 6), max(10, n // 20)
    for i in range(n):
        views = int(rng.lognormvariate(8, 1.6)) + 10
        yield Video(
            f"s{i}",
            f"video {i}",
            f"caption of video {i}",
            f"creator{int(creators * rng.random() ** 2)}",
            (rng.choice(GENRES),),
            tuple(rng.sample(tags, 3)),
            f"sound{int(sounds * rng.random() ** 2)}",
            round(min(180.0, 5 + rng.expovariate(1 / 35)), 1),
            AS_OF - rng.uniform(0, 120 * 86400),
            views,
            rng.random(),
            int(views * 0.05 * rng.random()),
            int(views * 0.005 * rng.random()),
            int(views * 0.002 * rng.random()),
            related=tuple(f"s{rng.randrange(n)}" for _ in range(5)),
        )


def add_videos(store: Store, n: int, seed: int = 1) -> None:
    source = videos(n, seed)
    store.import_videos(iter(lambda: list(itertools.islice(source, 50_000)), []))


def add_history(store: Store, views: int, seed: int = 0, picked: bool = False) -> None:
    """`views` finished views of the stored catalog, as a long-time viewer leaves them.

    Random videos by default; with `picked`, the videos the feed itself picked for a viewer who enjoys two
    genres and learns as it goes, so the fronts of that viewer's favourite lists are seen, as in real use.
    """
    rng = random.Random(seed)
    choose = _feed_viewer(store, seed) if picked else _random_viewer(store, rng)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    first_view = store.db.execute("SELECT COALESCE(MAX(id), 0) FROM views").fetchone()[0] + 1
    batch = 5000
    for first in range(first_view, first_view + views, batch):
        view_rows, events = [], []
        for n in range(first, min(first_view + views, first + batch)):
            vid, fan, learn = choose(AS_OF + 30 * n)
            ms = rng.randint(5000, 120_000)
            watched = ms if fan else rng.randint(300, ms)
            view = View(
                vid, ms, watched, watched, loops=int(fan and rng.random() < 0.2), liked=fan and rng.random() < 0.3
            )
            learn(view)
            at = (start + timedelta(seconds=30 * n)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            view_rows.append(
                {
                    "id": n,
                    "video_id": vid,
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
            base = {"ts": at, "view_id": n, "video_id": vid, "session": "bench"}
            events.append({**base, "action": "show", "detail": "popular now"})
            if view.liked:
                events.append({**base, "action": "like", "detail": None})
            events.append({**base, "action": "leave", "detail": view_detail(view, "next")})
        with store.write():
            store.db["views"].insert_all(view_rows)
            store.db["events"].insert_all(events)


def _random_viewer(store: Store, rng: random.Random) -> Callable[[float], tuple[str, bool, Callable[[View], None]]]:
    ids = [row[0] for row in store.db.execute("SELECT id FROM videos ORDER BY rowid")]

    def choose(now: float) -> tuple[str, bool, Callable[[View], None]]:
        return rng.choice(ids), rng.random() < 0.3, _ignore

    return choose


def _ignore(view: View) -> None:
    pass


def _feed_viewer(store: Store, seed: int) -> Callable[[float], tuple[str, bool, Callable[[View], None]]]:
    index = StoredIndex(store.conn)
    policy, profile = Policy(index, random.Random(seed)), TasteProfile()
    enjoys = set(index.genres[:2])

    def choose(now: float) -> tuple[str, bool, Callable[[View], None]]:
        video = policy.next(profile, now).video
        return video.id, bool(enjoys.intersection(video.genres)), lambda view: profile.learn_one(video, view)

    return choose
