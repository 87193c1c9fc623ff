"""Simulated viewers: a taste mixture over genres, creators, hashtags, sounds and lengths, and habits.

A viewer's taste decides how likely it is to enjoy a video; the video's craft
(how well it is made: the share of a real audience that finished it, for a
catalog video) scales that, and reaches a little beyond the viewer's taste.
An enjoyed video is finished, sometimes looped, liked, shared or commented
on; any other is left at once or part-way.
What the viewer did becomes a `View`, exactly as the app records one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..signals import View
from ..video import Catalog, Video

SHORT_S, LONG_S = 30.0, 45.0
"""A video up to SHORT_S seconds is short; one over LONG_S is long."""
FIT = {"genre": 0.6, "creator": 0.25, "hashtag": 0.1, "sound": 0.1, "length": 0.1, "wrong length": -0.15}
"""What each part of the taste adds to a viewer's fit with a video (the genre's part scaled by its weight)."""
BASE_ENJOY = 0.03
"""A video that fits the viewer in nothing, however well made, is still enjoyed this often ..."""
CRAFT_REACH = 0.3
"""... plus this times its craft: a well-made video reaches a little beyond its own audience."""
QUICK_EXIT = 0.65
"""Share of unenjoyed videos left at once (a quick skip); the rest are watched part-way."""


@dataclass(frozen=True)
class Taste:
    """One simulated viewer's tastes and habits."""

    genres: dict[str, float]
    """genre -> weight; the best has weight 1."""
    creators: frozenset[str]
    hashtags: frozenset[str]
    sounds: frozenset[str]
    length: str
    """"short", "long" or "any"."""
    like: float
    share: float
    comment: float
    loop: float
    """How often an enjoyed video is looped (times its craft)."""

    def fit(self, video: Video) -> float:
        """How well `video` fits this taste, 0 (not at all) to about 1.

        >>> t = Taste({"cooking": 1.0}, frozenset(), frozenset(), frozenset(), "short", 0.1, 0.0, 0.0, 0.1)
        >>> v = Video("v", "t", "", "c", ("cooking",), (), "s", 20.0, 0.0)
        >>> round(t.fit(v), 2)
        0.7
        """
        fit = FIT["genre"] * max(self.genres.get(g, 0.0) for g in video.genres)
        fit += FIT["creator"] * (video.creator in self.creators)
        fit += FIT["hashtag"] * any(h in self.hashtags for h in video.hashtags)
        fit += FIT["sound"] * (video.sound in self.sounds)
        if self.length != "any":
            size = "short" if video.duration_s <= SHORT_S else "long" if video.duration_s > LONG_S else ""
            if size:
                fit += FIT["length"] if size == self.length else FIT["wrong length"]
        return max(0.0, fit)

    def enjoys(self, video: Video, craft: float) -> float:
        """The chance this viewer enjoys `video`, made with `craft` (0..1)."""
        return min(0.97, BASE_ENJOY + craft * (CRAFT_REACH + 1.2 * self.fit(video)))


def react(taste: Taste, video: Video, craft: float, rng: random.Random) -> View:
    """What one viewer does with `video` on its screen, as the app would record it."""
    ms = max(1, round(video.duration_s * 1000))
    if rng.random() < taste.enjoys(video, craft):
        loops = 0
        if rng.random() < taste.loop * (0.5 + craft):
            loops = 1 + (rng.randint(1, 5) if rng.random() < 0.3 else 0)
        return View(
            video.id,
            ms,
            ms * (1 + loops),
            ms,
            loops=loops,
            liked=rng.random() < taste.like,
            shared=rng.random() < taste.share,
            commented=rng.random() < taste.comment,
        )
    watched = min(ms, rng.randint(300, 1800)) if rng.random() < QUICK_EXIT else round(ms * rng.uniform(0.2, 0.7))
    return View(video.id, ms, watched, watched)


def make_tastes(catalog: Catalog, count: int, rng: random.Random) -> list[Taste]:
    """`count` viewers whose tastes mix the catalog's genres (popular genres are liked more often), some of its
    creators, hashtags and sounds, and a length."""
    by_genre: dict[str, list[Video]] = {}
    for v in catalog.videos:
        by_genre.setdefault(v.genre, []).append(v)
    genres = sorted(by_genre)
    popularity = [len(by_genre[g]) for g in genres]
    tastes = []
    for _ in range(count):
        picked: list[str] = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            g = rng.choices(genres, weights=popularity)[0]
            if g not in picked:
                picked.append(g)
        raw = sorted((rng.gammavariate(1.0, 1.0) for _ in picked), reverse=True)
        weights = {g: w / raw[0] for g, w in zip(picked, raw, strict=True)}
        pool = [v for g in picked for v in by_genre[g]]
        creators = frozenset(rng.choice(pool).creator for _ in range(rng.randint(0, 3)))
        tags = [h for v in rng.sample(pool, min(len(pool), 4)) for h in v.hashtags]
        hashtags = frozenset(rng.sample(tags, min(len(tags), rng.randint(0, 3))))
        sounds = frozenset(rng.choice(pool).sound for _ in range(rng.randint(0, 2)))
        tastes.append(
            Taste(
                weights,
                creators,
                hashtags,
                sounds,
                rng.choices(("short", "long", "any"), weights=(0.35, 0.25, 0.4))[0],
                like=rng.uniform(0.05, 0.4),
                share=rng.uniform(0.0, 0.1),
                comment=rng.uniform(0.0, 0.06),
                loop=rng.uniform(0.0, 0.35),
            )
        )
    return tastes
