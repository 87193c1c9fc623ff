"""The taste profile: what this viewer likes, as offsets from the audience's verdict.

For every feature of a video (its genres, creator, hashtags, sound and length) the
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
  usually leaves at once is telling something when they stay half-way. The
  genres of the first views, read before that baseline is known, are read
  again against it once it is (`_rebase`).
- While the feed is failing (half of the last ten cards skipped: CHANGING),
  a no from before those cards is doubted: it reads as none, and its
  evidence starts over when the feature is met again (`doubted`), so a
  change of taste is not held back by what was refused before it.

A profile is a pure function of the views it learned, in order: replaying
the events log through `learn_one` rebuilds it exactly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, MutableMapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .fitted import FITTED
from .signals import TYPICAL, WEIGHTS, View, audience_points, audience_reward, reward, squash, topic_reward
from .video import Video
from .weights import KINDS, OnlineWeights, Prior

HALF_LIFE_VIEWS = 50.0
"""After 50 more views, old evidence counts half."""
FORGET_AFTER = 1000
"""Evidence not met again in this many views (20 half-lives: it weighs under a millionth) is forgotten: it
counts as none, and the profile drops it every FORGET_AFTER views, so what is kept, and a start-up that reads
it, does not grow with the length of the history."""
MIN_STEP = 0.2
"""The newest view moves a feature's mean by at least this share of its surprise."""
SHRINK = {"genre": 3.0, "creator": 2.0, "hashtag": 4.0, "sound": 4.0, "length": 4.0}
"""Pseudo-views of no opinion per kind: how much evidence a score needs to count fully."""
LENGTHS = ((10.0, "under 10 s"), (20.0, "10-20 s"), (40.0, "20-40 s"), (90.0, "40-90 s"))
"""Duration buckets (upper bound, name): a video's length is a feature like its genre; longer is "over 90 s"."""
LENGTH_NAMES = (*(name for _, name in LENGTHS), "over 90 s")
"""Every duration bucket's name, shortest first."""
SPREAD = 0.4
"""How far one view's residual strays from a feature's mean, about, for a viewer who finishes half the videos of a
genre they enjoy and leaves the rest early (`enjoyed`)."""
RELATED_SHRINK = 2.0
"""Related videos seen before a video's neighbourhood counts half."""
BIAS_STEP = 0.05
"""The viewer's general baseline follows their last ~20 views ..."""
BIAS_SHRINK = 10.0
"""... and is trusted only after about ten of them, so one genre's fan is not mistaken for a fan of everything."""
TOPICS = ("genre", "hashtag", "length")
"""Kinds that learn from `topic_reward`: re-watching one video says nothing more about its genre."""
NOT_INTERESTED_WEIGHT = 2.0
"""'Not interested' counts twice against the video's creator and sound ..."""
NOPE_TOPIC_WEIGHT = 0.5
"""... and as half a quick skip against its genre and hashtags: it is about that video first."""
REFUSALS_TO_BLOCK = 3
REFUSAL_WINDOW = 50
"""'Not interested' on one genre 3 times within 50 views keeps it out of exploration until the viewer engages
with it again."""
TYPICAL_REWARD = squash(audience_points(TYPICAL["completion"], TYPICAL["like"], TYPICAL["share"], TYPICAL["comment"]))
"""A typical video's audience verdict: the "audience" term is a video's verdict over this."""
CHANGING = 0.5
"""When at least this share of the last CHANGE_WINDOW cards was skipped, what the feed shows is failing: the viewer's
taste may have moved, and a no from before those cards may be a yes now. Such a no is then doubted (`doubted`): it
counts as none in the ranking and its retrieval (as unknown as a feature never met: a Bayesian's prior after a change
point), and when the feature is met again its evidence starts over from that view, so one enjoyed card of a genre
refused before the change is enough to rank it above the genres not tried since. A yes is kept (the ranking retries it,
and the fresh skips take it down), and so is a "not interested" (a no said in words, not read from skips)."""
CHANGE_WINDOW = 10
"""The last cards `exit_rate` reads: what they said no to is the one no known to hold now."""
RECENT_WINDOW = 50
"""Views (about one half-life) whose creators, hashtags, sounds and related videos picks retrieve from."""


def length_words(name: str) -> str:
    """A length bucket as the viewer reads it: "up to 10 s" (a video of 10.0 s is in it; "under" was not true).

    >>> length_words("under 10 s"), length_words("10-20 s")
    ('up to 10 s', '10-20 s')
    """
    return "up to 10 s" if name == LENGTH_NAMES[0] else name


def length(duration_s: float) -> str:
    """The duration bucket a video's length teaches about.

    >>> length(8.0), length(20.0), length(600.0)
    ('under 10 s', '10-20 s', 'over 90 s')
    """
    for bound, name in LENGTHS:
        if duration_s <= bound:
            return name
    return LENGTH_NAMES[-1]


def features(video: Video) -> list[tuple[str, str]]:
    """The (kind, value) pairs a view of `video` teaches about."""
    out = [("genre", g) for g in video.genres]
    if video.creator:
        out.append(("creator", video.creator))
    out.extend(("hashtag", h) for h in video.hashtags)
    if video.sound:
        out.append(("sound", video.sound))
    out.append(("length", length(video.duration_s)))
    return out


@dataclass(slots=True)
class Evidence:
    """A feature's recency-weighted mean residual and how much backs it."""

    n: float = 0.0
    mean: float = 0.0
    at: int = 0
    """The view count when `n` was last brought up to date."""
    level: float = 0.0
    """The recency-weighted mean of what the viewer did on such videos beyond the audience's verdict alone (not beyond
    their own baseline too, as `mean` is): what the profile's words read (`standing`). Each view counts as its weight
    among the (decayed) `seen` behind it, without `mean`'s newest-view floor (MIN_STEP), which lets the ranking
    follow a taste that moves: with it, one quick skip of a 2:30 video after sixty liked science cards turned science
    from "more than most viewers" to "about as much", and twenty liked cooking videos then three skips read "less"
    (QA)."""
    square: float = 0.0
    """The same mean of its square: with `level`, how far the viewer's views of these videos spread."""
    seen: float = 0.0
    """The (decayed) views behind `level`: as `n`, but kept when a doubted no starts `n` and `mean` over (`doubted`):
    sixty liked science cards read "not enough to tell yet" a day later, after a few skipped ones (QA)."""


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

    def add(self, view: View, sign: int = 1) -> None:
        """Count one view in (sign 1) or out (sign -1)."""
        self.views += sign
        self.completed += sign * view.completed
        self.rewatched += sign * (view.loops > 0)
        self.loops += sign * view.loops
        self.liked += sign * view.liked
        self.shared += sign * view.shared
        self.commented += sign * view.commented
        self.followed += sign * view.followed
        self.skipped += sign * view.quick_skip
        self.not_interested += sign * view.not_interested


