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

What a video carries (`regression_related`) is not the similarities but a
regression: each movie's viewer-centred rating is predicted from its
NEIGHBOURS' by the coefficients of the conditional expectation under their
shrunk correlations, (S_NN + ridge I) b = S_Ni: correlated neighbours share
their weight instead of counting twice. The ridge is chosen per split on
its training viewers (`choose_ridge`): fitted on some of them, it must best
predict the others' ratings from a few revealed ones. The lists are turned
around to be shipped: movie j lists the movies whose prediction uses j's
rating, with j's coefficient in each, so a view of j tells each of them its
share (`recommender.profile`: the sum of coefficient x surprise over the
seen mass plus RELATED_SHRINK).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from recommender.profile import RELATED_SHRINK

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

RIDGES = (0.3, 1.0, 2.0, 5.0, 10.0, 30.0)
"""The ridge penalties `choose_ridge` tries (a movie's own variance is 1: the correlations' diagonal)."""
CHECK_VIEWERS = 200
"""At most this many held-back training viewers (a seeded sample) check each ridge ..."""
REVEALED = (10, 40)
"""... each with this many of their ratings revealed (in a seeded order) and the rest predicted."""
SOLVE_BLOCK = 512
"""Movies whose regressions are solved in one batched call."""

Related = dict[int, tuple[tuple[int, ...], tuple[float, ...]]]
"""movie -> (related movies, best first; their weights, rounded to 4 places)"""


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
            kept = (col < len(columns)) & (columns[np.minimum(col, len(columns) - 1)] == data.movie[at])
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


