"""The crowd's verdict on a movie, as the lab's videos carry it, and how gently its ratings are squashed.

A movie's verdict is the mean reward of its training viewers' ratings (each
rating read as the view it stands for, `catalog.RATING_VIEWS`), shrunk toward
the average by VERDICT_SHRINK pseudo-ratings. The app squashes a view's
points into a reward at SCALE points (`signals.SCALE`: one completed view
gives tanh(1)), which saturates at the top: a 5 (re-watched, shared) and a 4
(completed, liked) give 0.997 and 0.848, a 2 and a 2.5 -0.635 and 0.336, so a
mean of such rewards orders movies by how rarely they were left rather than
by how much they were loved. How gently the crowd's ratings are squashed is
therefore fitted per split, on its training viewers only (`fit_scale`): the
scale of VERDICT_SCALES whose verdict, worked out without the viewer's own
rating, best orders the viewer's rated movies (mean lift share of the first
FIT_K), on up to FIT_VIEWERS training viewers in a seeded sample.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

import numpy as np

from recommender.signals import SCALE, points

from .metrics import lift_share

if TYPE_CHECKING:
    from .folds import TrainingSet

VERDICT_SHRINK = 5.0
"""Pseudo-ratings pulling a little-rated movie's verdict (and quality) toward the average."""
VERDICT_SCALES = (SCALE, 1.5 * SCALE, 2 * SCALE, 3 * SCALE, 4 * SCALE, 6 * SCALE)
"""Points at which a rating's reward reaches tanh(1), the fit chooses from: the app's own first."""
FIT_VIEWERS = 200
FIT_K = 20


def level_rewards(scale: float) -> np.ndarray:
    """The reward of each of the ten ratings (0.5 ... 5.0 stars) at `scale` points."""
    from .catalog import rating_view  # the one place ratings become views

    return np.array([math.tanh(points(rating_view("", r / 2)) / scale) for r in range(1, 11)])


def verdicts(train: TrainingSet, scale: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Per movie of `train.movie_stats()`: its summed rewards at `scale` and its verdict; and the mean reward."""
    stats = train.movie_stats()
    rewards = level_rewards(scale)
    sums = stats.levels @ rewards
    mean = math.fsum((stats.levels * rewards).ravel().tolist()) / max(int(stats.count.sum()), 1)
    return sums, (sums + VERDICT_SHRINK * mean) / (stats.count + VERDICT_SHRINK), mean


def fit_scale(train: TrainingSet, seed: int) -> float:
    """The scale of VERDICT_SCALES whose leave-one-out verdict best orders the training viewers' own ratings."""
    stats = train.movie_stats()
    row = {int(m): i for i, m in enumerate(stats.movie.tolist())}
    rng = random.Random(f"verdict:{seed}")
    users = sorted(train.viewers)
    rng.shuffle(users)
    pools = []
    for user in users[:FIT_VIEWERS]:
        pool = list(train.data.pool(user).items())
        rng.shuffle(pool)  # ties go to a seeded order, as in the lab
        if len(pool) >= FIT_K + 10:
            rows = np.array([row[m] for m, _ in pool])
            ratings = np.array([r for _, r in pool])
            pools.append((rows, ratings, np.rint(ratings * 2).astype(np.int64) - 1))
    best, best_scale = -math.inf, SCALE
    for scale in VERDICT_SCALES:
        sums, _, mean = verdicts(train, scale)
        rewards = level_rewards(scale)
        lifts = []
        for rows, ratings, levels in pools:
            own = (sums[rows] - rewards[levels] + VERDICT_SHRINK * mean) / (stats.count[rows] - 1 + VERDICT_SHRINK)
            order = np.argsort(-own, kind="stable")
            lift = lift_share(sorted(ratings.tolist(), reverse=True), ratings[order].tolist(), FIT_K)
            if lift is not None:
                lifts.append(lift)
        score = sum(lifts) / len(lifts) if lifts else -math.inf
        if score > best:
            best, best_scale = score, scale
    return best_scale


__all__ = ["FIT_K", "FIT_VIEWERS", "VERDICT_SCALES", "VERDICT_SHRINK", "fit_scale", "level_rewards", "verdicts"]