@dataclass(frozen=True)
class Checkpoint:
    """Everything one `learn_one` can change, as it was before: `restore` puts it back exactly."""

    video: Video
    evidence: dict[tuple[str, str], Evidence | None]
    related: dict[str, list[float] | None]
    bias: Evidence
    tally: Tally
    by_genre: dict[str, Tally | None]
    recent_skips: tuple[bool, ...]
    recent: tuple[tuple, ...]
    views_learned: int
    refusals: dict[str, list[int] | None]
    blocked: frozenset[str]
    combination: OnlineWeights
    cold_genres: dict[str, tuple[float, float]]


@dataclass
class TasteProfile:
    """A viewer's tastes, learned one view at a time.

    >>> from recommender.video import Video
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
    evidence: MutableMapping[tuple[str, str], Evidence] = field(default_factory=dict)
    related: MutableMapping[str, list[float]] = field(default_factory=dict)
    """video id -> [similarity-weighted residuals of related videos seen, their similarity, how many, the view
    count when last added to]"""
    tally: Tally = field(default_factory=Tally)
    by_genre: dict[str, Tally] = field(default_factory=dict)
    following: set[str] = field(default_factory=set)
    """Creators the viewer follows: set by follow and unfollow events, not learned."""
    recent_skips: deque = field(default_factory=lambda: deque(maxlen=CHANGE_WINDOW))
    recent: deque = field(default_factory=lambda: deque(maxlen=RECENT_WINDOW))
    """(creator, sound, hashtags, related) of the last views learned: what a pick retrieves candidates from."""
    views_learned: int = 0
    bias: Evidence = field(default_factory=Evidence)
    """How this viewer reacts to videos in general, beside the audience: a skimmer's 55% is a good sign."""
    refusals: dict[str, list[int]] = field(default_factory=dict)
    """genre -> when (in views learned) the viewer said "not interested" to it since last engaging with it."""
    blocked: set[str] = field(default_factory=set)
    """Genres refused often enough to keep out of exploration (see REFUSALS_TO_BLOCK)."""
    cold_genres: dict[str, tuple[float, float]] = field(default_factory=dict)
    """genre -> (its evidence's weight, that weight times the baseline it was read against), for the genres met in the
    first BIAS_SHRINK views, while the baseline is not yet trusted (see `_rebase`); empty after them."""
    prior: Prior = FITTED
    """Where the weights of the kinds start (fitted on training viewers, never on this one: `weights.py`)."""

    def __post_init__(self) -> None:
        self._gamma = 0.5 ** (1.0 / self.half_life)
        self.combination = OnlineWeights(self.prior)
        """This viewer's weights of the kinds (see `weights.py`): how much each kind of evidence counts."""
        self._window: _Window | None = None
        """What a pick retrieves from the recent views, kept up to date as they are learned (built when first read)."""

    def __eq__(self, other: object) -> bool:
        # Equal when they score and explain alike: evidence forgotten (FORGET_AFTER) but not yet dropped is none.
        return isinstance(other, TasteProfile) and self.dump() == other.dump()

    # -- learning ---------------------------------------------------------

    def learn_one(self, video: Video, view: View) -> None:
        """Move the scores of every feature of `video` by what `view` showed (a `View.censored` one teaches nothing,
        nor is it counted: History lists it)."""
        if view.censored:
            return
        doubted = self.doubted
        said, audience, base = reward(view), verdict(video), self.baseline  # each worked out once
        # What each kind predicted for this view before it was seen teaches how much each kind counts.
        self.combination.add(self.raw_terms(video), said - audience - base, self._gamma)
        self.views_learned += 1
        topic_r = self._topic_reward(view)
        prior = audience + base
        residual = said - prior
        topic = topic_r - prior
        beyond, topic_beyond = said - audience, topic_r - audience  # what the words read (`Evidence.level`)
        self.bias.n += 1.0
        self.bias.mean += max(1.0 / self.bias.n, BIAS_STEP) * (topic_r - audience - self.bias.mean)
        cold = self.views_learned <= BIAS_SHRINK
        for kind, value in features(video):
            # "Not interested" tells a genre or hashtag about one video: it counts as evidence among the rest,
            # without the newest-view floor (MIN_STEP) that lets a genre the viewer starts skipping fall fast.
            floor = 0.0 if view.not_interested and kind in TOPICS else self.min_step
            weight = _weight(kind, view)
            topical = kind in TOPICS
            self._update(
                (kind, value),
                topic if topical else residual,
                topic_beyond if topical else beyond,
                weight,
                floor,
                doubted,
            )
            if cold and kind == "genre":
                w, wb = self.cold_genres.get(value, (0.0, 0.0))
                self.cold_genres[value] = (w + weight, wb + weight * base)
        if self.views_learned == BIAS_SHRINK:
            self._rebase()
        now = self.views_learned
        for other, w in zip(video.related, video.related_weights or [1.0] * len(video.related), strict=True):
            acc = self.related.get(other)
            if acc is None or now - acc[3] > FORGET_AFTER:
                acc = self.related[other] = [0.0, 0.0, 0, now]
            acc[0] += w * residual
            acc[1] += w
            acc[2] += 1
            acc[3] = now
        self._count(video, view, 1)
        if now % FORGET_AFTER == 0:
            self._forget()
        self.recent_skips.append(view.quick_skip or view.not_interested)
        recent, entry = self.recent, (video.creator, video.sound, tuple(video.hashtags), tuple(video.related))
        left = recent[0] if len(recent) == recent.maxlen else None
        recent.append(entry)
        if (window := self._window) is not None:
            if window.holds(self):
                window.learned(left, entry, self.evidence.get, self.related.get)
            else:
                self._window = None
        self._told(video, view)

    def _told(self, video: Video, view: View, before: View | None = None) -> None:
        """What a view says of its genres in words: "not interested" counts toward keeping one out of exploration
        (REFUSALS_TO_BLOCK), engaging with one lifts that. Of a card gone back to (`before`, its view until then),
        only a "not interested" new on this leave is counted: one said on the first leave was counted then."""
        refused = view.not_interested and not (before is not None and before.not_interested)
        for g in video.genres:
            if refused:
                at = self.refusals.setdefault(g, [])
                at.append(self.views_learned)
                del at[:-REFUSALS_TO_BLOCK]
                if len(at) == REFUSALS_TO_BLOCK and at[-1] - at[0] < REFUSAL_WINDOW:
                    self.blocked.add(g)
            elif view.engaged:
                self.refusals.pop(g, None)
                self.blocked.discard(g)

    @staticmethod
    def _topic_reward(view: View) -> float:
        # "Not interested" tells a genre what a quick skip would, no more (and only half as firmly: _weight).
        return squash(WEIGHTS["quick_skip"]) if view.not_interested else topic_reward(view)

    def _count(self, video: Video, view: View, sign: int) -> None:
        self.tally.add(view, sign)
        for g in video.genres:
            self.by_genre.setdefault(g, Tally()).add(view, sign)

    def amend(self, video: Video, before: View, after: View) -> None:
        """The viewer came back to a card and left it again: correct what it taught, adding no evidence.

        Each feature's mean moves by the change in the view's reward, as far
        as one view moves it; counts are replaced. Coming back and leaving at
        once changes nothing: navigation is not a verdict. A view that taught
        nothing (`View.censored`) is learned afresh as `after`, when it teaches.
        """
        if before.censored:
            self.learn_one(video, after)
            return
        change, topic_change = reward(after) - reward(before), self._topic_reward(after) - self._topic_reward(before)
        audience = verdict(video)
        # How the square of what the view did beyond the audience changes (`Evidence.square`), of each kind.
        squared = (reward(after) - audience) ** 2 - (reward(before) - audience) ** 2
        topic_squared = (self._topic_reward(after) - audience) ** 2 - (self._topic_reward(before) - audience) ** 2
        self._window = None  # offsets of the window's features move: read it again when next asked
        for kind, value in features(video):
            ev = self.evidence.get((kind, value))
            n = self.weight(kind, value)
            if ev is not None and n > 0:
                step = min(1.0, max(_weight(kind, after) / n, self.min_step))
                said = min(1.0, _weight(kind, after) / max(self.seen(kind, value), 1e-9))  # the words' step
                topical = kind in TOPICS
                moved = topic_change if topical else change
                ev.mean = max(-2.0, min(2.0, ev.mean + step * moved))
                ev.level = max(-2.0, min(2.0, ev.level + said * moved))
                ev.square = max(0.0, ev.square + said * (topic_squared if topical else squared))
        for other, w in zip(video.related, video.related_weights or [1.0] * len(video.related), strict=True):
            if (acc := self.related.get(other)) is not None and self._known(acc[3]):
                acc[0] += w * change
        if self.bias.n > 0:
            self.bias.mean += max(1.0 / self.bias.n, BIAS_STEP) * topic_change
        self._count(video, before, -1)
        self._count(video, after, 1)
        # "Not interested" said on a card gone back to was learned as a mean's move only, never as a refusal: three
        # of them, one after a `k`, left the genre unblocked and it came back three times in twenty cards (QA).
        self._told(video, after, before)

    def checkpoint(self, video: Video) -> Checkpoint:
        """What `learn_one(video, ...)` or `amend(video, ...)` may change, copied: for an exact undo."""

        def copy_tally(t: Tally | None) -> Tally | None:
            return replace(t) if t is not None else None

        return Checkpoint(
            video,
            {key: (replace(ev) if (ev := self.evidence.get(key)) else None) for key in self._changes(video)},
            {other: (list(acc) if (acc := self.related.get(other)) else None) for other in video.related},
            replace(self.bias),
            replace(self.tally),
            {g: copy_tally(self.by_genre.get(g)) for g in video.genres},
            tuple(self.recent_skips),
            tuple(self.recent),
            self.views_learned,
            {g: (list(at) if (at := self.refusals.get(g)) is not None else None) for g in video.genres},
            frozenset(self.blocked),
            self.combination.copy(),
            dict(self.cold_genres),
        )

    def restore(self, cp: Checkpoint) -> None:
        """Put back what a checkpoint copied: the profile is as it was before."""

        def put(table: MutableMapping, key: Any, value: Any) -> None:
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value

        for key, ev in cp.evidence.items():
            put(self.evidence, key, ev)
        for other, acc in cp.related.items():
            put(self.related, other, acc)
        self.bias, self.tally = cp.bias, cp.tally
        for g, t in cp.by_genre.items():
            put(self.by_genre, g, t)
        self.recent_skips = deque(cp.recent_skips, maxlen=self.recent_skips.maxlen)
        self.recent = deque(cp.recent, maxlen=RECENT_WINDOW)
        self.views_learned = cp.views_learned
        for g, at in cp.refusals.items():
            put(self.refusals, g, at)
        self.blocked = set(cp.blocked)
        self.combination = cp.combination.copy()
        self.cold_genres = dict(cp.cold_genres)
        self._window = None

    def _changes(self, video: Video) -> list[tuple[str, str]]:
        """The evidence a view of `video` may change: its features, and in the BIAS_SHRINK-th view every genre
        `_rebase` moves."""
        return [*features(video), *(("genre", g) for g in self.cold_genres)]

    def _rebase(self) -> None:
        """Read the genres of the first BIAS_SHRINK views against the baseline known after them, once.

        Until then the baseline is not trusted (shrunk toward 0 by BIAS_SHRINK),
        so the first views are read as if the viewer reacted like the audience:
        a skimmer who leaves most cards at once and half-watches the ones it
        enjoys had its first enjoyed genre, met on the first card, learned as a
        no, and the other genre it enjoys ran ten cards in a row before the
        first was met again. Each genre met so far moves by how far the
        baseline its views were read against is from the one now; later views
        are read against the baseline as it is when they come. Genres only: a
        genre is what the feed mixes and explores by, and moving every kind
        (creators, sounds, hashtags too) made a loved video under the simulated
        audience be held back more often (5 of seeds 0-15, 2 on the code before).
        """
        now = self.baseline
        for genre, (w, wb) in self.cold_genres.items():
            ev = self.evidence.get(("genre", genre))
            if ev is not None and w > 0:
                ev.mean = max(-2.0, min(2.0, ev.mean + wb / w - now))
        self.cold_genres = {}

    def _forget(self) -> None:
        """Drop the evidence that counts as none (see FORGET_AFTER): only what is kept, never what is read."""
        self.evidence = _kept(self.evidence, self._known, lambda ev: ev.at)
        self.related = _kept(self.related, self._known, lambda acc: acc[3])
        self._window = None

    def _known(self, at: float) -> bool:
        """Whether evidence last added to at view count `at` still counts."""
        return self.views_learned - at <= FORGET_AFTER

    def _update(
        self,
        key: tuple[str, str],
        residual: float,
        beyond: float,
        weight: float,
        floor: float,
        doubted: int | None = None,
    ) -> None:
        ev = self.evidence.get(key)
        now = self.views_learned
        if ev is None or not self._known(ev.at):
            ev = self.evidence[key] = Evidence(at=now)
        elif doubted is not None and self._doubts(key, ev, doubted):  # the ranking starts over; the words go on
            seen = ev.seen * self._gamma ** (now - ev.at)
            ev = self.evidence[key] = Evidence(at=now, level=ev.level, square=ev.square, seen=seen)
        fade = self._gamma ** (now - ev.at)
        ev.n = ev.n * fade + weight
        ev.seen = ev.seen * fade + weight
        ev.at = now
        step = min(1.0, max(weight / ev.n, floor * min(weight, 1.0)))
        ev.mean += step * (residual - ev.mean)
        said = min(1.0, weight / ev.seen)
        ev.level += said * (beyond - ev.level)
        ev.square += said * (beyond * beyond - ev.square)

    # -- reading ----------------------------------------------------------

    @property
    def baseline(self) -> float:
        """How much more (or less) than the audience this viewer engages with any video."""
        return self.bias.mean * self.bias.n / (self.bias.n + BIAS_SHRINK)

    def weight(self, kind: str, value: str) -> float:
        """How many (decayed) views back this feature's score."""
        ev = self.evidence.get((kind, value))
        return ev.n * self._gamma ** (self.views_learned - ev.at) if ev and self._known(ev.at) else 0.0

    def seen(self, kind: str, value: str) -> float:
        """How many (decayed) views back this feature's `level`: its `weight`, but kept when a doubted no starts that
        over."""
        ev = self.evidence.get((kind, value))
        return ev.seen * self._gamma ** (self.views_learned - ev.at) if ev and self._known(ev.at) else 0.0

    def staleness(self, kind: str, value: str) -> int:
        """Views learned since this feature was last met (all of them when never, or forgotten)."""
        ev = self.evidence.get((kind, value))
        return self.views_learned - ev.at if ev is not None and self._known(ev.at) else self.views_learned

    @property
    def doubted(self) -> int | None:
        """While the feed is failing (CHANGING), the view count at or before which a no is doubted; else None."""
        return self.views_learned - CHANGE_WINDOW if self.exit_rate >= CHANGING else None

    def _doubts(self, key: tuple[str, str], ev: Evidence, doubted: int) -> bool:
        """Whether this feature's evidence is a no from before `doubted` that the viewer never said in words."""
        return ev.mean < 0.0 and ev.at <= doubted and not (key[0] == "genre" and self.refusals.get(key[1]))

    def offset(self, kind: str, value: str, doubted: int | None = None) -> float:
        """The viewer's learned offset for one feature, in (-1, 1); 0 when unknown, or a no `doubted` (CHANGING)."""
        ev = self.evidence.get((kind, value))
        if ev is None or not self._known(ev.at) or (doubted is not None and self._doubts((kind, value), ev, doubted)):
            return 0.0
        n = ev.n * self._gamma ** (self.views_learned - ev.at)
        return ev.mean * n / (n + SHRINK[kind])

    def level(self, kind: str, value: str) -> float:
        """How much more (or less) than the audience the viewer engages with this feature's videos (`Evidence.level`),
        shrunk toward "as much as most" as `offset` is toward none; 0 when unknown.

        Not the baseline plus the offset: the baseline follows the last twenty or so views, whatever they were,
        while an offset was learned against the baseline of its own views' time, so the sum swung with what came
        after (31 dance videos liked and looped read "less than most viewers" after a few minutes of skimming
        other feeds, QA)."""
        seen = self.seen(kind, value)
        return self.evidence[(kind, value)].level * seen / (seen + SHRINK[kind]) if seen > 0 else 0.0

    def variance(self, kind: str, value: str) -> float:
        """How far the viewer's views of this feature's videos spread about their `Evidence.level` (recency-weighted,
        as it is); 0 when unknown."""
        ev = self.evidence.get((kind, value))
        return max(0.0, ev.square - ev.level**2) if ev is not None and self._known(ev.at) else 0.0

    def offsets(self, kind: str, values: list[str] | tuple[str, ...], doubted: int | None = None) -> list[float]:
        """`offset(kind, value, doubted)` of each of `values`, in order, the same figures: a pick reads every genre's
        and every length's a few times, and this is that arithmetic without a call per value."""
        evidence, gamma, views, shrink = self.evidence.get, self._gamma, self.views_learned, SHRINK[kind]
        oldest = views - FORGET_AFTER
        doubts = self._doubts
        out: list[float] = []
        append = out.append
        for value in values:
            key = (kind, value)
            ev = evidence(key)
            if ev is None or ev.at < oldest or (doubted is not None and doubts(key, ev, doubted)):
                append(0.0)
            else:
                n = ev.n * gamma ** (views - ev.at)
                append(ev.mean * n / (n + shrink))
        return out

    def enjoyed(self, kind: str, values: list[str]) -> list[bool]:
        """Whether the viewer's evidence says they enjoy each of `values`: not clearly less than their typical video
        (a mean within one standard error, SPREAD over the square root of its views, of 0 or above), or than the
        audience does (of minus the baseline). The second is what an enthusiast's tastes look like: one who finishes
        every video of three genres has a baseline that high, and each genre's offset wanders about 0 around it. The
        standard error is what a viewer who enjoys a genre but leaves half its videos early looks like: their typical
        video is mostly of the genres they enjoy, so a liked genre's mean sits about 0 and crosses it now and then,
        while a genre they skip sits some 0.7 below after one view."""
        evidence, oldest, floor = self.evidence.get, self.views_learned - FORGET_AFTER, min(0.0, -self.baseline)
        out = []
        for value in values:
            ev = evidence((kind, value))
            out.append(ev is not None and ev.at >= oldest and ev.n > 0 and ev.mean > floor - SPREAD / ev.n**0.5)
        return out

    def thin(self, kind: str, values: list[str]) -> list[tuple[str, float, float]]:
        """(value, mean, weight) of those of `values` the viewer's evidence favours (a positive mean) on fewer views
        than the kind's shrink: a yes the ranking cannot trust yet (its offset is less than half its mean), where one
        more view would tell most (`Policy._probe`)."""
        out = []
        for value in values:
            ev = self.evidence.get((kind, value))
            weight = self.weight(kind, value)
            if ev is not None and ev.mean > 0.0 and 0.0 < weight < SHRINK[kind]:
                out.append((value, ev.mean, weight))
        return out

    def related_offset(self, video_id: str) -> float:
        """What the viewer's reactions to videos related to this one say about it."""
        acc = self.related.get(video_id)
        if not acc or acc[1] <= 0 or not self._known(acc[3]):
            return 0.0
        # Similarity-weighted mean surprise of its neighbours, trusted by how many there are.
        return acc[0] / acc[1] * acc[2] / (acc[2] + RELATED_SHRINK)

    def raw_terms(self, video: Video) -> list[float]:
        """The offsets of `video`'s features, kind by kind in KINDS' order, before any weight."""
        offset = self.offset  # learning a view and explaining a pick ask it: loops, not generators, the same figures
        genres, hashtags = video.genres, video.hashtags
        genre = sum([offset("genre", g) for g in genres]) / len(genres)
        tags = 0.0
        if hashtags:  # `max`: the first of equals
            tags = offset("hashtag", hashtags[0])
            for h in hashtags[1:]:
                found = offset("hashtag", h)
                if found > tags:
                    tags = found
        return [
            genre,
            offset("creator", video.creator) if video.creator else 0.0,
            tags,
            offset("sound", video.sound) if video.sound else 0.0,
            offset("length", length(video.duration_s)),
            self.related_offset(video.id),
            verdict(video) - TYPICAL_REWARD,
        ]

    @property
    def kind_weights(self) -> dict[str, float]:
        """How much each kind of evidence counts for this viewer now (learned: `weights.py`)."""
        return dict(zip(KINDS, self.combination.weights, strict=True))

    def terms(self, video: Video) -> dict[str, float]:
        """The personal score of `video`, kind by kind (weights applied)."""
        return {k: w * t for k, w, t in zip(KINDS, self.combination.weights, self.raw_terms(video), strict=True)}

    def score_one(self, video: Video) -> float:
        """The viewer's personal offset for `video` (added to the audience's verdict): the sum of `terms`."""
        return self._score(video, self.offset)

    def fit_one(self, video: Video) -> float:
        """How well `video` fits this viewer's own evidence: `score_one` without the audience's verdict term.

        For choosing among videos the ranking does not judge by their figures (fresh uploads on a trial batch):
        the audience term corrects how much the ranking's plain verdict counts, and on its own (its weight is
        negative for viewers who follow their taste more than the crowd) it would hold a video back from a trial
        slot for scoring well with the audience."""
        return self._score(video, self.offset, crowd=False)

    def scorer(self, doubted: int | None = None) -> Callable[[Video], float]:
        """`score_one` for ranking many candidates against this profile as it is now (a pick changes nothing);
        `doubted` as for `offset`.

        Each feature's offset is worked out once, inline: ranking scores a few
        hundred candidates a pick, and this is most of a pick's time.
        """
        offset = self._remembered(doubted)
        return lambda video: self._score(video, offset)

    def fitter(self) -> Callable[[Video], float]:
        """`fit_one` for many videos against this profile as it is now, each feature's offset worked out once: a
        trial slot weighs some forty uploads, most sharing a genre and a length with others (`fit_one` one by one
        was a third of a trial slot's time)."""
        offset = self._remembered(None)
        return lambda video: self._score(video, offset, crowd=False)

    def _remembered(self, doubted: int | None) -> Callable[[str, str], float]:
        """`offset(kind, value, doubted)`, the same figures, each worked out once while the profile stands still."""
        memo: dict[tuple[str, str], float] = {}
        evidence, gamma, views = self.evidence.get, self._gamma, self.views_learned
        oldest = views - FORGET_AFTER
        doubts = self._doubts

        def offset(kind: str, value: str) -> float:
            key = (kind, value)
            found = memo.get(key)
            if found is None:
                ev = evidence(key)
                if ev is None or ev.at < oldest or (doubted is not None and doubts(key, ev, doubted)):
                    found = 0.0
                else:
                    n = ev.n * gamma ** (views - ev.at)
                    found = ev.mean * n / (n + SHRINK[kind])
                memo[key] = found
            return found

        return offset

    def personal_scores(self, videos: list[Video], doubted: int | None = None) -> list[float]:
        """`scorer(doubted)` applied to each of `videos`, the same figures, bit for bit, in a fraction of the time.

        The ranking's hot path (a few hundred candidates a pick): each feature's shrunk offset is worked out once
        for the whole list, each video's feature keys and audience term once for as long as the video lives
        (`_keys`), and the learned combination is applied in `_score`'s order, without a call per feature.
        """
        if len(_KEYS) + len(videos) > KEYS_KEPT:
            _KEYS.clear()
            _FEATURES.clear()
            _NUMBER.clear()
        cached = _KEYS.get
        entries = []
        for video in videos:
            entry = cached(video.id)
            if entry is None or entry[0] is not video:
                entry = _keys(video)
            entries.append(entry)
        # A union of frozensets of numbers (no key hashed again).
        off = self._offsets(set().union(*[entry[9] for entry in entries]), doubted)
        oldest = self.views_learned - FORGET_AFTER
        w_genre, w_creator, w_hashtag, w_sound, w_length, w_related, w_audience = self.combination.weights
        related_get = self.related.get
        out: list[float] = []
        append = out.append
        for video, genres, tags, creator, sound, size, audience, _, one, _, _ in entries:
            if one is not None:  # the sum of one, over one: the same figure (x / 1 is x exactly)
                score = w_genre * (0.0 + off[one])
            else:
                total = 0.0
                for key in genres:
                    total += off[key]
                score = w_genre * total / len(genres)
            if tags:  # `max`, written out: the first of equals, as `_score`'s loop
                best = off[tags[0]]
                for key in tags:
                    if off[key] > best:
                        best = off[key]
                score += w_hashtag * best
            if creator is not None:
                score += w_creator * off[creator]
            if sound is not None:
                score += w_sound * off[sound]
            score += w_length * off[size]
            acc = related_get(video.id)
            if acc is not None:  # `related_offset`, inline
                score += w_related * (
                    0.0
                    if not acc or acc[1] <= 0 or acc[3] < oldest
                    else acc[0] / acc[1] * acc[2] / (acc[2] + RELATED_SHRINK)
                )
            if w_audience:
                score += w_audience * audience
            append(score)
        return out

    def _offsets(self, numbers: set[int], doubted: int | None) -> dict[int, float]:
        """`offset(kind, value, doubted)` of the features `numbers` (`_FEATURES`), by number, worked out together
        (`offset`'s arithmetic, written out: a call per feature is most of the cost). Looked up by number, not by a
        union of the candidates' (kind, value) keys intersected with the evidence: that union alone cost a third."""
        evidence, gamma, views = self.evidence.get, self._gamma, self.views_learned
        oldest = views - FORGET_AFTER
        doubts, feature = self._doubts, _FEATURES
        off: dict[int, float] = {}
        for number in numbers:
            key = feature[number]
            ev = evidence(key)
            if ev is None or ev.at < oldest or (doubted is not None and doubts(key, ev, doubted)):
                off[number] = 0.0
            else:
                n = ev.n * gamma ** (views - ev.at)
                off[number] = ev.mean * n / (n + SHRINK[key[0]])
        return off

    def _score(self, video: Video, offset: Callable[[str, str], float], crowd: bool = True) -> float:
        # Written out rather than summed from `terms`, with loops rather than generators: it is the hot path.
        genres, tags = video.genres, video.hashtags
        w_genre, w_creator, w_hashtag, w_sound, w_length, w_related, w_audience = self.combination.weights
        total = 0.0
        for g in genres:
            total += offset("genre", g)
        score = w_genre * total / len(genres)
        if tags:  # the best of its tags: a followed tag is not diluted by the generic ones beside it (#fyp)
            best = offset("hashtag", tags[0])
            for h in tags[1:]:
                best = max(best, offset("hashtag", h))
            score += w_hashtag * best
        if video.creator:
            score += w_creator * offset("creator", video.creator)
        if video.sound:
            score += w_sound * offset("sound", video.sound)
        score += w_length * offset("length", length(video.duration_s))
        if video.id in self.related:
            score += w_related * self.related_offset(video.id)
        if w_audience and crowd:
            score += w_audience * (verdict(video) - TYPICAL_REWARD)
        return score

    def top(self, kind: str, n: int, liked: bool = False) -> list[tuple[str, float]]:
        """The `n` creators, hashtags or sounds of the last RECENT_WINDOW views with the best offsets, best first;
        with `liked`, only those whose offset is positive (what a pick retrieves from).

        Candidates for a pick come from these: a feature the viewer has not met
        for a few half-lives has faded anyway, and looking only at the recent
        ones keeps a pick's cost flat however long the history. The values are
        kept counted as views are learned (`_Window`), not gathered from the
        recent views at every pick; `liked` looks only at those whose mean is
        positive, the only ones whose offset can be.
        """
        window = self._recent_window()
        gamma, views, shrink = self._gamma, self.views_learned, SHRINK[kind]
        oldest = views - FORGET_AFTER
        rows: list[tuple[float, str, float]] = []
        append = rows.append
        if liked:  # `offset`, inline, of the evidence the window holds for each value: no look-up
            for v, ev in window.liked[kind].items():
                if ev.at >= oldest:
                    w = ev.n * gamma ** (views - ev.at)
                    score = ev.mean * w / (w + shrink)
                    if score > 0.0:
                        append((-score, v, score))
        else:
            evidence = self.evidence.get
            for v in window.counts[kind]:  # `offset`, inline: a pick asks it of a few hundred values
                found = evidence((kind, v))
                if found is None or found.at < oldest:
                    score = 0.0
                else:
                    w = found.n * gamma ** (views - found.at)
                    score = found.mean * w / (w + shrink)
                append((-score, v, score))
        # Best first, then by value (the values differ: the score itself is never compared). `heapq.nsmallest`'s
        # figures (it is documented as this), sorted in C: at some fifty rows three times as fast as its Python loop.
        rows.sort()
        return [(v, score) for _, v, score in rows[:n]]

    def loved(self, n: int) -> list[str]:
        """Up to `n` videos related to the last RECENT_WINDOW views that the viewer's reactions favour, best first
        (kept with their `related_offset` as views are learned: `_Window`)."""
        return [vid for _, vid in sorted(self._recent_window().favoured.values())[:n]]  # as `top`: nsmallest

    def _recent_window(self) -> _Window:
        """The window of the recent views, as they are now (read again from them when it may have moved)."""
        window = self._window
        if window is None or not window.holds(self):
            window = self._window = _Window(self)
        return window

    def levels(self, kind: str) -> list[tuple[str, float]]:
        """Every learned feature of one kind with its `level` (what the profile's words read), best first."""
        return self._best(kind, self.level)

    def scores(self, kind: str) -> list[tuple[str, float]]:
        """Every learned feature of one kind with its offset, best first."""
        return self._best(kind, self.offset)

    def _best(self, kind: str, read: Callable[[str, str], float]) -> list[tuple[str, float]]:
        rows = [(v, read(k, v)) for (k, v), ev in self.evidence.items() if k == kind and self._known(ev.at)]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    @property
    def exit_rate(self) -> float:
        """Share of the last ten cards skipped at once or marked not interested."""
        return sum(self.recent_skips) / len(self.recent_skips) if self.recent_skips else 0.0

    def reason_for_genre(self, genre: str) -> str:
        """Why a genre is in the viewer's feed, in the viewer's words."""
        t = self.by_genre.get(genre, Tally())
        for count, verb in (
            (t.rewatched, "re-watched"),
            (t.shared, "shared"),
            (t.commented, "commented on"),
            (t.liked, "liked"),
            (t.completed, "finished"),
        ):
            if count:
                return f"because you {verb} {count} {genre} video{'s' if count != 1 else ''}"
        return f"because you watched {t.views} {genre} video{'s' if t.views != 1 else ''}"

    # -- a snapshot -----------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """Everything learned, as plain JSON-ready values (`load` reads it back equal)."""
        return {
            "half_life": self.half_life,
            "min_step": self.min_step,
            # Sorted: in no order the learning depends on (a snapshot read back lists it in another one).
            "evidence": sorted(
                [k, v, ev.n, ev.mean, ev.at, ev.level, ev.square, ev.seen]
                for (k, v), ev in self.evidence.items()
                if self._known(ev.at)
            ),
            "related": {vid: acc for vid, acc in self.related.items() if self._known(acc[3])},
            "tally": asdict(self.tally),
            "by_genre": {g: asdict(t) for g, t in self.by_genre.items()},
            "following": sorted(self.following),
            "recent_skips": list(self.recent_skips),
            "recent": [list(r) for r in self.recent],
            "views_learned": self.views_learned,
            "bias": [self.bias.n, self.bias.mean, self.bias.at],
            "refusals": self.refusals,
            "blocked": sorted(self.blocked),
            "weights": self.combination.dump(),
            "cold_genres": sorted([g, w, wb] for g, (w, wb) in self.cold_genres.items()),
        }

    @classmethod
    def load(cls, data: dict[str, Any], prior: Prior = FITTED) -> TasteProfile:
        """The profile `dump` described.

        >>> p = TasteProfile()
        >>> p.learn_one(Video("v", "t", "", "c", ("g",), ("h",), "s", 10.0, 0.0, related=("w",)),
        ...             View("v", 10_000, 10_000, 10_000, liked=True))
        >>> TasteProfile.load(p.dump()) == p
        True
        """
        p = cls(data["half_life"], data["min_step"], prior=prior)
        p.evidence = {(row[0], row[1]): Evidence(*row[2:]) for row in data["evidence"]}
        p.related = {vid: list(acc) for vid, acc in data["related"].items()}
        p.tally = Tally(**data["tally"])
        p.by_genre = {g: Tally(**t) for g, t in data["by_genre"].items()}
        p.following = set(data["following"])
        p.recent_skips = deque(data["recent_skips"], maxlen=CHANGE_WINDOW)
        p.recent = deque(((c, s, tuple(tags), tuple(rel)) for c, s, tags, rel in data["recent"]), maxlen=RECENT_WINDOW)
        p.views_learned = data["views_learned"]
        p.bias = Evidence(*data["bias"])
        p.refusals = {g: list(at) for g, at in data["refusals"].items()}
        p.blocked = set(data["blocked"])
        p.combination.load(data["weights"])
        p.cold_genres = {g: (w, wb) for g, w, wb in data.get("cold_genres", [])}
        return p


