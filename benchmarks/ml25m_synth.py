"""A synthetic ratings set of MovieLens 25M's shape, in the ml-latest-small layout.

`python -m benchmarks.ml25m_synth OUT [--viewers 162000] [--movies 62000] [--ratings 25000000] [--seed 0]`

writes OUT/movies.csv, OUT/ratings.csv, OUT/tags.csv (and a README.txt
saying how they were made) for `tiktui lab --data OUT`. The shape follows
MovieLens 25M's outline (25 million ratings of 162,000 viewers, about 154
each). Measured on the full-size set of seed 0: viewers rate at least 20
movies, median 81, mean 154, the most active 15,464; movies' popularity
falls off like a power of their rank: the most rated is rated by 110,122
viewers, the median movie by 34; the 6,000 most rated hold 89% of the
ratings. 1 to 3 genres per movie with MovieLens's genre frequencies;
ratings in half stars, 81% whole stars, mean 3.9 (MovieLens's is about 3.5:
this taste model rates a little high); timestamps from 1996 to 2019, each
viewer's within a span of their own; one tag per 23 ratings (1.09 million).

Ratings come from a taste model (movie quality, viewer bias, genre tastes
and a few latent factors, plus noise), so neighbours and genres carry
signal as in real data; the numbers are not MovieLens's. Written in chunks
of viewers with numpy (memory stays in the hundreds of MB at full size).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

GENRES = {  # MovieLens 25M's movies per genre
    "Drama": 25606, "Comedy": 16870, "Thriller": 8654, "Romance": 7719, "Action": 7348, "Horror": 5989,
    "Documentary": 5605, "Crime": 5319, "Adventure": 4145, "Sci-Fi": 3595, "Children": 2935, "Animation": 2929,
    "Mystery": 2925, "Fantasy": 2731, "War": 1874, "Western": 1399, "Musical": 1054, "Film-Noir": 353, "IMAX": 195,
}  # fmt: skip
FACTORS = 8
CHUNK_VIEWERS = 4000
POPULAR_ROUNDS = 8
POPULARITY_POWER, POPULARITY_OFFSET = 1.6, 40.0
"""A movie's chance to be rated falls as (rank + offset) ** -power."""
TAG_WORDS = (
    "atmospheric", "twist-ending", "visually-appealing", "dark-comedy", "based-on-a-book", "funny", "classic",
    "thought-provoking", "sci-fi", "quirky", "dystopia", "surreal", "romance", "violence", "great-soundtrack",
    "predictable", "boring", "cult-film", "time-travel", "space",
)  # fmt: skip
START, END = 820_454_400, 1_574_000_000  # 1996-01-01 .. late 2019
STARS = np.array([f"{s / 2:.1f}" for s in range(11)])


