"""Co-engagement neighbours of movies: the top NEIGHBOURS by viewer-centred cosine, shrunk by co-ratings.

Sums are kept per group of viewers (a cross-fitting fold, or the training
viewers of a split), so a fold's figures are the total less its own group:
one pass over the ratings whatever the number of folds. Each group is
summed in blocks of USER_BLOCK viewers (one dense matrix product per block,
numpy), over at most NEIGHBOUR_MOVIES movies: the most rated by the
viewers when more than that many are rated twice or more, and over at most
NEIGHBOUR_VIEWERS viewers (a seeded sample). Memory is then bounded by the
movies kept, never by the number of ratings: 6,000 movies take 144 MB per
matrix whether 100,000 or 25 million ratings made it; time by both caps.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from .data import Dataset

NEIGHBOURS = 30
"""Co-engagement neighbours kept per movie."""
SIM_SHRINK = 10.0
"""Co-ratings at which a neighbour similarity counts half."""
NEIGHBOUR_MOVIES = 6000
"""At most this many movies have neighbours (and are neighbours): the most rated."""
USER_BLOCK = 8192
"""Viewers per matrix product."""
NEIGHBOUR_VIEWERS = 30_000
"""Co-ratings are summed over at most this many viewers (a seeded sample, shared among the groups)."""

Related = dict[int, tuple[tuple[int, ...], tuple[float, ...]]]
"""movie -> (neighbour movies, best first; their similarities, rounded to 4 places)"""


def rows_of(data: Dataset, viewers: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """For `viewers` in order: each of their ratings' position in the columns, and the viewer's place in `viewers`."""
    i = np.searchsorted(data.viewers, np.asarray(viewers, dtype=np.int64))
    start, lengths = data.starts[i], data.starts[i + 1] - data.starts[i]
    offsets = np.repeat(start - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(int(lengths.sum())), np.repeat(np.arange(len(viewers)), lengths)


def neighbour_index(data: Dataset, viewers: Sequence[int]) -> dict[int, int]:
    """Movie -> column: the movies rated at least twice by `viewers`, at most NEIGHBOUR_MOVIES (the most rated)."""
    at, _ = rows_of(data, viewers)
    movies, counts = np.unique(data.movie[at], return_counts=True)
    keep = movies[counts >= 2]
    if len(keep) > NEIGHBOUR_MOVIES:
        most = np.argsort(-counts[counts >= 2], kind="stable")[:NEIGHBOUR_MOVIES]
        keep = np.sort(keep[most])
    return {int(m): i for i, m in enumerate(keep.tolist())}


def group_sums(data: Dataset, groups: Sequence[Sequence[int]], index: dict[int, int], seed: int = 0):
    """Per group of viewers: (sum of x.T @ x, sum of m.T @ m) over viewer-centred ratings x and their mask m.

    A group of more than NEIGHBOUR_VIEWERS / len(groups) viewers is summed over
    a seeded sample of that many: the cost is viewers x movies^2, and 30,000
    viewers rate the 6,000 most rated movies often enough.
    """
    columns = np.array(sorted(index), dtype=np.int64)
    out = []
    most = NEIGHBOUR_VIEWERS // max(len(groups), 1)
    for g, viewers in enumerate(groups):
        if len(viewers) > most:
            viewers = sorted(random.Random(f"neighbours:{seed}:{g}").sample(list(viewers), most))
        gram = np.zeros((len(index), len(index)), np.float32)
        counts = np.zeros_like(gram)
        for first in range(0, max(len(viewers), 1), USER_BLOCK):
            block = list(viewers[first : first + USER_BLOCK])
            at, row = rows_of(data, block)
            stars = data.stars[at]
            means = np.bincount(row, stars, len(block)) / np.maximum(np.bincount(row, minlength=len(block)), 1)
            col = np.searchsorted(columns, data.movie[at])
            if len(columns):
                kept = (col < len(columns)) & (columns[np.minimum(col, len(columns) - 1)] == data.movie[at])
            else:  # no movie rated twice: no neighbours (a tiny set)
                kept = np.zeros(len(col), bool)
            x = np.zeros((len(block), len(index)), np.float32)
            m = np.zeros_like(x)
            x[row[kept], col[kept]] = (stars - means[row])[kept]
            m[row[kept], col[kept]] = 1.0
            if first == 0:
                gram, counts = x.T @ x, m.T @ m
            else:
                gram += x.T @ x
                counts += m.T @ m
        out.append((gram, counts))
    return out


def top_neighbours(gram: np.ndarray, counts: np.ndarray, index: dict[int, int]) -> Related:
    """Each movie's best NEIGHBOURS with a positive similarity."""
    movies_of = dict(enumerate(index))
    related: Related = {}
    if not index:
        return related
    norms = np.sqrt(np.maximum(np.diag(gram), 1e-9))
    sim = gram / np.outer(norms, norms) * (counts / (counts + SIM_SHRINK))
    np.fill_diagonal(sim, 0.0)
    k = min(NEIGHBOURS, sim.shape[1] - 1)
    top = np.argpartition(-sim, k, axis=1)[:, :k] if k > 0 else np.zeros((sim.shape[0], 0), dtype=int)
    for col in range(sim.shape[0]):
        best = sorted(((float(sim[col, j]), int(j)) for j in top[col] if sim[col, j] > 0), reverse=True)
        related[movies_of[col]] = (tuple(movies_of[j] for _, j in best), tuple(round(s, 4) for s, _ in best))
    return related
