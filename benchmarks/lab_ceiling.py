"""How far the lab's data lets a feed go: `python -m benchmarks.lab_ceiling --data DIR [--seed N]`.

The lab's target for tiktui is a lift share of 0.45 at K=20. This script
asks how much the data holds at all, for a model richer than tiktui's
profile: a Gaussian conditional over movies whose covariance joins
co-rating correlations (shrunk by co-rating count), shared genres, a viewer
bias and per-viewer slopes on the crowd's figures (mean rating, log number
of ratings, release year). Its settings were chosen once, by reasoning
about rating spreads, and are not fitted to any viewers (the model is
`lab.gaussian`, also the lab's `gaussian` learner). Global figures are
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

from lab.data import load
from lab.folds import splits
from lab.gaussian import NOISE, Covariance
from lab.metrics import lift_share


def lifts(ratings: np.ndarray, order: np.ndarray, ks: tuple[int, ...]) -> dict[int, float]:
    """Lift share at each K of taking the pool in `order` (the lab's own definition)."""
    best, picks = sorted(ratings.tolist(), reverse=True), ratings[order].tolist()
    return {k: v for k in ks if (v := lift_share(best, picks, k)) is not None}


def viewer(fold: Covariance, pool: dict[int, float], ks: tuple[int, ...], rng: random.Random) -> dict[str, dict]:
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
    data = load(args.data)
    rows: dict[tuple[str, int], list[float]] = {}
    for split in splits(data, None, args.seed, None):
        fold = Covariance(split.train)
        for user in split.scored:
            pool = data.pool(user)
            if len(pool) < min(ks) + 10:
                continue
            rng = random.Random(f"{args.seed}:{user}")
            for name, by_k in viewer(fold, pool, ks, rng).items():
                for k, value in by_k.items():
                    rows.setdefault((name, k), []).append(value)
    print(
        f"python -m benchmarks.lab_ceiling --data {args.data} --seed {args.seed}: "
        f"{len(data.viewers)} viewers, {time.perf_counter() - started:.0f} s\n"
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
