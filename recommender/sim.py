"""Simulated viewers: personas driven through the same FeedSession as the app.

Each persona has tastes (genres it enjoys) and habits (how much it finishes,
likes, shares, loops). It watches the card the feed gives it, on a fake
clock, and swipes; the feed learns as it would from a person. The figures
say how fast and how well the feed learns, per persona.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .clock import FakeClock
from .feed import Card, FeedSession
from .signals import View, audience_reward
from .store import Store
from .video import Catalog, Video

SWIPES = 120
DRIFT_AT = 60
LOOP_AT = 0
"""The looper loops the first video of its genre it meets from this swipe on (its genre is new to the feed)."""


@dataclass(frozen=True)
class Persona:
    """A simulated viewer."""

    name: str
    likes: tuple[str, ...]
    """Genres it enjoys (before the drift)."""
    finish: float = 1.0
    """Share of an enjoyed video it watches."""
    like_rate: float = 0.3
    share_rate: float = 0.05
    drift_to: tuple[str, ...] = ()
    """Genres it enjoys from swipe DRIFT_AT on, instead."""
    looper: bool = False

    def enjoys(self, video: Video, swipe: int) -> bool:
        genres = self.drift_to if self.drift_to and swipe >= DRIFT_AT else self.likes
        return any(g in genres for g in video.genres)


PERSONAS = (
    Persona("one-genre fan (cooking)", ("cooking",)),
    Persona("two-genre fan (pets, comedy)", ("pets", "comedy")),
    Persona("STEM learner", ("science", "math", "tech"), share_rate=0.15),
    Persona("skimmer (gaming, sports)", ("gaming", "sports"), finish=0.55, like_rate=0.1, share_rate=0.0),
    Persona("drifter (dance -> fitness)", ("dance",), drift_to=("fitness",)),
    Persona("looper (music)", ("music",), looper=True),
)


@dataclass
class Result:
    """What one persona's run measured (None where a figure does not apply)."""

    name: str
    on_taste_31_50: float
    exploration_after_30: float
    genres_first_10: int
    drift_recovery_swipes: int | None = None
    loop_inflation: float | None = None
    cards: list[tuple[str, str, bool]] = field(default_factory=list, repr=False)
    """(genre, source, on taste) per swipe."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "on_taste_31_50": round(self.on_taste_31_50, 3),
            "exploration_after_30": round(self.exploration_after_30, 3),
            "genres_first_10": self.genres_first_10,
            "drift_recovery_swipes": self.drift_recovery_swipes,
            "loop_inflation": None if self.loop_inflation is None else round(self.loop_inflation, 3),
        }


def watch(session: FeedSession, clock: FakeClock, persona: Persona, card: Card, swipe: int, rng: random.Random) -> None:
    """The persona watches the card on screen, acts on it, and lets the clock run."""
    video = card.video
    if not persona.enjoys(video, swipe):
        clock.advance(rng.uniform(0.4, 1.6))
        return
    if rng.random() < persona.like_rate:
        session.toggle_like()
    if rng.random() < persona.share_rate:
        session.share()
    clock.advance(video.duration_s * min(1.0, persona.finish * rng.uniform(0.9, 1.1)) + 0.2)


def loop_inflation(session: FeedSession, video: Video, catalog: Catalog) -> float:
    """Genre score gained from twenty loops of `video`, over what three completions of others give.

    Both start from the same profile; the three others are the videos of that
    genre whose audience verdict is closest to the looped one's.
    """
    genre = video.genre
    start = session.profile
    before = start.offset("genre", genre)
    looped = copy.deepcopy(start)
    ms = round(video.duration_s * 1000)
    looped.learn_one(video, View(video.id, ms, ms * 21, ms, loops=20))
    prior = audience_reward(video)
    others = sorted(
        (v for v in catalog.videos if v.genre == genre and v.id != video.id),
        key=lambda v: (abs(audience_reward(v) - prior), v.id),
    )[:3]
    completed = copy.deepcopy(start)
    for other in others:
        oms = round(other.duration_s * 1000)
        completed.learn_one(other, View(other.id, oms, oms, oms))
    gain_loop = looped.offset("genre", genre) - before
    gain_three = completed.offset("genre", genre) - before
    return gain_loop / gain_three if gain_three > 0 else float("inf")


def run_persona(persona: Persona, catalog: Catalog, seed: int, swipes: int = SWIPES) -> Result:
    """Drive one persona through a fresh feed for `swipes` cards."""
    clock = FakeClock()
    store = Store.memory()
    store.add_videos(catalog.videos)
    session = FeedSession(store, catalog, clock, random.Random(seed))
    rng = random.Random(seed * 7919 + len(persona.name))
    card = session.start()
    cards: list[tuple[str, str, bool]] = []
    inflation = None
    for swipe in range(swipes):
        if card is None:
            raise ValueError(f"persona {persona.name!r}: {session.empty}")
        cards.append((card.video.genre, card.source, persona.enjoys(card.video, swipe)))
        if persona.looper and inflation is None and swipe >= LOOP_AT and persona.enjoys(card.video, swipe):
            inflation = loop_inflation(session, card.video, catalog)
            clock.advance(card.video.duration_s * 20.5)
        else:
            watch(session, clock, persona, card, swipe, rng)
        card = session.next()
    on_taste = [c[2] for c in cards[30:50]]
    after = [c[1] for c in cards[30:]]
    recovery = _recovery(cards) if persona.drift_to else None
    return Result(
        persona.name,
        sum(on_taste) / len(on_taste),
        after.count("explore") / len(after),
        len({c[0] for c in cards[:10]}),
        recovery,
        inflation,
        cards,
    )


def _recovery(cards: list[tuple[str, str, bool]], window: int = 10, share: float = 0.6) -> int | None:
    """Swipes from the drift until the last `window` cards are `share` on the new taste."""
    for end in range(DRIFT_AT + window, len(cards) + 1):
        if sum(c[2] for c in cards[end - window : end]) >= share * window:
            return end - DRIFT_AT
    return None


def run(
    catalog: Catalog,
    seed: int = 0,
    personas: tuple[Persona, ...] = PERSONAS,
    progress: Callable[[str], None] | None = None,
) -> list[Result]:
    """Every persona, one after another."""
    results = []
    for persona in personas:
        if progress:
            progress(persona.name)
        results.append(run_persona(persona, catalog, seed))
    return results
