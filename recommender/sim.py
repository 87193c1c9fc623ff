"""Simulated viewers: personas (`personas.Persona`) driven through the same FeedSession as the app.

A persona watches the card the feed gives it, on a fake clock, and acts on
it only through the FeedSession API the app's keys call: watching (time
passing), like, share, follow, re-watch, letting it loop (a key pressed so it
keeps playing), "not interested", and its mutes set in the settings before
the first swipe. The feed learns as it would from a person. With
`swipes_per_day` the app is closed and started again on the same data file
(a real one, in a temporary folder), a day later on the clock, the way
tiktui opens it at start-up. The figures say how fast and how well the feed
learns each persona.
"""

from __future__ import annotations

import copy
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cards import Card
from .clock import FakeClock
from .feed import FeedSession, stored_catalog
from .personas import SWIPES, Drift, Habits, Persona, Taste
from .signals import View, audience_reward
from .store import Store
from .video import Catalog, Video

DRIFT_AT = 60
LOOP_AT = 0
"""A looper's loop inflation is measured on the first video it enjoys from this swipe on."""
DAY_S = 24 * 3600.0
WINDOW = (30, 50)
"""Swipes 31-50: where the enjoyed share is read (the feed has had 30 cards to learn)."""

_SHIPPED = Habits(finish=1.0, like=0.3, share=0.05)
"""The habits the shipped personas always had: complete what they enjoy, like some, share a few, skip the rest."""


def _genres(*names: str) -> Taste:
    return Taste(genres=frozenset(names))


PERSONAS = (
    Persona("one-genre fan (cooking)", _genres("cooking"), habits=_SHIPPED),
    Persona("two-genre fan (pets, comedy)", _genres("pets", "comedy"), habits=_SHIPPED),
    Persona("STEM learner", _genres("science", "math", "tech"), habits=Habits(like=0.3, share=0.15)),
    Persona("skimmer (gaming, sports)", _genres("gaming", "sports"), style="skimmer", habits=Habits(0.55, 0.1)),
    Persona("drifter (dance -> fitness)", _genres("dance"), drift=Drift(DRIFT_AT, _genres("fitness")), habits=_SHIPPED),
    Persona("looper (music)", _genres("music"), style="looper", habits=_SHIPPED),
)
"""The six `tiktui sim` runs without --personas (the looper: its first enjoyed video left to loop on its own)."""


class NothingToShow(Exception):
    """The persona's mutes and restricted mode leave the feed nothing to show."""

    def __init__(self, persona: Persona, why: str) -> None:
        super().__init__(f"persona {persona.name!r}: {why}")
        self.persona, self.why = persona, why


@dataclass(frozen=True)
class Seen:
    """One card as the persona met it."""

    n: int
    video: Video
    source: str
    enjoyed: bool
    rejected: bool
    """It pressed "not interested"."""

    def as_dict(self) -> dict[str, Any]:
        v = self.video
        return {
            "n": self.n,
            "video_id": v.id,
            "genres": list(v.genres),
            "creator": v.creator,
            "hashtags": list(v.hashtags),
            "sound": v.sound,
            "duration_s": v.duration_s,
            "mature": v.mature,
            "source": self.source,
            "enjoyed": self.enjoyed,
            "rejected": self.rejected,
        }


@dataclass
class Result:
    """What one persona's run measured (None where a figure does not apply)."""

    name: str
    on_taste_31_50: float | None
    exploration_after_30: float
    genres_first_10: int
    drift_recovery_swipes: int | None = None
    loop_inflation: float | None = None
    seen: list[Seen] = field(default_factory=list, repr=False)
    base_rate: float | None = None
    """Share of the videos it can be shown (mutes and restricted mode applied) that it enjoys: a random feed's."""
    rejected_after_second: int | None = None
    """Most cards of one rejected genre, creator, hashtag or sound shown after its second "not interested"."""
    creators_seen_by: int | None = None
    """The swipe by which every video of the creators it enjoys had been shown (None: not within the run)."""
    creator_videos: int | None = None
    """How many videos the creators it enjoys have (None: it enjoys no creator) ..."""
    creator_videos_seen: int = 0
    """... and how many of them it was shown."""
    days: int = 1
    longest_run: int | None = None
    """Enjoying two genres or more: the most cards in a row of one of them (before any drift)."""
    drifts: bool = False
    """Its taste moves during the run: a drift recovery of None is then "never", not "does not apply"."""

    @property
    def cards(self) -> list[tuple[str, str, bool]]:
        """(genre, source, enjoyed) per card."""
        return [(s.video.genre, s.source, s.enjoyed) for s in self.seen]

    def as_dict(self) -> dict[str, Any]:
        """The shipped personas' figures, as `tiktui sim --json` has always printed them."""
        return {
            "name": self.name,
            "on_taste_31_50": None if self.on_taste_31_50 is None else round(self.on_taste_31_50, 3),
            "exploration_after_30": round(self.exploration_after_30, 3),
            "genres_first_10": self.genres_first_10,
            "drift_recovery_swipes": self.drift_recovery_swipes,
            "loop_inflation": None if self.loop_inflation is None else round(self.loop_inflation, 3),
        }

    def cards_dict(self) -> dict[str, Any]:
        """Every card in order, as `tiktui sim --personas FILE --json` prints them."""
        return {"name": self.name, "cards": [s.as_dict() for s in self.seen]}


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


