"""The lab: replay real viewers (MovieLens ratings) as a feed and measure how well tiktui learns.

Protocol (README, "How well it learns"): each viewer's pool is the movies
they rated. A policy picks K of them one at a time, no repeats, and sees a
rating only after picking; tiktui then learns from it through the same
signals and profile code as the app, by way of RATING_VIEWS. Movies become
catalog videos whose global figures (views, the audience's verdict, tags,
co-engagement neighbours) come only from *other* viewers: five folds of
DIR's viewers (cross-fitting), or the viewers of a separate --train DIR.
Scores depend on the video and on what the viewer revealed, never on which
other movies are in the pool.
"""

from __future__ import annotations

import csv
import math
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from recommender.policy import Policy
from recommender.profile import TasteProfile
from recommender.signals import View, audience_reward, reward
from recommender.video import Catalog, Video
from recommender.weights import Prior, Sequence, fit

RATING_VIEWS: tuple[tuple[float, float, int, bool, bool], ...] = (
    # rating at least, watch share, loops, liked, shared
    (5.0, 1.0, 1, True, True),  # watched to the end, re-watched, liked and shared
    (4.5, 1.0, 1, True, False),  # re-watched and liked
    (4.0, 1.0, 0, True, False),  # completed and liked
    (3.5, 1.0, 0, False, False),  # completed
    (3.0, 0.6, 0, False, False),  # most of it
    (2.5, 0.35, 0, False, False),  # a third, then away
    (0.0, 0.0, 0, False, False),  # 2 or less: skipped in a second or two
)
"""How a rating becomes the view the app would have recorded."""
DURATION_MS = 100_000
"""Every movie is played as a 100-second video."""
FOLDS = 5
VERDICT_SHRINK = 5.0
"""Pseudo-ratings pulling a little-rated movie's verdict (and quality) toward the average."""
NEIGHBOURS = 30
"""Co-engagement neighbours kept per movie."""
SIM_SHRINK = 10.0
"""Co-ratings at which a neighbour similarity counts half."""
MAX_TAGS = 5
FIT_VIEWERS = 200
FIT_RATINGS = 100
"""The weights' prior is fitted on up to FIT_VIEWERS training viewers, each replayed on up to FIT_RATINGS of their
ratings in a seeded order: enough views (about 15,000) for six weights, a few seconds a fold."""
RELEVANT = 4.0
"""precision@K counts a pick as relevant when it was rated this or more (as the literature on interactive
recommendation does)."""


class LabDataError(Exception):
    """The lab's data cannot be used; the message names the file, row and field."""


def rating_view(video_id: str, rating: float) -> View:
    """The view a rating stands for.

    >>> v = rating_view("m1", 5.0); (v.completed, v.loops, v.liked)
    (True, 1, True)
    >>> rating_view("m1", 2.0).quick_skip
    True
    """
    for least, share, loops, liked, shared in RATING_VIEWS:
        if rating >= least:
            if share == 0.0:
                return View(video_id, DURATION_MS, 1500, 1500)
            watched = round(DURATION_MS * share)
            return View(video_id, DURATION_MS, watched * (loops + 1), watched, loops, liked, shared)
    raise ValueError(rating)


# -- reading the data ---------------------------------------------------------------


@dataclass
class Dataset:
    """Ratings, movies and tags of one MovieLens-layout directory."""

    path: Path
    ratings: dict[int, dict[int, float]]
    """user -> movie -> rating"""
    movies: dict[int, tuple[str, tuple[str, ...], int | None]]
    """movie -> (title, genres, release year)"""
    tags: dict[int, list[tuple[int, str]]]
    """movie -> [(user, tag)]"""


def _rows(path: Path, fields: tuple[str, ...]):
    if not path.is_file():
        raise LabDataError(f"{path}: missing (the MovieLens layout needs movies.csv, ratings.csv and tags.csv)")
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header[: len(fields)]) != fields:
                raise LabDataError(
                    f"{path}: row 0 (header), field '-': expected {','.join(fields)}, got "
                    f"{','.join(header or [])[:80]!r}"
                )
            yield from enumerate(reader, start=1)
    except UnicodeDecodeError as err:
        raise LabDataError(f"{path}: not UTF-8 text ({err.reason})") from None


def _field(path: Path, number: int, row: list[str], index: int, name: str, kind: Callable):
    if index >= len(row):
        raise LabDataError(f"{path}: row {number}, field '{name}': missing")
    try:
        return kind(row[index])
    except ValueError:
        raise LabDataError(f"{path}: row {number}, field '{name}': not a valid value: {row[index][:40]!r}") from None


def _rating(text: str) -> float:
    value = float(text)
    if not 0.5 <= value <= 5.0 or value * 2 != int(value * 2):
        raise ValueError(text)
    return value


