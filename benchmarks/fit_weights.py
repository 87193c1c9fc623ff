"""Fit the app's weights prior: `python -m benchmarks.fit_weights [--viewers N] [--seed S] [--jobs J] [--write]`.

The app has no training viewers of its own, so this script makes them: N
simulated viewers (seeds from 1000 on, never the sim's 0-19) whose taste
is drawn at random from a wide family (one to three genres, a few
creators, a hashtag, a sound, a length limit, or a mix), with random
habits (how much they finish, like, share) and regard for quality
(`enjoyed`: a match is enjoyed as often as the audience's completion says). A third of them
change taste once, at a random swipe (DRIFTERS), and a third press "not
interested" on every card of one genre they do not enjoy (REJECTERS): the
app's viewers do both, and weights fitted on viewers who never do would
trust old evidence more, and read a refusal less, than the app can. Each is driven by the feed as it is for 120 swipes;
every view gives the terms the profile held before it and what it surprised by. `weights.fit` turns those into
the prior: the pooled ridge weights and the prior strength that predicted
held-out viewers best. `--write` stores it in `recommender/fitted.py`;
`--check` (instead of `--write`) fails, in one line, when that file is not what the fit gives on
today's code (CI runs it, so a change of the learner cannot leave it stale).

The fit is a fixed point, reached the same way every time. The training
viewers are served by the feed, and the feed ranks with the prior being
fitted: views served with one prior fit a slightly different one. So the
fit starts from START (every kind's offset counted as itself, the crowd's
verdict as the ranking's plain one), never from the shipped file, and runs
ROUNDS rounds of N new viewers each, every round served with the prior the
round before fitted. The first round, served by START, is left out (its
viewers met a feed the app never shows); the prior is fitted on the views of
all later rounds pooled, which averages the rounds' noise (a round of 120
viewers alone moves the weights by up to 0.1 from one round to the next).

None of the shipped personas nor any figure of `tiktui sim` is used here.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.policy import Policy
from recommender.profile import TasteProfile
from recommender.signals import View, audience_reward, reward
from recommender.video import Catalog, Video
from recommender.weights import KINDS, Prior, Sequence, fit

SWIPES = 120
START = Prior(mean=(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0), strength=1.0)
"""Where the fit starts: each kind's offset counts as itself, and the crowd's verdict as much as the ranking's own."""
ROUNDS = 5
"""Rounds of N viewers: the first is served by START and left out, the other four are pooled."""
DRIFTERS = 1 / 3
"""Share of the training viewers whose taste changes once, to another drawn the same way, at a swipe in DRIFT_AT."""
DRIFT_AT = (30, 90)
REJECTERS = 1 / 3
"""Share of the training viewers who press "not interested" on every unenjoyed card of one genre."""


def taste(catalog: Catalog, rng: random.Random) -> tuple[str, Callable[[Video], bool]]:
    """A random viewer's taste: what it enjoys, in a few words and as a test."""
    videos = catalog.videos
    genres = sorted({g for v in videos for g in v.genres})
    creators = sorted(c for c, n in Counter(v.creator for v in videos).items() if n >= 3)
    tags = sorted(t for t, n in Counter(t for v in videos for t in v.hashtags).items() if n >= 50)
    sounds = sorted(s for s, n in Counter(v.sound for v in videos).items() if n >= 20)
    kind = rng.choice(("genres", "creators", "hashtag", "sound", "length", "mixed"))
    if kind == "genres":
        liked = set(rng.sample(genres, rng.randint(1, 3)))
        return f"genres {sorted(liked)}", lambda v: bool(liked.intersection(v.genres))
    if kind == "creators":
        fans = set(rng.sample(creators, rng.randint(1, 3)))
        return f"creators {sorted(fans)}", lambda v: v.creator in fans
    if kind == "hashtag":
        tag = rng.choice(tags)
        return f"hashtag {tag}", lambda v: tag in v.hashtags
    if kind == "sound":
        sound = rng.choice(sounds)
        return f"sound {sound}", lambda v: v.sound == sound
    if kind == "length":
        most = rng.uniform(8.0, 45.0)
        return f"at most {most:.0f} s", lambda v: v.duration_s <= most
    genre, tag = rng.choice(genres), rng.choice(tags)
    return f"genre {genre} or hashtag {tag}", lambda v: genre in v.genres or tag in v.hashtags


def view(video: Video, enjoyed: bool, habits: tuple[float, float, float], rng: random.Random) -> View:
    """What a viewer with these habits (finish share, like rate, share rate) does with one card."""
    ms = round(video.duration_s * 1000)
    finish, like, share = habits
    if not enjoyed:
        if rng.random() < 0.8:
            dwell = round(rng.uniform(400, 1600))
            return View(video.id, ms, dwell, min(ms, dwell))
        watched = round(ms * rng.uniform(0.2, 0.6))
        return View(video.id, ms, watched, watched)
    watched = round(ms * min(1.0, finish * rng.uniform(0.9, 1.1)))
    loops = 1 if rng.random() < 0.15 else 0
    return View(video.id, ms, watched * (1 + loops), watched, loops, rng.random() < like, rng.random() < share)


