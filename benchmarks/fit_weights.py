"""Fit the app's weights prior: `python -m benchmarks.fit_weights [--viewers N] [--seed S] [--write]`.

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
held-out viewers best. `--write` stores it in `recommender/fitted.py`.

None of the shipped personas nor any figure of `tiktui sim` is used here.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.policy import Policy
from recommender.profile import TasteProfile
from recommender.signals import View, audience_reward, reward
from recommender.video import Catalog, Video
from recommender.weights import KINDS, Prior, Sequence, fit

SWIPES = 120
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


def viewer(catalog: Catalog, policy_seed: int, rng: random.Random) -> Sequence:
    """One simulated training viewer's views through the feed: (terms before, residual) per view."""
    _, enjoys = taste(catalog, rng)
    habits = (rng.uniform(0.6, 1.0), rng.uniform(0.0, 0.5), rng.uniform(0.0, 0.15))
    drift_at = rng.randint(*DRIFT_AT) if rng.random() < DRIFTERS else None
    later = taste(catalog, rng)[1] if drift_at is not None else enjoys
    genres = sorted({g for v in catalog.videos for g in v.genres})
    refused = rng.choice(genres) if rng.random() < REJECTERS else None
    profile, policy = TasteProfile(), Policy(catalog, random.Random(policy_seed))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="store the prior in recommender/fitted.py")
    args = parser.parse_args()
    started = time.perf_counter()
    catalog = load_catalog(shipped_catalog_path())
    sequences = [viewer(catalog, s, random.Random(s)) for s in range(args.seed, args.seed + args.viewers)]
    prior = fit(sequences, TasteProfile()._gamma)
    print(
        f"python -m benchmarks.fit_weights --viewers {args.viewers} --seed {args.seed}: "
        f"{sum(map(len, sequences))} views, {time.perf_counter() - started:.0f} s"
    )
    print("prior mean: " + ", ".join(f"{k} {w:.3f}" for k, w in prior.as_dict().items()))
    print(f"prior strength: {prior.strength:g} views")
    if args.write:
        path = Path(__file__).resolve().parent.parent / "recommender" / "fitted.py"
        path.write_text(render(prior, args.viewers, args.seed))
        print(f"written to {path}")


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
