"""The taste profile: what this viewer likes, as offsets from the audience's verdict.

For every feature of a video (its genres, creator, hashtags and sound) the
profile keeps a recency-weighted mean of the viewer's *residual*: the view's
reward minus what the wider audience's figures predicted for that video. A
cooking video everyone finishes teaches little when this viewer finishes it
too; the same video skipped teaches a lot.

- Evidence fades with a half-life counted in views (HALF_LIFE_VIEWS), so
  tastes can change: a feature not seen for a while drifts back to zero.
- The mean moves by at least MIN_STEP of each new residual, so a liked genre
  that starts being skipped falls within two or three cards.
- An offset is shrunk toward zero by SHRINK pseudo-views of its kind: one
  lucky video does not make a taste.
- Surprise is measured against this viewer's own baseline too: a skimmer who
  usually leaves at once is telling something when they stay half-way.

A profile is a pure function of the views it learned, in order: replaying
the events log through `learn_one` rebuilds it exactly.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from .catalog import Video
from .signals import View, audience_reward, reward, topic_reward

HALF_LIFE_VIEWS = 50.0
"""After 50 more views, old evidence counts half."""
MIN_STEP = 0.2
"""The newest view moves a feature's mean by at least this share of its surprise."""
SHRINK = {"genre": 3.0, "creator": 2.0, "hashtag": 4.0, "sound": 4.0}
"""Pseudo-views of no opinion per kind: how much evidence a score needs to count fully."""
KIND_WEIGHTS = {"genre": 1.0, "creator": 0.6, "hashtag": 0.5, "sound": 0.3, "related": 0.8}
"""How much each kind's offset adds to a video's personal score."""
RELATED_SHRINK = 2.0
"""Related videos seen before a video's neighbourhood counts half."""
BIAS_STEP = 0.05
"""The viewer's general baseline follows their last ~20 views ..."""
BIAS_SHRINK = 10.0
"""... and is trusted only after about ten of them, so one genre's fan is not mistaken for a fan of everything."""
TOPICS = ("genre", "hashtag")
"""Kinds that learn from `topic_reward`: re-watching one video says nothing more about its genre."""
NOT_INTERESTED_WEIGHT = 2.0
"""'Not interested' counts twice against the video's creator and sound."""


def features(video: Video) -> list[tuple[str, str]]:
    """The (kind, value) pairs a view of `video` teaches about."""
    out = [("genre", g) for g in video.genres]
    if video.creator:
        out.append(("creator", video.creator))
    out.extend(("hashtag", h) for h in video.hashtags)
    if video.sound:
        out.append(("sound", video.sound))
    return out


@dataclass(slots=True)
class Evidence:
    """A feature's recency-weighted mean residual and how much backs it."""

    n: float = 0.0
    mean: float = 0.0
    at: int = 0
    """The view count when `n` was last brought up to date."""


@dataclass
class Tally:
    """Plain counts of what the viewer did, for the profile screen and reasons."""

    views: int = 0
    completed: int = 0
    rewatched: int = 0
    loops: int = 0
    liked: int = 0
    shared: int = 0
    commented: int = 0
    followed: int = 0
    skipped: int = 0
    not_interested: int = 0

    def add(self, view: View) -> None:
        self.views += 1
        self.completed += view.completed
        self.rewatched += view.loops > 0
        self.loops += view.loops
        self.liked += view.liked
        self.shared += view.shared
        self.commented += view.commented
        self.followed += view.followed
        self.skipped += view.quick_skip
        self.not_interested += view.not_interested