class _Window:
    """The creators, sounds and hashtags of a profile's recent views (RECENT_WINDOW), counted, with the ones whose
    mean is positive (`liked`), and the videos related to them that the viewer's reactions favour, with their
    ordering key (minus `related_offset`, the id): what every pick retrieves from, kept up to date one view at a time
    (`learned`) instead of gathered from the recent views at every pick (a third of a pick's time).

    Exact, not an estimate: a feature's mean and a related video's sums change only when a view of a video with that
    feature (or related to that video) is learned, and that view joins the window at once; what moves them otherwise
    (`amend`, `restore`, `_forget`) lets the window go, to be read again from the views. A related video's offset has
    no decay, so it is kept as is; a feature's offset decays with every view, so `top` works it out at each pick, of
    the values kept here.
    """

    __slots__ = ("counts", "evidence", "favoured", "liked", "recent", "related", "related_counts")

    def __init__(self, profile: TasteProfile) -> None:
        self.recent, self.evidence, self.related = profile.recent, profile.evidence, profile.related
        self.counts: dict[str, dict[str, int]] = {"creator": {}, "sound": {}, "hashtag": {}}
        """kind -> value -> how many of the recent views had it ("" never counts: no creator, no sound)."""
        self.liked: dict[str, dict[str, Evidence]] = {"creator": {}, "sound": {}, "hashtag": {}}
        """kind -> the counted values whose evidence's mean is positive, with that evidence (an entry of the profile's
        table is replaced only when its feature is learned: the view that joins the window here)."""
        self.related_counts: dict[str, int] = {}
        """video id -> how many of the recent views it is related to."""
        self.favoured: dict[str, tuple[float, str]] = {}
        """video id -> (minus its `related_offset`, its id), for those of `related_counts` it is positive for."""
        evidence, related = profile.evidence.get, profile.related.get
        for entry in profile.recent:
            self._enter(entry, evidence, related)

    def holds(self, profile: TasteProfile) -> bool:
        """Whether this is the window of `profile`'s tables (a table set anew, as a snapshot's, is read again)."""
        return self.recent is profile.recent and self.evidence is profile.evidence and self.related is profile.related

    def learned(
        self,
        left: tuple | None,
        entry: tuple,
        evidence: Callable[[tuple[str, str]], Evidence | None],
        related: Callable[[str], list[float] | None],
    ) -> None:
        """A view was learned: `entry` joined the recent views (and moved what its features' evidence and its related
        videos' sums are), and `left` left them (None: none did)."""
        if left is not None:
            self._leave(left)
        self._enter(entry, evidence, related)

    def _enter(
        self,
        entry: tuple,
        evidence: Callable[[tuple[str, str]], Evidence | None],
        related: Callable[[str], list[float] | None],
    ) -> None:
        creator, sound, tags, rel = entry
        for kind, values in (("creator", (creator,)), ("sound", (sound,)), ("hashtag", tags)):
            counts, liked = self.counts[kind], self.liked[kind]
            for value in values:
                if not value:
                    continue
                counts[value] = counts.get(value, 0) + 1
                ev = evidence((kind, value))
                if ev is not None and ev.mean > 0.0:
                    liked[value] = ev
                else:
                    liked.pop(value, None)
        counts_of, favoured = self.related_counts, self.favoured
        for vid in rel:
            counts_of[vid] = counts_of.get(vid, 0) + 1
            acc = related(vid)
            # `related_offset`, as `loved` read it at every pick: only a positive one is favoured.
            score = -(acc[0] / acc[1] * acc[2] / (acc[2] + RELATED_SHRINK)) if acc and acc[1] > 0 else 0.0
            if score < 0:
                favoured[vid] = (score, vid)
            else:
                favoured.pop(vid, None)

    def _leave(self, entry: tuple) -> None:
        creator, sound, tags, rel = entry
        for kind, values in (("creator", (creator,)), ("sound", (sound,)), ("hashtag", tags)):
            counts = self.counts[kind]
            for value in values:
                if not value:
                    continue
                left = counts[value] - 1
                if left:
                    counts[value] = left
                else:
                    del counts[value]
                    self.liked[kind].pop(value, None)
        counts_of = self.related_counts
        for vid in rel:
            left = counts_of[vid] - 1
            if left:
                counts_of[vid] = left
            else:
                del counts_of[vid]
                self.favoured.pop(vid, None)


