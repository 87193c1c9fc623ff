"""How far the lab's data lets a feed go: `python -m benchmarks.lab_ceiling --data DIR [--seed N]`.

The lab's target for tiktui is a lift share of 0.45 at K=20. This script
asks how much the data holds at all, for a model richer than tiktui's
profile: a Gaussian conditional over movies whose covariance joins
co-rating correlations (shrunk by co-rating count), shared genres, a viewer
bias and per-viewer slopes on the crowd's figures (mean rating, log number
of ratings, release year). Its settings were chosen once, by reasoning
about rating spreads, and are not fitted to any viewers. Global figures are
cross-fitted with the lab's folds. Per K it prints the mean lift share of:

- quality: the lab's quality baseline (the folds match when this matches);
- online: the model picking one movie at a time and learning from each
  revealed rating, by the lab's protocol;
- hindsight: the same model told every *other* rating in the viewer's pool
  (leave-one-out), then ranking the pool. This breaks the protocol on
  purpose: it is an upper bound for the model, not a feed.
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from lab import movielens as lab

BIAS, COENGAGED, GENRE, SLOPE, NOISE = 0.25, 0.5, 0.1, 0.02, 0.3
"""Variances (ratings squared): viewer bias, co-engagement, shared genre, each crowd-figure slope, a rating's noise."""


class Fold:
    """The covariance of one fold's training viewers, over every movie."""

    def __init__(self, data: lab.Dataset, train: dict[int, dict[int, float]]) -> None:
        self.index = {m: i for i, m in enumerate(sorted(data.movies))}
        n = len(self.index)
        x = np.zeros((len(train), n), np.float32)
        mask = np.zeros_like(x)
        for row, ratings in enumerate(train.values()):
            for m, r in ratings.items():
                x[row, self.index[m]] = r
                mask[row, self.index[m]] = 1.0
        count = mask.sum(0)
        quality = lab.quality_scores(train)
        self.quality = np.array([quality.get(m, np.nan) for m in self.index])
        self.quality[np.isnan(self.quality)] = x.sum() / mask.sum()  # never rated here: the average
        centred = (x - x.sum(1, keepdims=True) / mask.sum(1, keepdims=True)) * mask
        gram, co = centred.T @ centred, mask.T @ mask
        norms = np.sqrt(np.maximum(np.diag(gram), 1e-9))
        self.sim = gram / np.outer(norms, norms) * (co / (co + lab.SIM_SHRINK))
        np.fill_diagonal(self.sim, 1.0)
        genres = sorted({g for _, gs, _ in data.movies.values() for g in gs})
        self.genre = np.zeros((n, len(genres)), np.float32)
        year = np.zeros(n)
        for m, i in self.index.items():
            _, gs, y = data.movies[m]
            self.genre[i, [genres.index(g) for g in gs]] = 1.0 / np.sqrt(len(gs))
            year[i] = y or 1990
        crowd = np.stack([self.quality, np.log1p(count), year], 1)
        self.crowd = (crowd - crowd.mean(0)) / crowd.std(0) * np.sqrt(SLOPE)

    def cov(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (
            BIAS
            + COENGAGED * self.sim[np.ix_(a, b)]
            + GENRE * self.genre[a] @ self.genre[b].T
            + self.crowd[a] @ self.crowd[b].T
        )


def lifts(ratings: np.ndarray, order: np.ndarray, ks: tuple[int, ...]) -> dict[int, float]:
    """Lift share at each K of taking the pool in `order` (the lab's own definition)."""
    best, picks = sorted(ratings.tolist(), reverse=True), ratings[order].tolist()
    return {k: v for k in ks if (v := lab.lift_share(best, picks, k)) is not None}


def viewer(fold: Fold, pool: dict[int, float], ks: tuple[int, ...], rng: random.Random) -> dict[str, dict]:
    movies = list(pool)
    rng.shuffle(movies)  # ties go to a seeded shuffle, as in the lab
    items = np.array([fold.index[m] for m in movies])
    ratings = np.array([pool[m] for m in movies])
    prior = fold.quality[items]
    residual = ratings - prior
    full = fold.cov(items, items) + NOISE * np.eye(len(items))
    inverse = np.linalg.inv(full)
    hindsight = prior + residual - inverse @ residual / np.diag(inverse)
    picked: list[int] = []
    left = np.ones(len(items), bool)
    for _ in range(max(k for k in ks if len(items) >= k + 10)):
        score = prior.copy()
        if picked:
            score += full[:, picked] @ np.linalg.solve(full[np.ix_(picked, picked)], residual[picked])
        best = int(np.argmax(np.where(left, score, -np.inf)))
        left[best] = False
        picked.append(best)
    return {
        "quality": lifts(ratings, np.argsort(-prior, kind="stable"), ks),
        "online": lifts(ratings, np.array(picked), ks),
        "hindsight": lifts(ratings, np.argsort(-hindsight, kind="stable"), ks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--k", default="10,20,50")
    args = parser.parse_args()
    ks = tuple(int(k) for k in args.k.split(","))
    started = time.perf_counter()
    data = lab.load(args.data)
    groups = lab.fold_users(data.ratings, args.seed)
    rows: dict[tuple[str, int], list[float]] = {}
    for test in groups:
        fold = Fold(data, {u: data.ratings[u] for g in groups if g is not test for u in g})
        for user in test:
            if len(data.ratings[user]) < min(ks) + 10:
                continue
            rng = random.Random(f"{args.seed}:{user}")
            for name, by_k in viewer(fold, data.ratings[user], ks, rng).items():
                for k, value in by_k.items():
                    rows.setdefault((name, k), []).append(value)
    print(
        f"python -m benchmarks.lab_ceiling --data {args.data} --seed {args.seed}: "
        f"{len(data.ratings)} viewers, {time.perf_counter() - started:.0f} s\n"
    )
    print("| model | " + " | ".join(f"K={k}" for k in ks) + " |")
    print("|---|" + "---|" * len(ks))
    for name in ("quality", "online", "hindsight"):
        cells = []
        for k in ks:
            v = np.array(rows.get((name, k), [np.nan]))
            cells.append(f"{v.mean():.3f} +- {v.std(ddof=1) / np.sqrt(len(v)):.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