def activity(rng: np.random.Generator, viewers: int, ratings: int, movies: int) -> np.ndarray:
    """Ratings per viewer: at least 20, log-normal tail, summing to `ratings` exactly."""
    floor = min(20, ratings // viewers, movies)
    extra = rng.lognormal(np.log(50.0), 1.25, viewers)
    extra = np.minimum(extra / extra.sum() * (ratings - floor * viewers), movies // 4 - floor)
    n = floor + np.floor(extra).astype(np.int64)
    short = ratings - int(n.sum())
    while short > 0:  # hand out what the rounding and the cap took, one more each to some
        room = np.flatnonzero(n < movies // 4)
        more = rng.choice(room, min(short, len(room)), replace=False)
        n[more] += 1
        short -= len(more)
    return n


def write_movies(out: Path, rng: np.random.Generator, movies: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    names = list(GENRES)
    share = np.array(list(GENRES.values()), float)
    share /= share.sum()
    count = rng.choice([1, 1, 1, 2, 2, 3], movies)
    genre = np.zeros((movies, len(names)), np.float32)
    year = np.clip(np.rint(2019 - rng.exponential(18.0, movies)), 1900, 2019).astype(int)
    lines = ["movieId,title,genres\n"]
    ranked = np.argsort(-(np.log(share) + rng.gumbel(size=(movies, len(names)))), axis=1)  # draws without replacement
    none = rng.random(movies) < 0.03
    for m in range(movies):
        gs = ranked[m, : count[m]]
        genre[m, gs] = 1.0
        label = "(no genres listed)" if none[m] else "|".join(names[g] for g in sorted(gs.tolist()))
        lines.append(f'{m + 1},"Synthetic movie {m + 1} ({year[m]})",{label}\n')
    (out / "movies.csv").write_text("".join(lines), encoding="utf-8")
    rank = rng.permutation(movies)  # popularity is not in id order
    weight = (rank + POPULARITY_OFFSET) ** -POPULARITY_POWER
    return genre, year, weight / weight.sum()


def generate(out: Path, viewers: int, movies: int, ratings: int, seed: int, log=print) -> dict:
    """Write the three files; return their counts."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    genre, year, popularity = write_movies(out, rng, movies)
    cdf = np.cumsum(popularity)
    cdf /= cdf[-1]
    quality = rng.normal(0, 0.45, movies) + 0.15 * np.log(popularity / popularity.mean())  # the rated are liked
    factor = rng.normal(0, 0.35, (movies, FACTORS))
    release = np.array([np.datetime64(f"{y}-01-01", "s").astype(np.int64) for y in year])
    n = activity(rng, viewers, ratings, movies)
    written = tags = 0
    with (
        (out / "ratings.csv").open("w", encoding="utf-8") as rf,
        (out / "tags.csv").open("w", encoding="utf-8") as tf,
    ):
        rf.write("userId,movieId,rating,timestamp\n")
        tf.write("userId,movieId,tag,timestamp\n")
        for first in range(0, viewers, CHUNK_VIEWERS):
            count = n[first : first + CHUNK_VIEWERS]
            local, movie = draw(rng, count, cdf, movies)  # local: the viewer's place in this chunk
            user = first + local
            size = len(count)
            bias = rng.normal(0, 0.4, size)
            taste = rng.normal(0, 0.45, (size, len(GENRES)))
            latent = rng.normal(0, 0.35, (size, FACTORS))
            whole = rng.random(size) < 0.55  # viewers who use whole stars only
            g = genre[movie]
            raw = (
                3.55
                + quality[movie]
                + bias[local]
                + (taste[local] * g).sum(1) / np.maximum(g.sum(1), 1)
                + (latent[local] * factor[movie]).sum(1)
                + rng.normal(0, 0.6, len(movie))
            )
            half = np.where(whole[local], 2 * np.rint(np.clip(raw, 1, 5)), np.rint(np.clip(raw, 0.5, 5) * 2))
            begin = rng.integers(START, END - 86400, size)
            span = np.minimum(rng.lognormal(np.log(30 * 86400), 2.0, size), END - begin)
            stamp = np.maximum(begin[local] + (rng.random(len(movie)) * span[local]).astype(np.int64), release[movie])
            stamp = np.minimum(stamp, END)
            ids = (user + 1).tolist()
            rf.write(
                "".join(map("{},{},{},{}\n".format, ids, (movie + 1).tolist(), STARS[half.astype(int)], stamp.tolist()))
            )
            tagged = rng.random(len(movie)) < 1 / 23
            words = rng.integers(0, len(TAG_WORDS), int(tagged.sum()))
            tf.write(
                "".join(
                    f"{u},{m},{TAG_WORDS[w]},{t}\n"
                    for u, m, w, t in zip(
                        (user[tagged] + 1).tolist(),
                        (movie[tagged] + 1).tolist(),
                        words.tolist(),
                        stamp[tagged].tolist(),
                        strict=True,
                    )
                )
            )
            written += len(movie)
            tags += int(tagged.sum())
            took = time.perf_counter() - started
            log(f"ml25m_synth: {first + size}/{viewers} viewers, {written} ratings, {took:.0f} s")
    (out / "README.txt").write_text(
        f"Synthetic ratings of MovieLens 25M's shape, made by benchmarks/ml25m_synth.py --viewers {viewers} "
        f"--movies {movies} --ratings {ratings} --seed {seed}. Not MovieLens data.\n",
        encoding="utf-8",
    )
    return {"viewers": viewers, "movies": movies, "ratings": written, "tags": tags}


def draw(rng: np.random.Generator, count: np.ndarray, cdf: np.ndarray, movies: int) -> tuple[np.ndarray, np.ndarray]:
    """`count[i]` distinct movies for viewer i of a chunk, sorted by viewer, then movie.

    Drawn by popularity; the few still short after POPULAR_ROUNDS (the most
    active, who run out of popular movies) get the rest uniformly.
    """
    base = np.arange(len(count))
    keys = np.empty(0, np.int64)
    need = count.copy()
    rounds = 0
    while need.any():
        asked = np.ceil(need * 1.3).astype(np.int64) + 2
        who = np.repeat(base, asked)
        if rounds < POPULAR_ROUNDS:
            what = np.minimum(np.searchsorted(cdf, rng.random(len(who))), movies - 1)
        else:
            what = rng.integers(0, movies, len(who))
        keys = np.sort(np.concatenate([keys, who * movies + what]))
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # distinct (a sort: numpy's hashing unique is slower here)
        need = np.maximum(count - np.bincount(keys // movies, minlength=len(count)), 0)
        rounds += 1
    # keep a random count[i] of each viewer's distinct draws (a popular movie is no likelier to be kept)
    owner = keys // movies
    order = np.lexsort((rng.random(len(keys)), owner))
    start = np.repeat(np.searchsorted(owner[order], base), np.bincount(owner, minlength=len(count)))
    kept = np.sort(keys[order[np.arange(len(keys)) - start < count[owner[order]]]])
    return kept // movies, kept % movies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write (made if missing)")
    parser.add_argument("--viewers", type=int, default=162_000)
    parser.add_argument("--movies", type=int, default=62_000)
    parser.add_argument("--ratings", type=int, default=25_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not 20 * args.viewers <= args.ratings <= args.viewers * args.movies // 2:
        sys.exit("ml25m_synth: --ratings must be at least 20 per viewer and at most half of viewers x movies")
    counts = generate(
        args.out, args.viewers, args.movies, args.ratings, args.seed, log=lambda s: print(s, file=sys.stderr)
    )
    print(counts)


if __name__ == "__main__":
    main()