@dataclass
class TasteProfile:
    """A viewer's tastes, learned one view at a time.

    >>> from recommender.catalog import Video
    >>> pasta = Video("v1", "Pasta", "", "ana", ("cooking",), ("food",), "s1", 30.0, 0.0, views=1000,
    ...               completion_rate=0.4)
    >>> p = TasteProfile()
    >>> p.learn_one(pasta, View("v1", 30_000, 30_000, 30_000, loops=1, liked=True))
    >>> p.offset("genre", "cooking") > 0
    True
    >>> p.reason_for_genre("cooking")
    'because you re-watched 1 cooking video'
    """

    half_life: float = HALF_LIFE_VIEWS
    min_step: float = MIN_STEP
    evidence: dict[tuple[str, str], Evidence] = field(default_factory=dict)
    related: dict[str, list[float]] = field(default_factory=dict)
    """video id -> [similarity-weighted residuals of related videos seen, their similarity, how many]"""
    tally: Tally = field(default_factory=Tally)
    by_genre: dict[str, Tally] = field(default_factory=dict)
    by_creator: dict[str, Tally] = field(default_factory=dict)
    following: set[str] = field(default_factory=set)
    recent_skips: deque = field(default_factory=lambda: deque(maxlen=10))
    views_learned: int = 0
    bias: Evidence = field(default_factory=Evidence)
    """How this viewer reacts to videos in general, beside the audience: a skimmer's 55% is a good sign."""

    def __post_init__(self) -> None:
        self._gamma = 0.5 ** (1.0 / self.half_life)

    # -- learning ---------------------------------------------------------

    def learn_one(self, video: Video, view: View) -> None:
        """Move the scores of every feature of `video` by what `view` showed."""
        self.views_learned += 1
        audience, topic_r = audience_reward(video), topic_reward(view)
        prior = audience + self.baseline
        residual = reward(view) - prior
        topic = topic_r - prior
        self.bias.n += 1.0
        self.bias.mean += max(1.0 / self.bias.n, BIAS_STEP) * (topic_r - audience - self.bias.mean)
        for kind, value in features(video):
            weight = NOT_INTERESTED_WEIGHT if view.not_interested and kind in ("creator", "sound") else 1.0
            self._update((kind, value), topic if kind in TOPICS else residual, weight)
        for other, w in zip(video.related, video.related_weights or [1.0] * len(video.related)):
            acc = self.related.setdefault(other, [0.0, 0.0, 0])
            acc[0] += w * residual
            acc[1] += w
            acc[2] += 1
        self.tally.add(view)
        for g in video.genres:
            self.by_genre.setdefault(g, Tally()).add(view)
        self.by_creator.setdefault(video.creator, Tally()).add(view)
        if view.followed:
            self.following.add(video.creator)
        self.recent_skips.append(view.quick_skip or view.not_interested)

    def _update(self, key: tuple[str, str], residual: float, weight: float) -> None:
        ev = self.evidence.get(key)
        if ev is None:
            ev = self.evidence[key] = Evidence(at=self.views_learned)
        ev.n = ev.n * self._gamma ** (self.views_learned - ev.at) + weight
        ev.at = self.views_learned
        step = max(weight / ev.n, self.min_step)
        ev.mean += min(1.0, step) * (residual - ev.mean)

    # -- reading ----------------------------------------------------------

    @property
    def baseline(self) -> float:
        """How much more (or less) than the audience this viewer engages with any video."""
        return self.bias.mean * self.bias.n / (self.bias.n + BIAS_SHRINK)

    def weight(self, kind: str, value: str) -> float:
        """How many (decayed) views back this feature's score."""
        ev = self.evidence.get((kind, value))
        return ev.n * self._gamma ** (self.views_learned - ev.at) if ev else 0.0

    def offset(self, kind: str, value: str) -> float:
        """The viewer's learned offset for one feature, in (-1, 1); 0 when unknown."""
        ev = self.evidence.get((kind, value))
        if ev is None:
            return 0.0
        n = ev.n * self._gamma ** (self.views_learned - ev.at)
        return ev.mean * n / (n + SHRINK[kind])

    def related_offset(self, video_id: str) -> float:
        """What the viewer's reactions to videos related to this one say about it."""
        acc = self.related.get(video_id)
        if not acc or acc[1] <= 0:
            return 0.0
        # Similarity-weighted mean surprise of its neighbours, trusted by how many there are.
        return acc[0] / acc[1] * acc[2] / (acc[2] + RELATED_SHRINK)

    def terms(self, video: Video) -> dict[str, float]:
        """The personal score of `video`, kind by kind (weights applied)."""
        genre = sum(self.offset("genre", g) for g in video.genres) / len(video.genres)
        tags = (sum(self.offset("hashtag", h) for h in video.hashtags) / len(video.hashtags)
                if video.hashtags else 0.0)
        return {
            "genre": KIND_WEIGHTS["genre"] * genre,
            "creator": KIND_WEIGHTS["creator"] * self.offset("creator", video.creator) if video.creator else 0.0,
            "hashtag": KIND_WEIGHTS["hashtag"] * tags,
            "sound": KIND_WEIGHTS["sound"] * self.offset("sound", video.sound) if video.sound else 0.0,
            "related": KIND_WEIGHTS["related"] * self.related_offset(video.id),
        }

    def score_one(self, video: Video) -> float:
        """The viewer's personal offset for `video` (added to the audience's verdict)."""
        return sum(self.terms(video).values())

    def scores(self, kind: str) -> list[tuple[str, float]]:
        """Every learned feature of one kind with its offset, best first."""
        rows = [(value, self.offset(k, value)) for (k, value) in self.evidence if k == kind]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    @property
    def exit_rate(self) -> float:
        """Share of the last ten cards skipped at once or marked not interested."""
        return sum(self.recent_skips) / len(self.recent_skips) if self.recent_skips else 0.0

    def reason_for_genre(self, genre: str) -> str:
        """Why a genre is in the viewer's feed, in the viewer's words."""
        t = self.by_genre.get(genre, Tally())
        for count, verb in ((t.rewatched, "re-watched"), (t.shared, "shared"), (t.commented, "commented on"),
                            (t.liked, "liked"), (t.completed, "finished")):
            if count:
                return f"because you {verb} {count} {genre} video{'s' if count != 1 else ''}"
        return f"because you watched {t.views} {genre} video{'s' if t.views != 1 else ''}"


__all__ = ["TasteProfile", "Tally", "features", "KIND_WEIGHTS", "HALF_LIFE_VIEWS"]