def load(path: str | Path) -> Dataset:
    """Read and check a directory in the MovieLens ml-latest-small layout."""
    path = Path(path)
    if not path.is_dir():
        raise LabDataError(f"{path}: not a directory")
    movies: dict[int, tuple[str, tuple[str, ...], int | None]] = {}
    file = path / "movies.csv"
    for n, row in _rows(file, ("movieId", "title", "genres")):
        mid = _field(file, n, row, 0, "movieId", int)
        title = _field(file, n, row, 1, "title", str)
        genres = _field(file, n, row, 2, "genres", str)
        names = tuple(g.strip().lower() for g in genres.split("|") if g.strip() and g != "(no genres listed)")
        year = re.search(r"\((\d{4})\)\s*$", title)
        movies[mid] = (title, names or ("none",), int(year.group(1)) if year else None)
    ratings: dict[int, dict[int, float]] = defaultdict(dict)
    file = path / "ratings.csv"
    for n, row in _rows(file, ("userId", "movieId", "rating", "timestamp")):
        user = _field(file, n, row, 0, "userId", int)
        mid = _field(file, n, row, 1, "movieId", int)
        rating = _field(file, n, row, 2, "rating", _rating)
        _field(file, n, row, 3, "timestamp", int)
        if mid not in movies:
            raise LabDataError(f"{file}: row {n}, field 'movieId': {mid} is not in movies.csv")
        ratings[user][mid] = rating
    tags: dict[int, list[tuple[int, str]]] = defaultdict(list)
    file = path / "tags.csv"
    for n, row in _rows(file, ("userId", "movieId", "tag", "timestamp")):
        user = _field(file, n, row, 0, "userId", int)
        mid = _field(file, n, row, 1, "movieId", int)
        tag = "-".join(_field(file, n, row, 2, "tag", str).lower().split())
        if tag:
            tags[mid].append((user, tag))
    if not ratings:
        raise LabDataError(f"{path / 'ratings.csv'}: holds no ratings")
    return Dataset(path, dict(ratings), movies, dict(tags))


# -- global figures, learned from other viewers ---------------------------------------


def neighbour_sums(groups: list[dict[int, dict[int, float]]], index: dict[int, int]):
    """Per group of viewers: co-rating sums over centred ratings (numpy, one matrix product each)."""
    import numpy as np

    out = []
    for users in groups:
        x = np.zeros((len(users), len(index)), dtype=np.float32)
        m = np.zeros_like(x)
        for row, ratings in enumerate(users.values()):
            mean = sum(ratings.values()) / len(ratings)
            for mid, r in ratings.items():
                col = index.get(mid)
                if col is not None:
                    x[row, col] = r - mean
                    m[row, col] = 1.0
        out.append((x.T @ x, m.T @ m))
    return out


def build_catalog(data: Dataset, train: dict[int, dict[int, float]], sums) -> Catalog:
    """Videos for every movie, with figures from `train`'s viewers and co-rating `sums`."""
    import numpy as np

    per_movie: dict[int, list[float]] = defaultdict(list)
    for ratings in train.values():
        for mid, r in ratings.items():
            per_movie[mid].append(r)
    reward_of = {r / 2: reward(rating_view("", r / 2)) for r in range(1, 11)}  # the ten possible ratings
    mean_reward = sum(reward_of[r] for rs in per_movie.values() for r in rs) / sum(map(len, per_movie.values()))
    gram, counts, index = sums
    movies_of = {col: mid for mid, col in index.items()}
    norms = np.sqrt(np.maximum(np.diag(gram), 1e-9))
    sim = gram / np.outer(norms, norms) * (counts / (counts + SIM_SHRINK))
    np.fill_diagonal(sim, 0.0)
    k = min(NEIGHBOURS, sim.shape[1] - 1)
    top = np.argpartition(-sim, k, axis=1)[:, :k] if k > 0 else np.zeros((sim.shape[0], 0), dtype=int)
    related: dict[int, tuple[tuple[str, ...], tuple[float, ...]]] = {}
    for col in range(sim.shape[0]):
        best = sorted(((float(sim[col, j]), int(j)) for j in top[col] if sim[col, j] > 0), reverse=True)
        related[movies_of[col]] = (tuple(f"m{movies_of[j]}" for _, j in best), tuple(round(s, 4) for s, _ in best))
    trainers = set(train)
    videos = []
    for mid, (title, genres, year) in data.movies.items():
        rs = per_movie.get(mid, [])
        verdict = (sum(reward_of[r] for r in rs) + VERDICT_SHRINK * mean_reward) / (len(rs) + VERDICT_SHRINK)
        tags = Counter(t for user, t in data.tags.get(mid, []) if user in trainers)
        uploaded = datetime(year or 1970, 1, 1, tzinfo=UTC).timestamp()
        rel, weights = related.get(mid, ((), ()))
        videos.append(
            Video(
                f"m{mid}",
                title,
                "",
                "",
                genres,
                tuple(t for t, _ in tags.most_common(MAX_TAGS)),
                "",
                DURATION_MS / 1000,
                uploaded,
                views=len(rs),
                completion_rate=sum(r >= 3.5 for r in rs) / len(rs) if rs else 0.0,
                likes=sum(r >= 4.0 for r in rs),
                related=rel,
                related_weights=weights,
                verdict=verdict,
            )
        )
    return Catalog(tuple(videos))