class Viewer:
    """One persona in front of the app: it opens it (again, each day), watches and acts through the FeedSession."""

    def __init__(self, persona: Persona, catalog: Catalog, seed: int, folder: Path | None) -> None:
        self.persona, self.catalog, self.seed, self.folder = persona, catalog, seed, folder
        self.clock = FakeClock()
        self.rng = random.Random(seed * 7919 + len(persona.name))
        """The persona's own choices; the feed's randomness is another generator, as in the app."""
        self.days = 0
        self.session = self._open()

    def _open(self) -> FeedSession:
        """Start the app: in memory for one sitting, else on the data file the way tiktui opens it."""
        self.days += 1
        feed_rng = random.Random(self.seed if self.days == 1 else self.seed * 1_000_003 + self.days)
        if self.folder is None:
            store = Store.memory()
            store.add_videos(self.catalog.videos)
            return FeedSession(store, self.catalog, self.clock, feed_rng, restricted=self.persona.restricted)
        store = Store.open(self.folder / "tiktui.db")
        if store.video_count() == 0:
            store.add_videos(self.catalog.videos)
        return FeedSession(
            store, stored_catalog(store, self.clock), self.clock, feed_rng, restricted=self.persona.restricted
        )

    def reopen(self) -> Card | None:
        """Quit (the card on screen is left, a snapshot kept), a day passes, start again on the same file."""
        self.session.close()
        self.session.store.close()
        self.clock.advance(DAY_S)
        self.session = self._open()
        return self.session.start()

    def close(self) -> None:
        self.session.close()
        self.session.store.close()

    def set_up(self) -> None:
        """The persona's mutes, set in the settings before the first swipe."""
        for kind, value in self.persona.mutes:
            if kind == "keyword":
                self.session.add_keyword(value)
            else:
                self.session.mute(kind, value)

    def watch(self, card: Card, swipe: int) -> None:
        """Watch an enjoyed or unwanted card, act on it, and let the clock run (the swipe is the caller's)."""
        session, clock, rng, video = self.session, self.clock, self.rng, card.video
        habits, taste = self.persona.how, self.persona.taste(swipe)
        if not taste.matches(video) or self.persona.rejects_video(video):
            clock.advance(rng.uniform(*habits.skip_s))
            return
        like = rng.random() < habits.like
        share = rng.random() < habits.share
        seconds = video.duration_s * min(1.0, habits.finish * rng.uniform(0.9, 1.1)) + 0.2
        if like:
            session.toggle_like()
        if share:
            session.share()
        fave = habits.follow_enjoyed_creators and video.creator in taste.creators
        if habits.follow and rng.random() < habits.follow:
            fave = True
        if fave and video.creator not in session.profile.following:
            session.toggle_follow()
        clock.advance(seconds)
        if habits.rewatch and rng.random() < habits.rewatch:
            session.replay()
            clock.advance(video.duration_s * rng.uniform(0.9, 1.0))
        if habits.loops[1]:
            for _ in range(rng.randint(*habits.loops)):
                clock.advance(video.duration_s)
                session.wake()  # a key pressed now and then: the card keeps looping instead of asking


def run_persona(
    persona: Persona, catalog: Catalog, seed: int, swipes: int | None = None, folder: Path | None = None
) -> Result:
    """Drive one persona through a fresh feed for its swipes (or `swipes`).

    It runs in memory unless it comes back day after day (`swipes_per_day`):
    then on a data file in a temporary folder, or in `folder` when given
    (which also keeps a one-sitting run on a file there, to be read after).
    """
    total = swipes if swipes is not None else persona.swipes
    temporary = None
    if folder is None and persona.swipes_per_day:
        temporary = tempfile.TemporaryDirectory(prefix="tiktui-sim-")
        folder = Path(temporary.name)
    try:
        viewer = Viewer(persona, catalog, seed, folder)
        try:
            return _drive(viewer, total)
        finally:
            viewer.close()
    finally:
        if temporary is not None:
            temporary.cleanup()


