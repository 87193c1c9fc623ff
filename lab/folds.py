"""Who is scored and whose ratings teach the global figures.

Global figures never come from the viewer being scored. Three plans:

- cross-fitting (the default): DIR's viewers are dealt into FOLDS seeded
  folds; each fold is scored with figures from the other four;
- `--viewers N`: a seeded sample of N of DIR's viewers is scored, with
  figures from all the others (one split: what makes a large set tractable);
- `--train DIR2`: figures from DIR2's viewers alone; every viewer of DIR (or
  a sample of N) is scored.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .data import Dataset
from .errors import LabDataError
from .neighbours import Related, group_sums, neighbour_index, rows_of, top_neighbours

FOLDS = 5


def fold_users(users, seed: int) -> list[list[int]]:
    """The cross-fitting folds: viewer ids sorted, shuffled by `seed`, dealt out FOLDS ways."""
    order = sorted(users)
    random.Random(seed).shuffle(order)
    return [order[f::FOLDS] for f in range(FOLDS)]


def sample_viewers(users, n: int, seed: int) -> list[int]:
    """`n` of `users`, drawn by `seed` (the same for one seed and one set of viewers), ascending.

    >>> sample_viewers(range(10), 3, seed=1) == sample_viewers(list(range(9, -1, -1)), 3, seed=1)
    True
    """
    order = sorted(users)
    if not 1 <= n <= len(order):
        raise LabDataError(f"--viewers {n}: the data has {len(order)} viewers (ask for 1 to {len(order)})")
    return sorted(random.Random(f"viewers:{seed}").sample(order, n))


@dataclass
class MovieStats:
    """Per movie rated by a training set: count and how many ratings of each of the ten values."""

    movie: np.ndarray
    count: np.ndarray
    levels: np.ndarray
    """(movies, 10): ratings of 0.5, 1.0, ... 5.0."""
    stars: np.ndarray
    """Sum of ratings."""


@dataclass
class TrainingSet:
    """The viewers whose ratings teach a split's global figures, and the dataset they come from."""

    data: Dataset
    """Where the training viewers' ratings are."""
    viewers: list[int]
    neighbours: Callable[[], Related]
    """The co-engagement neighbours of this split (computed once, when a learner first asks)."""
    movies: dict[int, tuple[str, tuple[str, ...], int | None]]
    """Every movie a viewer may be shown: (title, genres, release year)."""
    tags: dict[int, list[tuple[int, str]]]
    """movie -> [(user, tag)]; a learner counts the training viewers' tags only."""
    _stats: MovieStats | None = field(default=None, repr=False)

    def movie_stats(self) -> MovieStats:
        if self._stats is None:
            at, _ = rows_of(self.data, self.viewers)
            movies, inverse = np.unique(self.data.movie[at], return_inverse=True)
            stars = self.data.stars[at]
            level = np.rint(stars * 2).astype(np.int64) - 1  # 0.5 stars -> 0 ... 5.0 -> 9
            levels = np.bincount(inverse * 10 + level, minlength=len(movies) * 10).reshape(len(movies), 10)
            count = levels.sum(1)
            self._stats = MovieStats(movies, count, levels, np.bincount(inverse, stars, len(movies)))
        return self._stats

    def popularity(self) -> dict[int, int]:
        stats = self.movie_stats()
        return dict(zip(stats.movie.tolist(), stats.count.tolist(), strict=True))


@dataclass
class Split:
    scored: list[int]
    """Viewers to replay, in order."""
    train: TrainingSet
    note: str | None = None
    """What the report should say about this split's training viewers."""


def same_viewers(data: Dataset, train_data: Dataset, scored: list[int]) -> list[int]:
    """The scored viewers that `train_data` holds too, with the same ratings: one viewer, not two with one id (held-out
    viewers numbered from 1 again share ids with the training set's, and are other people)."""
    shared = np.intersect1d(np.asarray(scored, dtype=np.int64), train_data.viewers).tolist()
    return [u for u in shared if data.pool(u) == train_data.pool(u)]


def _once(compute: Callable[[], Related]) -> Callable[[], Related]:
    kept: list[Related] = []

    def neighbours() -> Related:
        if not kept:
            kept.append(compute())
        return kept[0]

    return neighbours


def _neighbours_of(data: Dataset, viewers: list[int], index: dict[int, int], seed: int) -> Related:
    ((gram, counts),) = group_sums(data, [viewers], index, seed)
    return top_neighbours(gram, counts, index)


def splits(data: Dataset, train_data: Dataset | None, seed: int, viewers: int | None) -> Iterator[Split]:
    """The plan's splits, in order (see the module's docstring)."""
    users = data.viewers.tolist()
    scored = sample_viewers(users, viewers, seed) if viewers is not None else users
    if train_data is not None:
        twice = same_viewers(data, train_data, scored)
        left_out = set(twice)
        trainers = [u for u in train_data.viewers.tolist() if u not in left_out]
        if not trainers:
            raise LabDataError(
                f"{train_data.path}: every viewer there is one scored from {data.path}, with the same ratings: "
                "a viewer is scored on figures from other viewers (leave out --train to cross-fit the data's viewers)"
            )
        index = neighbour_index(train_data, trainers)
        neighbours = _once(lambda: _neighbours_of(train_data, trainers, index, seed))
        tags = {m: list(t) for m, t in data.tags.items()}
        for m, t in train_data.tags.items():
            tags.setdefault(m, []).extend(t)
        note = (
            f"{len(twice)} of the scored viewers are in {train_data.path} too, with the same ratings: left out of the "
            "figures there, which never come from the viewer being replayed"
            if twice
            else None
        )
        movies = {**train_data.movies, **data.movies}
        yield Split(scored, TrainingSet(train_data, trainers, neighbours, movies, tags), note)
        return
    if viewers is not None:
        chosen = set(scored)
        rest = [u for u in users if u not in chosen]
        index = neighbour_index(data, rest)
        neighbours = _once(lambda: _neighbours_of(data, rest, index, seed))
        yield Split(scored, TrainingSet(data, rest, neighbours, data.movies, data.tags))
        return
    groups = fold_users(users, seed)
    index = neighbour_index(data, users)
    sums: list = []

    def fold_neighbours(f: int) -> Callable[[], Related]:
        def compute() -> Related:
            if not sums:
                sums.extend(group_sums(data, groups, index, seed))
                sums.append((sum(g for g, _ in sums), sum(c for _, c in sums)))
            (gram, counts), (total_gram, total_counts) = sums[f], sums[-1]
            return top_neighbours(total_gram - gram, total_counts - counts, index)

        return _once(compute)

    for f, test in enumerate(groups):
        rest = [u for g, group in enumerate(groups) if g != f for u in group]
        yield Split(test, TrainingSet(data, rest, fold_neighbours(f), data.movies, data.tags))