def _kept(table: MutableMapping[Any, Any], known: Callable[[float], bool], when: Callable[[Any], float]) -> Any:
    """`table` without the entries whose time (`when`) `known` says no longer counts. A table read from a snapshot
    (`packed.py`) forgets in place, without building the rows it drops."""
    forget = getattr(table, "forget", None)
    if forget is not None:
        forget(known, when)
        return table
    return {key: value for key, value in table.items() if known(when(value))}


_KEYS: dict[str, tuple] = {}
"""video id -> (the video, its genres', hashtags', creator's, sound's and length's features, its audience term,
the frozenset of its (kind, value) features, its one genre's feature or None, the frozenset of its features, its
`audience_reward`), each
feature but in the first frozenset by its number in `_FEATURES`:
what ranking reads of a video, worked out once. Kept while the same video object is asked about (a video read again,
or its figures changed, is worked out again); emptied past KEYS_KEPT."""
KEYS_KEPT = 20_000
"""Videos `_KEYS` remembers: a day of a viewer's candidates, a few MB."""
_FEATURES: list[tuple[str, str]] = []
"""The (kind, value) features of the videos in `_KEYS`, numbered: a pick looks each up a few thousand times, and a
number hashes as itself, where a pair of strings is hashed again at each look."""
_NUMBER: dict[tuple[str, str], int] = {}
"""feature -> its number in `_FEATURES`."""


