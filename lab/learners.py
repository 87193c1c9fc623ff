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
from recommender.signals import audience_reward, reward
from recommender.video import Catalog
from recommender.weights import Prior
from recommender.weights import Sequence as Views
from recommender.weights import fit as fit_weights

from .catalog import build_catalog, rating_view, video_id
from .folds import TrainingSet
from .verdict import VERDICT_SHRINK, fit_scale


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


FIT_VIEWERS = 200
FIT_RATINGS = 100
"""The weights' prior is fitted on up to FIT_VIEWERS training viewers, each replayed on up to FIT_RATINGS of their
ratings in a seeded order: enough views (about 15,000) for the weights, a few seconds a split."""


def fit_prior(catalog: Catalog, train: TrainingSet, seed: int) -> Prior:
    """The weights' prior of one split, fitted on its training viewers alone (`recommender.weights.fit`).

    Each viewer's ratings are learned in a seeded order through the app's
    profile; every view gives the terms before it and what it surprised by.
    """
    rng = random.Random(f"fit:{seed}")
    users = sorted(train.viewers)
    rng.shuffle(users)
    sequences: list[Views] = []
    for user in users[:FIT_VIEWERS]:
        pool = train.data.pool(user)
        movies = sorted(pool)
        rng.shuffle(movies)
        profile, seq = TasteProfile(), []
        for mid in movies[:FIT_RATINGS]:
            video = catalog[video_id(mid)]
            view = rating_view(video.id, pool[mid])
            seq.append((profile.raw_terms(video), reward(view) - audience_reward(video) - profile.baseline))
            profile.learn_one(video, view)
        sequences.append(seq)
    return fit_weights(sequences, TasteProfile()._gamma)


class Tiktui:
    """The app's own ranking (`Policy.score`, exploration off), learning each rating through the app's profile,
    whose weights start from a prior fitted on the split's training viewers (`fit_prior`), on videos whose crowd
    verdict squashes the ratings as gently as those viewers' own ratings say (`verdict.fit_scale`)."""

    name = "tiktui"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.priors: list[dict[str, float]] = []
        """Each split's fitted prior, in order: the report prints them."""

    def fit(self, train: TrainingSet) -> None:
        scale = fit_scale(train, self.seed)
        self.catalog = build_catalog(train, scale)
        self.policy = Policy(self.catalog, random.Random(self.seed))
        self.now = max(v.uploaded_at for v in self.catalog.videos) + 365 * 86400.0
        self.prior = fit_prior(self.catalog, train, self.seed)
        self.priors.append(self.prior.as_dict() | {"strength": self.prior.strength, "verdict_scale": scale})

    def start(self, viewer: int) -> None:
        self.profile = TasteProfile(prior=self.prior)

    def pick(self, remaining: Sequence[int]) -> int:
        catalog, policy, profile, now = self.catalog, self.policy, self.profile, self.now
        return max(remaining, key=lambda m: policy.score(profile, catalog[video_id(m)], now))

    def observe(self, movie: int, rating: float) -> None:
        video = self.catalog[video_id(movie)]
        self.profile.learn_one(video, rating_view(video.id, rating))
