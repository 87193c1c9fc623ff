"""The ceiling benchmark's model as a learner: a Gaussian conditional over movies, learning from each rating.

The covariance of two movies' ratings for one viewer joins co-rating
correlations (shrunk by co-rating count), shared genres, a viewer bias and
per-viewer slopes on the crowd's figures (mean rating, log number of
ratings, release year); its settings were chosen once, by reasoning about
rating spreads, not fitted to viewers (`benchmarks/lab_ceiling.py`). After
each revealed rating the next pick is the movie with the highest
conditional mean given the ratings seen.

Dense over every movie: for small data only (at most DENSE_MOVIES movies).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import LabDataError
from .folds import TrainingSet
from .learners import Quality
from .neighbours import SIM_SHRINK, rows_of

BIAS, COENGAGED, GENRE, SLOPE, NOISE = 0.25, 0.5, 0.1, 0.02, 0.3
"""Variances (ratings squared): viewer bias, co-engagement, shared genre, each crowd-figure slope, a rating's noise."""
DENSE_MOVIES = 12_000
"""Past this many movies the dense covariance (and its fit) is too big for the lab's memory budget."""


class Covariance:
    """The covariance of one split's training viewers, over every movie."""

    def __init__(self, train: TrainingSet) -> None:
        if len(train.movies) > DENSE_MOVIES:
            raise LabDataError(f"the gaussian learner is dense: {len(train.movies)} movies, at most {DENSE_MOVIES}")
        self.index = {m: i for i, m in enumerate(sorted(train.movies))}
        n = len(self.index)
        at, row = rows_of(train.data, train.viewers)
        col = np.array([self.index[m] for m in train.data.movie[at].tolist()], dtype=np.int64)
        x = np.zeros((len(train.viewers), n), np.float32)
        mask = np.zeros_like(x)
        x[row, col] = train.data.stars[at]
        mask[row, col] = 1.0
        count = mask.sum(0)
        quality = Quality()
        quality.fit(train)
        self.quality = np.array([quality.score.get(m, np.nan) for m in self.index])
        self.quality[np.isnan(self.quality)] = x.sum() / mask.sum()  # never rated here: the average
        centred = (x - x.sum(1, keepdims=True) / mask.sum(1, keepdims=True)) * mask
        gram, co = centred.T @ centred, mask.T @ mask
        del x, mask, centred
        norms = np.sqrt(np.maximum(np.diag(gram), 1e-9))
        self.sim = gram / np.outer(norms, norms) * (co / (co + SIM_SHRINK))
        del gram, co
        np.fill_diagonal(self.sim, 1.0)
        genres = sorted({g for _, gs, _ in train.movies.values() for g in gs})
        self.genre = np.zeros((n, len(genres)), np.float32)
        year = np.zeros(n)
        for m, i in self.index.items():
            _, gs, y = train.movies[m]
            self.genre[i, [genres.index(g) for g in gs]] = 1.0 / np.sqrt(len(gs))
            year[i] = y or 1990
        crowd = np.stack([self.quality, np.log1p(count), year], 1)
        spread = crowd.std(0)
        self.crowd = (crowd - crowd.mean(0)) / np.where(spread > 0, spread, 1.0) * np.sqrt(SLOPE)  # all alike: 0

    def cov(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (
            BIAS
            + COENGAGED * self.sim[np.ix_(a, b)]
            + GENRE * self.genre[a] @ self.genre[b].T
            + self.crowd[a] @ self.crowd[b].T
        )


class Gaussian:
    """The ceiling benchmark's online model: the highest conditional mean given the ratings seen."""

    name = "gaussian"

    def fit(self, train: TrainingSet) -> None:
        self.model = Covariance(train)

    def start(self, viewer: int) -> None:
        self.movies: list[int] = []

    def pick(self, remaining: Sequence[int]) -> int:
        if not self.movies:  # the first pick sees the whole pool: the covariance is taken over it once
            self.movies = list(remaining)
            self.place = {m: i for i, m in enumerate(self.movies)}
            items = np.array([self.model.index[m] for m in self.movies])
            self.prior = self.model.quality[items]
            self.full = self.model.cov(items, items) + NOISE * np.eye(len(items))
            self.residual = np.zeros(len(items))
            self.left = np.ones(len(items), bool)
            self.picked: list[int] = []
        score = self.prior.copy()
        if self.picked:
            p = self.picked
            score += self.full[:, p] @ np.linalg.solve(self.full[np.ix_(p, p)], self.residual[p])
        return self.movies[int(np.argmax(np.where(self.left, score, -np.inf)))]

    def observe(self, movie: int, rating: float) -> None:
        i = self.place[movie]
        self.residual[i] = rating - self.prior[i]
        self.left[i] = False
        self.picked.append(i)
