"""The profile in words: where the viewer stands beside most viewers, and how often they stay on a card.

A profile's offsets are relative twice over, to the audience's verdict of
each video and to the viewer's own baseline (`TasteProfile.baseline`), so a
bare number misleads: a cooking fan whose feed is all cooking has cooking in
the baseline, and cooking's own offset can sit near zero or below. Nor does
the baseline plus the offset tell: the baseline follows the last twenty or
so views, whatever they were, while each offset was learned against the
baseline of its own views' time, and a loved genre read "less than most
viewers" after a few minutes of skimming another feed. What the words read
is each feature's level (`TasteProfile.level`): the recency-weighted mean
of what the viewer did on its videos beyond what the audience did on them,
each view counted as its weight among the (decayed) views behind it, and
shrunk as the offset is. The offset's newest-view floor, which lets the feed
follow a taste that moves, is not in it: one quick skip after sixty liked
science cards read "about as much as most". Nor does a doubted no's fresh
start (`TasteProfile.doubted`) reach it: the words go on from what was seen.

The bands come from the learner's own evidence, not from set numbers:

- *not enough to tell yet* while a feature's (decayed) evidence is under
  its SHRINK pseudo-views: the learner itself still trusts its no-opinion
  prior more than what it saw;
- otherwise *more* or *less than most viewers* when the level is larger
  than its standard error, the spread of one view's reward over the square
  root of the evidence plus the prior's pseudo-views; *about as much as
  most* within it. The spread is the viewer's own on these videos, with the
  prior's pseudo-views at the widest one view's reward can have (from the
  signals table): twenty cooking videos all finished and liked tell more
  than twenty that were liked, skipped and looped by turns;
- a genre the learner keeps out of exploration after repeated "not
  interested" (`TasteProfile.blocked`) reads *less than most viewers*.

Nothing here learns or writes: these are pure readings of a profile and of views.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .profile import SHRINK, TOPICS, TasteProfile
from .signals import WEIGHTS, View, rewatch_points, squash

MORE = "more than most viewers"
SAME = "about as much as most"
LESS = "less than most viewers"
UNSURE = "not enough to tell yet"
WORDS = (MORE, SAME, LESS, UNSURE)
"""Every reading, best first."""

STAY_EVERY = 10
"""Swipes per point of the stay line."""


def _spread(kind: str) -> float:
    """The widest standard deviation one view's reward can have for `kind`: half the range of its rewards (the
    spread the prior's pseudo-views are taken to have).

    Genres and hashtags learn `topic_reward` (no re-watch points, "not interested" as a quick skip);
    creators and sounds learn the whole reward.
    """
    positive = WEIGHTS["completion"] + WEIGHTS["share"] + WEIGHTS["comment"] + WEIGHTS["like"] + WEIGHTS["follow"]
    if kind in TOPICS:
        return (squash(positive) - squash(WEIGHTS["quick_skip"])) / 2
    return (squash(positive + rewatch_points(1000)) - squash(WEIGHTS["not_interested"])) / 2


@dataclass(frozen=True)
class Standing:
    """Where the viewer stands on one genre, creator, hashtag or sound, beside most viewers."""

    kind: str
    value: str
    score: float
    """What the viewer did on such videos beyond the audience's verdict (reward units): `TasteProfile.level`."""
    error: float
    """Its standard error: the band within which it reads "about as much as most"."""
    evidence: float
    """Decayed views behind it."""
    words: str


def standing(profile: TasteProfile, kind: str, value: str) -> Standing:
    """The viewer's standing on one feature, in words.

    >>> from recommender.video import Video
    >>> p = TasteProfile()
    >>> standing(p, "genre", "cooking").words
    'not enough to tell yet'
    """
    evidence, prior = profile.seen(kind, value), SHRINK[kind]
    score = profile.level(kind, value)
    # The spread of one view: the viewer's own, with the widest the prior's pseudo-views would have beside it.
    spread = math.sqrt((prior * _spread(kind) ** 2 + evidence * profile.variance(kind, value)) / (prior + evidence))
    error = spread / math.sqrt(evidence + prior)
    if kind == "genre" and value in profile.blocked:
        words = LESS
    elif evidence < SHRINK[kind]:
        words = UNSURE
    elif score > error:
        words = MORE
    elif score < -error:
        words = LESS
    else:
        words = SAME
    return Standing(kind, value, score, error, evidence, words)


def standings(profile: TasteProfile, kind: str, values: Sequence[str] | None = None) -> list[Standing]:
    """Standings of `values` (default: every feature of `kind` learned), best reading first, then best score."""
    names = values if values is not None else [v for v, _ in profile.levels(kind)]
    rows = [standing(profile, kind, v) for v in names]
    return sorted(rows, key=lambda s: (WORDS.index(s.words), -s.score, s.value))


def legend(kind: str = "genre") -> list[tuple[str, str]]:
    """(words, what they mean) for the profile screen's legend: short, it sits under the genres.

    >>> legend()[-1]
    ('not enough to tell yet', "under 3 views' worth")
    """
    return [
        (MORE, "you stay and like more"),
        (SAME, "within tiktui's doubt"),
        (LESS, "you skip or refuse them"),
        # "views' worth", as the ranking counts them: each less as cards pass (half after HALF_LIFE_VIEWS). Three diy
        # skips in 50 cards read "not enough to tell yet" beside "under 3 recent views" (QA).
        (UNSURE, f"under {SHRINK[kind]:g} views' worth"),
    ]


def stayed(view: View) -> bool:
    """The viewer stayed on the card: not a quick skip, not "not interested" (the learner's exit, reversed)."""
    return not (view.quick_skip or view.not_interested)


def stay_line(views: Sequence[View], every: int = STAY_EVERY, points: int = 20) -> list[float]:
    """Share of cards stayed on, per `every` swipes, oldest first: the newest `points` full groups.

    `views` are finished views in the order they were shown. Groups are counted back
    from the newest view, so the last point is always the last `every` swipes.

    >>> skip, stay = View("v", 30_000, 500, 500), View("v", 30_000, 30_000, 30_000)
    >>> stay_line([skip] * 5 + [stay] * 15, every=10)
    [0.5, 1.0]
    """
    groups = min(len(views) // every, points)
    recent = views[len(views) - groups * every :]
    return [sum(stayed(v) for v in recent[i : i + every]) / every for i in range(0, groups * every, every)]


__all__ = ["LESS", "MORE", "SAME", "UNSURE", "WORDS", "Standing", "legend", "standing", "standings", "stay_line"]
