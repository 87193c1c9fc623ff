"""The protocol: every learner replays every scored viewer, and the report that compares them.

Each viewer's pool is the movies they rated. A learner picks K of them one
at a time, no repeats, and sees a rating only after picking it. The pool is
first put in a seeded shuffle (per viewer), so ties never favour movie ids.
Scores depend on the movie and on what the viewer revealed, never on which
other movies are in the pool.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from recommender.words import plural

from .data import load
from .errors import LabDataError
from .folds import FOLDS, splits
from .gaussian import DENSE_MOVIES, Gaussian
from .learners import Learner, Popularity, Quality, RandomOrder, Tiktui
from .metrics import lift_share, mean, paired, precision, stderr


def replay(learner: Learner, viewer: int, pool: dict[int, float], k: int, rng: random.Random) -> list[float]:
    """Ratings of `learner`'s first `k` picks from `pool`, in order."""
    remaining = list(pool)
    rng.shuffle(remaining)
    learner.start(viewer)
    picks = []
    for _ in range(k):
        movie = learner.pick(remaining)
        remaining = [m for m in remaining if m != movie]
        picks.append(pool[movie])
        learner.observe(movie, pool[movie])
    return picks


def standard(seed: int, movies: int) -> tuple[list[Learner], list[str]]:
    """The learners `tiktui lab` compares, tiktui first, and why any was left out."""
    learners: list[Learner] = [Tiktui(seed), Quality(), Popularity(), RandomOrder()]
    if movies <= DENSE_MOVIES:
        learners.append(Gaussian())
        return learners, []
    return learners, [f"gaussian left out: {movies} movies, its dense covariance takes at most {DENSE_MOVIES}"]


@dataclass
class Row:
    """One learner at one K: per scored viewer, in the same order for every learner."""

    policy: str
    k: int
    lifts: list[float] = field(default_factory=list)
    precisions: list[float] = field(default_factory=list)
    ratings: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        n = len(self.lifts)
        return {
            "policy": self.policy,
            "k": self.k,
            "users": n,
            "lift_share": round(mean(self.lifts), 4),
            "stderr": round(stderr(self.lifts), 4),
            "precision": round(mean(self.precisions), 4),
            "precision_stderr": round(stderr(self.precisions), 4),
            "mean_rating": round(sum(self.ratings) / n, 4) if n else None,
        }


def margins(rows: dict[tuple[str, int], Row], names: list[str], ks: Sequence[int]) -> list[dict]:
    """The first learner against each other one, per K, paired over the same viewers."""
    out = []
    for other in names[1:]:
        for k in ks:
            first, second = rows[(names[0], k)], rows[(other, k)]
            lift, lift_se = paired(first.lifts, second.lifts)
            prec, prec_se = paired(first.precisions, second.precisions)
            out.append(
                {
                    "k": k,
                    "policy": names[0],
                    "versus": other,
                    "difference": round(lift, 4) if first.lifts else None,
                    "stderr": round(lift_se, 4),
                    "precision_difference": round(prec, 4) if first.lifts else None,
                    "precision_stderr": round(prec_se, 4),
                }
            )
    return out


def run(
    data_dir: str | Path,
    train_dir: str | Path | None = None,
    ks: tuple[int, ...] = (10, 20, 50),
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    viewers: int | None = None,
    learners: list[Learner] | None = None,
) -> dict:
    """Replay the scored viewers of `data_dir` with every learner; return the report as a JSON-ready dict.

    `learners` default to tiktui, quality, popularity, random and (for at most
    DENSE_MOVIES movies) gaussian; the first is the one the paired margins are about.
    """
    started = time.perf_counter()
    data = load(data_dir)
    train_data = load(train_dir) if train_dir else None
    notes: list[str] = []
    if learners is None:
        movies = len(data.movies) if train_data is None else len({**train_data.movies, **data.movies})
        learners, notes = standard(seed, movies)
    names = [learner.name for learner in learners]
    if len(set(names)) != len(names):
        raise ValueError(f"learners need distinct names: {names}")
    rows = {(name, k): Row(name, k) for name in names for k in ks}
    sizes = data.counts()
    done = scored = 0
    plan = list(splits(data, train_data, seed, viewers))
    total = sum(len(split.scored) for split in plan)
    for split in plan:
        if split.note:
            notes.append(split.note)
        if not int(split.train.movie_stats().count.sum()):
            raise LabDataError(
                f"{train_dir or data_dir}: too little data: the viewers whose ratings teach the figures rated nothing "
                f"({plural(len(sizes), 'viewer')} in {data_dir}; each is scored with figures from the others)"
            )
        for learner in learners:
            learner.fit(split.train)
        for user in split.scored:
            done += 1
            if progress:
                progress(done, total)
            k_user = max((k for k in ks if sizes[user] >= k + 10), default=0)
            if not k_user:
                continue
            scored += 1
            pool = data.pool(user)
            picks = {
                learner.name: replay(learner, user, pool, k_user, random.Random(f"{seed}:{user}"))
                for learner in learners
            }
            ratings = sorted(pool.values(), reverse=True)
            for k in ks:
                lift = {name: lift_share(ratings, picks[name], k) for name in names}
                if any(share is None for share in lift.values()):  # left out at this K (it depends on the pool alone)
                    continue
                for name in names:
                    row = rows[(name, k)]
                    row.lifts.append(lift[name])  # type: ignore[arg-type]
                    row.precisions.append(precision(picks[name], k))
                    row.ratings.append(sum(picks[name][:k]) / k)
    if not scored:
        most = max(sizes[u] for split in plan for u in split.scored)
        notes.append(
            f"no viewer scored: a viewer is scored at K when they rated at least K+10 movies, and the most any rated "
            f"here is {most} (K up to {max(0, most - 10)})"
        )
    return {
        "data": str(data_dir),
        "train": str(train_dir) if train_dir else None,
        "users": len(sizes),
        "viewers": viewers,
        "plan": f"--train {train_dir}"
        if train_dir
        else (f"sample of {viewers}, the rest train" if viewers else f"{FOLDS}-fold cross-fitting"),
        "scored": scored,
        "notes": notes,
        "seconds": round(time.perf_counter() - started, 1),
        "results": [rows[(name, k)].summary() for name in names for k in ks],
        "paired": margins(rows, names, ks),
        "weights": [w for learner in learners for w in getattr(learner, "priors", [])],
    }