def similarities(gram: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Viewer-centred cosine of every two movies, shrunk by their co-ratings (SIM_SHRINK); 0 on the diagonal."""
    norms = np.sqrt(np.maximum(np.diag(gram), 1e-9))
    sim = gram / np.outer(norms, norms) * (counts / (counts + SIM_SHRINK))
    np.fill_diagonal(sim, 0.0)
    return sim


def neighbour_columns(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each movie's best NEIGHBOURS columns, best first, and which of them have a positive similarity."""
    k = min(NEIGHBOURS, sim.shape[1] - 1)
    if k <= 0:
        return np.zeros((sim.shape[0], 0), dtype=np.int64), np.zeros((sim.shape[0], 0), dtype=bool)
    top = np.argpartition(-sim, k, axis=1)[:, :k]
    rows = np.arange(sim.shape[0])[:, None]
    order = np.lexsort((top, -sim[rows, top]), axis=1)  # best first; equal similarities by column
    cols = top[rows, order]
    return cols, sim[rows, cols] > 0


def top_neighbours(gram: np.ndarray, counts: np.ndarray, index: dict[int, int]) -> Related:
    """Each movie's best NEIGHBOURS with a positive similarity, and their similarities."""
    movies_of = list(index)
    if not index:
        return {}
    sim = similarities(gram, counts)
    cols, valid = neighbour_columns(sim)
    return {
        movies_of[i]: (
            tuple(movies_of[j] for j in cols[i][valid[i]].tolist()),
            tuple(round(float(x), 4) for x in sim[i, cols[i][valid[i]]].tolist()),
        )
        for i in range(len(movies_of))
    }


def coefficients(sim: np.ndarray, cols: np.ndarray, valid: np.ndarray, ridge: float) -> np.ndarray:
    """Per movie i, over its neighbours N (`cols`, where `valid`): b solving (S_NN + ridge I) b = S_Ni, S the
    correlations (`sim` with a unit diagonal). 0 where a neighbour is not valid."""
    n, k = cols.shape
    out = np.zeros((n, k))
    eye = np.eye(k)
    for first in range(0, n, SOLVE_BLOCK):
        rows = np.arange(first, min(n, first + SOLVE_BLOCK))
        nb, ok = cols[rows], valid[rows]
        both = ok[:, :, None] & ok[:, None, :]
        a = np.where(both, sim[nb[:, :, None], nb[:, None, :]], 0.0) + (1.0 + ridge) * eye
        rhs = np.where(ok, sim[rows[:, None], nb], 0.0)
        out[rows] = np.linalg.solve(a, rhs[:, :, None])[:, :, 0]
    return out


def normalised(coef: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """`coef` over the mean of each movie's coefficients' sum (movies with neighbours): a movie's coefficients then
    sum to about 1 whatever the ridge. The ridge then changes which neighbours count, not the term's size: the
    weights that learn how much the term counts (`recommender.weights`) hold their pseudo-evidence in absolute
    units, and at a large ridge the regression's small coefficients were held back by it (ridge 1000, unnormalised:
    lift share -0.013 / -0.025 / -0.034 at K=10 / 20 / 50 on the development viewers)."""
    has = valid.any(1)
    mass = float(np.where(valid, coef, 0.0).sum(1)[has].mean()) if has.any() else 0.0
    return coef / mass if mass > 0 else coef


def regression_related(cols: np.ndarray, valid: np.ndarray, coef: np.ndarray, index: dict[int, int]) -> Related:
    """The regressions turned around: movie j -> the movies whose prediction uses j's rating, by coefficient
    (largest first), and j's coefficient in each."""
    movies_of = list(index)
    uses: dict[int, list[tuple[float, int]]] = {}
    for i in range(len(movies_of)):
        for j, b in zip(cols[i][valid[i]].tolist(), coef[i][valid[i]].tolist(), strict=True):
            uses.setdefault(j, []).append((-round(b, 4), i))
    related: Related = {}
    for j, pairs in uses.items():
        pairs.sort()
        related[movies_of[j]] = (tuple(movies_of[i] for _, i in pairs), tuple(-b for b, _ in pairs))
    return related


def centred_rows(data: Dataset, viewers: Sequence[int], index: dict[int, int]) -> np.ndarray:
    """`viewers`' ratings less each one's mean, one row each over `index`'s columns, NaN where not rated."""
    columns = np.array(sorted(index), dtype=np.int64)
    at, row = rows_of(data, viewers)
    stars = data.stars[at]
    means = np.bincount(row, stars, len(viewers)) / np.maximum(np.bincount(row, minlength=len(viewers)), 1)
    col = np.searchsorted(columns, data.movie[at])
    kept = (col < len(columns)) & (columns[np.minimum(col, len(columns) - 1)] == data.movie[at])
    x = np.full((len(viewers), len(index)), np.nan)
    x[row[kept], col[kept]] = (stars - means[row])[kept]
    return x


def prediction_fit(
    cols: np.ndarray, valid: np.ndarray, coef: np.ndarray, x: np.ndarray, seed: int
) -> tuple[float, float]:
    """How well the regressions predict held-back viewers' ratings (rows of `x`) from REVEALED of them, the
    prediction being the profile's related term (the sum of coefficient x revealed rating over the revealed
    coefficients' mass plus RELATED_SHRINK), over every viewer and every rating not revealed: the correlation of
    the rating with the prediction, and the slope of its least-squares fit through 0."""
    rng = random.Random(f"ridge:{seed}")
    predicted, actual = [], []
    weights = np.where(valid, coef, 0.0)
    for row in x:
        rated = np.flatnonzero(~np.isnan(row)).tolist()
        rng.shuffle(rated)
        for shown in REVEALED:
            if len(rated) <= shown:
                continue
            seen = np.zeros(len(row))
            seen[rated[:shown]] = 1.0
            value = np.where(seen > 0, row, 0.0)
            rest = np.array(rated[shown:])
            nb, w = cols[rest], weights[rest]
            mass = (w * seen[nb]).sum(1)
            predicted.append((w * value[nb]).sum(1) / (np.maximum(mass, 0.0) + RELATED_SHRINK))
            actual.append(row[rest])
    if not predicted:
        return 0.0, 1.0
    p, a = np.concatenate(predicted), np.concatenate(actual)
    if not (p.std() > 0 and a.std() > 0):
        return 0.0, 1.0
    return float(np.corrcoef(p, a)[0, 1]), float(p @ a / (p @ p))


def choose_ridge(gram: np.ndarray, counts: np.ndarray, check: np.ndarray, seed: int) -> float:
    """The ridge of RIDGES whose regressions, fitted on `gram` and `counts` (some training viewers' sums), best
    predict the held-back training viewers' ratings `check` (`centred_rows`; `prediction_fit`'s correlation: the
    profile's weights set the term's scale); the first best."""
    if gram.shape[0] < 2 or len(check) == 0:
        return RIDGES[0]
    sim = similarities(gram, counts)
    cols, valid = neighbour_columns(sim)
    fits = [
        prediction_fit(cols, valid, normalised(coefficients(sim, cols, valid, r), valid), check, seed)[0]
        for r in RIDGES
    ]
    return RIDGES[int(np.argmax(fits))]


def regression(gram: np.ndarray, counts: np.ndarray, index: dict[int, int], ridge: float) -> Related:
    """The related lists a split's videos carry: its training viewers' regressions at `ridge`, turned around."""
    if not index:
        return {}
    sim = similarities(gram, counts)
    cols, valid = neighbour_columns(sim)
    return regression_related(cols, valid, normalised(coefficients(sim, cols, valid, ridge), valid), index)


def check_sample(viewers: Sequence[int], seed: int) -> list[int]:
    """The held-back training viewers that check the ridges: CHECK_VIEWERS of `viewers`, seeded, ascending."""
    viewers = sorted(viewers)
    if len(viewers) <= CHECK_VIEWERS:
        return viewers
    return sorted(random.Random(f"check:{seed}").sample(viewers, CHECK_VIEWERS))
