"""Movies as the app's videos, ratings as the app's views.

A movie becomes a catalog video: genres, tags as hashtags, release year as
upload time, and global figures (views, completion, likes, the audience's
verdict, co-engagement neighbours) from a training set's viewers only.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from recommender.signals import SCALE, View
from recommender.video import Catalog, Video

from .verdict import verdicts

if TYPE_CHECKING:
    from .folds import TrainingSet

RATING_VIEWS: tuple[tuple[float, float, int, bool, bool], ...] = (
    # rating at least, watch share, loops, liked, shared
    (5.0, 1.0, 1, True, True),  # watched to the end, re-watched, liked and shared
    (4.5, 1.0, 1, True, False),  # re-watched and liked
    (4.0, 1.0, 0, True, False),  # completed and liked
    (3.5, 1.0, 0, False, False),  # completed
    (3.0, 0.6, 0, False, False),  # most of it
    (2.5, 0.35, 0, False, False),  # a third, then away
    (0.0, 0.0, 0, False, False),  # 2 or less: skipped in a second or two
)
"""How a rating becomes the view the app would have recorded."""
DURATION_MS = 100_000
"""Every movie is played as a 100-second video."""
MAX_TAGS = 5


def rating_view(video_id: str, rating: float) -> View:
    """The view a rating stands for.

    >>> v = rating_view("m1", 5.0); (v.completed, v.loops, v.liked)
    (True, 1, True)
    >>> rating_view("m1", 2.0).quick_skip
    True
    """
    for least, share, loops, liked, shared in RATING_VIEWS:
        if rating >= least:
            if share == 0.0:
                return View(video_id, DURATION_MS, 1500, 1500)
            watched = round(DURATION_MS * share)
            return View(video_id, DURATION_MS, watched * (loops + 1), watched, loops, liked, shared)
    raise ValueError(rating)


def video_id(movie: int) -> str:
    return f"m{movie}"


def build_catalog(train: TrainingSet, scale: float = SCALE) -> Catalog:
    """Videos for every movie of the dataset, with figures from `train`'s viewers and neighbours; the verdict's
    ratings squashed at `scale` points (`verdict.py`; the app's SCALE unless fitted)."""
    stats = train.movie_stats()
    _, verdict, mean_reward = verdicts(train, scale)
    row = {int(m): i for i, m in enumerate(stats.movie.tolist())}
    related = train.neighbours()
    trainers = set(train.viewers)
    videos = []
    for mid, (title, genres, year) in train.movies.items():
        i = row.get(mid)
        n = int(stats.count[i]) if i is not None else 0
        tags = Counter(t for user, t in train.tags.get(mid, []) if user in trainers)
        rel, weights = related.get(mid, ((), ()))
        videos.append(
            Video(
                video_id(mid),
                title,
                "",
                "",
                genres,
                tuple(t for t, _ in tags.most_common(MAX_TAGS)),
                "",
                DURATION_MS / 1000,
                datetime(year or 1970, 1, 1, tzinfo=UTC).timestamp(),
                views=n,
                completion_rate=int(stats.levels[i, 6:].sum()) / n if n else 0.0,
                likes=int(stats.levels[i, 7:].sum()) if n else 0,
                related=tuple(video_id(m) for m in rel),
                related_weights=weights,
                verdict=float(verdict[i]) if i is not None else mean_reward,
            )
        )
    return Catalog(tuple(videos))