def _keys(video: Video) -> tuple:
    """`video`'s entry in `_KEYS`, worked out now (`personal_scores` empties the tables, never in a call's midst:
    the entries it holds would name features by numbers given again)."""

    def number(key: tuple[str, str]) -> int:
        found = _NUMBER.get(key)
        if found is None:
            found = _NUMBER[key] = len(_FEATURES)
            _FEATURES.append(key)
        return found

    keys = features(video)
    genres = tuple(number(("genre", g)) for g in video.genres)
    tags = tuple(number(("hashtag", h)) for h in video.hashtags)
    creator = number(("creator", video.creator)) if video.creator else None
    sound = number(("sound", video.sound)) if video.sound else None
    size = number(("length", length(video.duration_s)))
    crowd = audience_reward(video)
    one = genres[0] if len(genres) == 1 else None
    every = frozenset(map(number, keys))
    entry = _KEYS[video.id] = (
        video,
        genres,
        tags,
        creator,
        sound,
        size,
        crowd - TYPICAL_REWARD,
        frozenset(keys),
        one,
        every,
        crowd,
    )
    return entry


def verdict(video: Video) -> float:
    """`audience_reward(video)`, as `_KEYS` holds it for the video when it does: ranking, explaining and learning a
    pick ask it of the same videos again and again, and it is a dozen operations each time.

    >>> v = Video("v", "t", "", "c", ("g",), (), "s", 10.0, 0.0, views=100, completion_rate=0.5)
    >>> verdict(v) == audience_reward(v)
    True
    """
    entry = _KEYS.get(video.id)
    return entry[10] if entry is not None and entry[0] is video else audience_reward(video)


def _weight(kind: str, view: View) -> float:
    """How much one view counts for one kind of feature: "not interested" aims at the video first."""
    if not view.not_interested:
        return 1.0
    return NOT_INTERESTED_WEIGHT if kind in ("creator", "sound") else NOPE_TOPIC_WEIGHT


__all__ = [
    "CHANGE_WINDOW",
    "CHANGING",
    "HALF_LIFE_VIEWS",
    "LENGTHS",
    "Checkpoint",
    "Tally",
    "TasteProfile",
    "features",
    "length",
    "verdict",
]
