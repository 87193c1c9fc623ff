"""The learners the lab compares, each one class behind one small interface.

A learner is fitted once per split on the training viewers (`fit`), then
replays each scored viewer: `start(viewer)`, and K times `pick(remaining)`
(one movie of the viewer's pool not yet shown) followed by
`observe(movie, rating)` (the rating of that pick, revealed only after it
was picked). A new learner is one class with these four methods; pass it to
`lab.replay.run(learners=...)`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Protocol

from recommender.policy import Policy
from recommender.profile import TasteProfile

from .catalog import VERDICT_SHRINK, build_catalog, rating_view, video_id
from .folds import TrainingSet


class Learner(Protocol):
    """What the replay asks of a learner (see the module's docstring)."""

    name: str

    def fit(self, train: TrainingSet) -> None: ...

    def start(self, viewer: int) -> None: ...

    def pick(self, remaining: Sequence[int]) -> int: ...

    def observe(self, movie: int, rating: float) -> None: ...


class StaticLearner:
    """A fixed score per movie (set by a subclass's `fit`), best first; learns nothing online.

    Unknown movies come last; ties go to the replay's seeded order.
    """

    name = "static"

    def __init__(self) -> None:
        self.score: dict[int, float] = {}

    def start(self, viewer: int) -> None:
        pass

    def pick(self, remaining: Sequence[int]) -> int:
        return max(remaining, key=lambda m: self.score.get(m, -math.inf))

    def observe(self, movie: int, rating: float) -> None:
        pass


class Quality(StaticLearner):
    """Shrunk mean rating per movie: the best one-size-fits-all order."""

    name = "quality"

    def fit(self, train: TrainingSet) -> None:
        stats = train.movie_stats()
        mean = float(stats.stars.sum()) / int(stats.count.sum())
        self.score = {
            int(m): (float(s) + VERDICT_SHRINK * mean) / (int(n) + VERDICT_SHRINK)
            for m, s, n in zip(stats.movie.tolist(), stats.stars.tolist(), stats.count.tolist(), strict=True)
        }


class Popularity(StaticLearner):
    """Most rated first."""

    name = "popularity"

    def fit(self, train: TrainingSet) -> None:
        self.score = dict(train.popularity())


class RandomOrder:
    """The pool in the replay's seeded shuffle: what a feed that knows nothing gets."""

    name = "random"

    def fit(self, train: TrainingSet) -> None:
        pass

    def start(self, viewer: int) -> None:
        pass

    def pick(self, remaining: Sequence[int]) -> int:
        return remaining[0]

    def observe(self, movie: int, rating: float) -> None:
        pass


class Tiktui:
    """The app's own ranking (`Policy.score`, exploration off), learning each rating through the app's profile."""

    name = "tiktui"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, train: TrainingSet) -> None:
        self.catalog = build_catalog(train)
        self.policy = Policy(self.catalog, random.Random(self.seed))
        self.now = max(v.uploaded_at for v in self.catalog.videos) + 365 * 86400.0

    def start(self, viewer: int) -> None:
        self.profile = TasteProfile()

    def pick(self, remaining: Sequence[int]) -> int:
        catalog, policy, profile, now = self.catalog, self.policy, self.profile, self.now
        return max(remaining, key=lambda m: policy.score(profile, catalog[video_id(m)], now))

    def observe(self, movie: int, rating: float) -> None:
        video = self.catalog[video_id(movie)]
        self.profile.learn_one(video, rating_view(video.id, rating))