def enjoyed(video: Video, matches: bool, rng: random.Random) -> bool:
    """Whether a viewer enjoys one card: a match of their taste, as often as the audience's figures say a viewer
    finishes it (twice its completion rate: the audience is mostly viewers it does not match), and a miss rarely."""
    quality = video.completion_rate
    return rng.random() < (min(1.0, 2.0 * quality) if matches else 0.2 * quality)


def viewer(catalog: Catalog, prior: Prior, seed: int) -> Sequence:
    """One simulated training viewer's views through a feed that starts from `prior`: (terms before, residual) per
    view. The seed draws the viewer and the feed's own randomness."""
    rng = random.Random(seed)
    _, enjoys = taste(catalog, rng)
    habits = (rng.uniform(0.6, 1.0), rng.uniform(0.0, 0.5), rng.uniform(0.0, 0.15))
    drift_at = rng.randint(*DRIFT_AT) if rng.random() < DRIFTERS else None
    later = taste(catalog, rng)[1] if drift_at is not None else enjoys
    genres = sorted({g for v in catalog.videos for g in v.genres})
    refused = rng.choice(genres) if rng.random() < REJECTERS else None
    profile, policy = TasteProfile(prior=prior), Policy(catalog, random.Random(seed))
    out: Sequence = []
    for swipe in range(SWIPES):
        if swipe == drift_at:
            enjoys = later
        video = policy.next(profile, 0.0).video
        liked = enjoyed(video, enjoys(video), rng)
        v = view(video, liked, habits, rng)
        if refused in video.genres and not liked:
            v = View(video.id, v.duration_ms, min(v.dwell_ms, 1500), min(v.watched_ms, 1500), not_interested=True)
        out.append((profile.raw_terms(video), reward(v) - audience_reward(video) - profile.baseline))
        profile.learn_one(video, v)
    return out


_catalog: Catalog | None = None
"""The catalog the pool's workers serve from: set before they are forked, so that it is not sent with every viewer."""


def _served(prior: Prior, seed: int) -> Sequence:
    assert _catalog is not None
    return viewer(_catalog, prior, seed)


def fit_prior(catalog: Catalog, viewers: int, seed: int, jobs: int = 1, log: Callable[[str], None] = print) -> Prior:
    """The fixed point (see the module's docstring): ROUNDS rounds of `viewers` viewers, seeds from `seed` on."""
    global _catalog
    _catalog, prior, pooled_views = catalog, START, []
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        for n in range(ROUNDS):
            seeds = range(seed + n * viewers, seed + (n + 1) * viewers)
            served = list(pool.map(_served, [prior] * viewers, seeds, chunksize=8))
            if n:
                pooled_views += served
            prior = fit(pooled_views or served, TasteProfile()._gamma)
            log(f"round {n + 1} (seeds {seeds[0]}-{seeds[-1]}{', left out' if not n else ''}): {show(prior)}")
    return prior


def show(prior: Prior) -> str:
    return ", ".join(f"{k} {w:.3f}" for k, w in prior.as_dict().items()) + f"; strength {prior.strength:g} views"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=240, help="viewers a round (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1, help="processes (default: 1; the prior is the same)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--write", action="store_true", help="store the prior in recommender/fitted.py")
    what.add_argument("--check", action="store_true", help="fail when recommender/fitted.py is not this prior")
    args = parser.parse_args()
    started = time.perf_counter()
    prior = fit_prior(load_catalog(shipped_catalog_path()), args.viewers, args.seed, args.jobs)
    print(
        f"python -m benchmarks.fit_weights --viewers {args.viewers} --seed {args.seed}: "
        f"{ROUNDS} rounds of {args.viewers} viewers x {SWIPES} swipes, {time.perf_counter() - started:.0f} s"
    )
    print(f"prior: {show(prior)}")
    path = Path(__file__).resolve().parent.parent / "recommender" / "fitted.py"
    text = render(prior, args.viewers, args.seed)
    if args.write:
        path.write_text(text)
        print(f"written to {path}")
    elif args.check and path.read_text() != text:
        sys.exit(f"{path}: stale, not what the fit gives on this code: run python -m benchmarks.fit_weights --write")
    elif args.check:
        print(f"{path}: as fitted")


def render(prior: Prior, viewers: int, seed: int) -> str:
    mean = ", ".join(f"{w}" for w in prior.mean)
    return (
        f'"""The weights\' prior for the app: written by `python -m benchmarks.fit_weights --viewers {viewers} '
        f'--seed {seed} --write`.\n\nKinds in order: {", ".join(KINDS)}. Do not edit by hand: run the script."""\n\n'
        "from .weights import Prior\n\n"
        f"FITTED = Prior(mean=({mean}), strength={prior.strength})\n"
    )


if __name__ == "__main__":
    main()