# -- policies ---------------------------------------------------------------------------------


def quality_scores(train: dict[int, dict[int, float]]) -> dict[int, float]:
    """Shrunk mean rating per movie."""
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0])
    total = count = 0.0
    for ratings in train.values():
        for mid, r in ratings.items():
            sums[mid][0] += r
            sums[mid][1] += 1
            total += r
            count += 1
    mean = total / count
    return {mid: (s + VERDICT_SHRINK * mean) / (n + VERDICT_SHRINK) for mid, (s, n) in sums.items()}


def fold_users(users, seed: int) -> list[list[int]]:
    """The cross-fitting folds: viewer ids sorted, shuffled by `seed`, dealt out FOLDS ways."""
    order = sorted(users)
    random.Random(seed).shuffle(order)
    return [order[f::FOLDS] for f in range(FOLDS)]


def lift_share(ratings: list[float], picks: list[float], k: int) -> float | None:
    """(mean of the first `k` picks - viewer mean) / (mean of their `k` best - viewer mean).

    `ratings` is the viewer's whole pool, best first. None when the protocol
    leaves the viewer out at this K: fewer than K+10 ratings, or no best to
    aim for (oracle = random).

    >>> pool = [5.0] * 3 + [4.0] * 3 + [3.0] * 3 + [2.0] * 3
    >>> round(lift_share(pool, [5.0, 4.0], 2), 3), lift_share(pool, [5.0, 4.0, 3.0], 3)
    (0.667, None)
    """
    base = sum(ratings) / len(ratings)
    oracle = sum(ratings[:k]) / k
    if len(ratings) < k + 10 or oracle <= base:
        return None
    return (sum(picks[:k]) / k - base) / (oracle - base)


def replay(pool: dict[int, float], k: int, rng: random.Random, rank: Callable | None) -> list[float]:
    """Ratings of the first `k` picks from `pool`.

    `rank(video_id_list)` is None for the random policy; otherwise a callable
    `choose(remaining) -> movie id` that may learn between picks.
    """
    order = list(pool)
    rng.shuffle(order)  # ties go to a seeded shuffle: movie ids are not neutral
    if rank is None:
        return [pool[m] for m in order[:k]]
    picks = []
    remaining = order
    for _ in range(k):
        mid = rank(remaining)
        remaining = [m for m in remaining if m != mid]
        picks.append(pool[mid])
    return picks


def static_ranker(score: Mapping[int, float]) -> Callable:
    def choose(remaining: list[int]) -> int:
        return max(remaining, key=lambda m: score.get(m, -math.inf))

    return choose


def fit_prior(catalog: Catalog, train: dict[int, dict[int, float]], seed: int) -> Prior:
    """The weights' prior of one fold, fitted on its training viewers alone (`recommender.weights.fit`).

    Each viewer's ratings are learned in a seeded order through the app's
    profile; every view gives the terms before it and what it surprised by.
    """
    rng = random.Random(f"fit:{seed}")
    users = sorted(train)
    rng.shuffle(users)
    sequences: list[Sequence] = []
    for user in users[:FIT_VIEWERS]:
        movies = sorted(train[user])
        rng.shuffle(movies)
        profile, seq = TasteProfile(), []
        for mid in movies[:FIT_RATINGS]:
            video = catalog[f"m{mid}"]
            view = rating_view(video.id, train[user][mid])
            seq.append((profile.raw_terms(video), reward(view) - audience_reward(video) - profile.baseline))
            profile.learn_one(video, view)
        sequences.append(seq)
    return fit(sequences, TasteProfile()._gamma)


def tiktui_ranker(policy: Policy, pool: dict[int, float], now: float, prior: Prior | None = None) -> Callable:
    """tiktui's ranking, learning from each revealed rating through the app's profile code."""
    profile = TasteProfile(prior=prior) if prior else TasteProfile()
    catalog = policy.catalog
    assert isinstance(catalog, Catalog), "the lab's movies are a catalog in memory"
    last: list[int] = []

    def choose(remaining: list[int]) -> int:
        if last:
            video = catalog[f"m{last[-1]}"]
            profile.learn_one(video, rating_view(video.id, pool[last[-1]]))
        best = max(remaining, key=lambda m: policy.score(profile, catalog[f"m{m}"], now))
        last.append(best)
        return best

    return choose