def _drive(viewer: Viewer, total: int) -> Result:
    persona, catalog, clock = viewer.persona, viewer.catalog, viewer.clock
    viewer.set_up()
    card = viewer.session.start()
    seen: list[Seen] = []
    inflation = None
    for swipe in range(total):
        session = viewer.session
        if card is None:
            raise NothingToShow(persona, session.empty)
        video = card.video
        enjoyed = persona.enjoys_at(video, swipe)
        rejected = persona.rejects_video(video)
        seen.append(Seen(swipe + 1, video, card.source, enjoyed, rejected))
        untouched = False
        if persona.style == "looper" and inflation is None and swipe >= LOOP_AT and enjoyed and not rejected:
            inflation = loop_inflation(session, video, catalog)
            untouched = not persona.how.loops[1]  # the shipped looper leaves this one looping on its own
        if untouched:
            clock.advance(video.duration_s * 20.5)
        else:
            viewer.watch(card, swipe)
        per_day = persona.swipes_per_day
        day_over = per_day is not None and (swipe + 1) % per_day == 0 and swipe + 1 < total
        if rejected:
            card = session.not_interested()
        if day_over:
            card = viewer.reopen()  # the app is quit on the card on screen and started again a day later
        elif not rejected:
            card = session.next()
    return _figures(persona, catalog, seen, inflation, viewer.days)


def _figures(persona: Persona, catalog: Catalog, seen: list[Seen], inflation: float | None, days: int) -> Result:
    start, end = WINDOW
    window = [s.enjoyed for s in seen[start:end]]
    after = [s.source for s in seen[start:]]
    return Result(
        persona.name,
        sum(window) / len(window) if len(seen) >= end else None,
        after.count("explore") / len(after) if after else 0.0,
        len({s.video.genre for s in seen[:10]}),
        _recovery(seen, persona.drift.at) if persona.drift is not None else None,
        inflation,
        seen,
        base_rate(persona, catalog),
        _rejected_after_second(persona, seen) if persona.rejects else None,
        *_creators_seen(persona, catalog, seen),
        days,
        _longest_run(persona, seen) if len(persona.enjoys.genres) >= 2 else None,
        persona.drift is not None,
    )


def showable(persona: Persona, catalog: Catalog) -> list[Video]:
    """The videos its mutes (keyword filters aside) and restricted mode leave."""
    muted = {(k, v) for k, v in persona.mutes if k != "keyword"}

    def shown(v: Video) -> bool:
        pairs = [("genre", g) for g in v.genres] + [("creator", v.creator), ("sound", v.sound)]
        pairs += [("hashtag", h) for h in v.hashtags]
        return not (persona.restricted and v.mature) and not any(p in muted for p in pairs)

    return [v for v in catalog.videos if shown(v)]


def base_rate(persona: Persona, catalog: Catalog) -> float | None:
    """Share of the showable videos it enjoys (before any drift; never one it rejects): what picking at random
    would give."""
    videos = showable(persona, catalog)
    enjoyed = persona.enjoys.matches
    return sum(enjoyed(v) and not persona.rejects_video(v) for v in videos) / len(videos) if videos else None


def _rejected_after_second(persona: Persona, seen: list[Seen]) -> int:
    """For each rejected genre, creator, hashtag or sound: cards of it after its second "not interested"; the most."""
    presses: dict[tuple[str, str], int] = {}
    after: dict[tuple[str, str], int] = {}
    for s in seen:
        for pair in persona.rejects.matched(s.video):
            if presses.get(pair, 0) >= 2:
                after[pair] = after.get(pair, 0) + 1
            if s.rejected:
                presses[pair] = presses.get(pair, 0) + 1
    return max(after.values(), default=0)


def _creators_seen(persona: Persona, catalog: Catalog, seen: list[Seen]) -> tuple[int | None, int | None, int]:
    """(the swipe by which every showable video of the creators it enjoys was shown, how many, how many shown)."""
    if not persona.enjoys.creators:
        return None, None, 0
    wanted = {v.id for v in showable(persona, catalog) if v.creator in persona.enjoys.creators}
    total, by = len(wanted), None
    for s in seen:
        wanted.discard(s.video.id)
        if not wanted and by is None:
            by = s.n
    return by, total, total - len(wanted)


def _longest_run(persona: Persona, seen: list[Seen]) -> int:
    """The most cards in a row sharing one enjoyed genre, up to the drift: are the genres it enjoys mixed?"""
    end = persona.drift.at if persona.drift is not None else len(seen)
    best, run, last = 0, 0, None
    for s in seen[:end]:
        genre = next((g for g in s.video.genres if g in persona.enjoys.genres), None)
        run = run + 1 if genre is not None and genre == last else (1 if genre is not None else 0)
        last = genre
        best = max(best, run)
    return best


def _recovery(seen: list[Seen], at: int, window: int = 10, share: float = 0.6) -> int | None:
    """Swipes from the drift until the last `window` cards are `share` on the new taste."""
    for end in range(at + window, len(seen) + 1):
        if sum(s.enjoyed for s in seen[end - window : end]) >= share * window:
            return end - at
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


__all__ = ["PERSONAS", "SWIPES", "Persona", "Result", "Seen", "run", "run_persona"]