# -- the run --------------------------------------------------------------------------------


@dataclass
class Row:
    policy: str
    k: int
    lifts: list[float] = field(default_factory=list)
    ratings: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        n = len(self.lifts)
        mean = sum(self.lifts) / n if n else float("nan")
        return {
            "policy": self.policy,
            "k": self.k,
            "users": n,
            "lift_share": round(mean, 4),
            "stderr": round(stderr(self.lifts), 4),
            "mean_rating": round(sum(self.ratings) / n, 4) if n else None,
            "precision": round(sum(self.precision) / n, 4) if n else None,
        }


def stderr(values: list[float]) -> float:
    n = len(values)
    if n < 2:
        return float("nan")
    mean = sum(values) / n
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1) / n)


POLICIES = ("tiktui", "quality", "popularity", "random")


def run(
    data_dir: str | Path,
    train_dir: str | Path | None = None,
    ks: tuple[int, ...] = (10, 20, 50),
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Replay every viewer of `data_dir`; return the report as a JSON-ready dict."""
    started = time.perf_counter()
    data = load(data_dir)
    train_data = load(train_dir) if train_dir else None
    users = sorted(data.ratings)
    if train_data is None:
        groups = [{u: data.ratings[u] for u in fold} for fold in fold_users(users, seed)]
        merged = data
    else:
        groups = [{u: data.ratings[u] for u in users}]
        tags = defaultdict(list, {m: list(t) for m, t in data.tags.items()})
        for m, t in train_data.tags.items():
            tags[m].extend(t)
        merged = Dataset(data.path, data.ratings, {**train_data.movies, **data.movies}, dict(tags))
    counts = Counter(
        m for source in ([train_data.ratings] if train_data else groups) for r in source.values() for m in r
    )
    index = {mid: i for i, mid in enumerate(sorted(m for m, c in counts.items() if c >= 2))}
    rows = {(p, k): Row(p, k) for p in POLICIES for k in ks}
    diffs: dict[int, list[float]] = {k: [] for k in ks}
    priors: list[dict[str, float]] = []
    done = 0
    if train_data is None:
        fold_sums = neighbour_sums(groups, index)
        total = (sum(g for g, _ in fold_sums), sum(c for _, c in fold_sums))
    else:
        (total,) = neighbour_sums([train_data.ratings], index)
    for f, test in enumerate(groups):
        if train_data is None:
            train = {u: r for g, grp in enumerate(groups) if g != f for u, r in grp.items()}
            sums = (total[0] - fold_sums[f][0], total[1] - fold_sums[f][1], index)
        else:
            train = train_data.ratings
            sums = (total[0], total[1], index)
        catalog = build_catalog(merged, train, sums)
        policy = Policy(catalog, random.Random(seed))
        now = max(v.uploaded_at for v in catalog.videos) + 365 * 86400.0
        quality = quality_scores(train)
        prior = fit_prior(catalog, train, seed)
        priors.append(prior.as_dict() | {"strength": prior.strength})
        popularity = Counter(m for r in train.values() for m in r)
        for user, pool in test.items():
            k_user = max((k for k in ks if len(pool) >= k + 10), default=0)
            done += 1
            if progress:
                progress(done, len(users))
            if not k_user:
                continue
            picks = {}
            for name in POLICIES:
                rng = random.Random(f"{seed}:{user}")
                rank = (
                    tiktui_ranker(policy, pool, now, prior)
                    if name == "tiktui"
                    else static_ranker(quality)
                    if name == "quality"
                    else static_ranker(popularity)
                    if name == "popularity"
                    else None
                )
                picks[name] = replay(pool, k_user, rng, rank)
            ratings = sorted(pool.values(), reverse=True)
            for k in ks:
                shares = {name: lift_share(ratings, picks[name], k) for name in POLICIES}
                lift = {name: share for name, share in shares.items() if share is not None}
                if len(lift) < len(shares):  # left out at this K (it depends on the pool alone)
                    continue
                for name in POLICIES:
                    rows[(name, k)].lifts.append(lift[name])
                    rows[(name, k)].ratings.append(sum(picks[name][:k]) / k)
                    rows[(name, k)].precision.append(sum(r >= RELEVANT for r in picks[name][:k]) / k)
                diffs[k].append(lift["tiktui"] - lift["quality"])
    return {
        "data": str(data_dir),
        "train": str(train_dir) if train_dir else None,
        "users": len(users),
        "seconds": round(time.perf_counter() - started, 1),
        "results": [rows[(p, k)].summary() for p in POLICIES for k in ks],
        "weights": priors,
        "paired": [
            {
                "k": k,
                "versus": "quality",
                "difference": round(sum(d) / len(d), 4) if d else None,
                "stderr": round(stderr(d), 4),
            }
            for k, d in diffs.items()
        ],
    }
