"""What happened on one card (a View) and what it is worth: THE weights table.

The points start from those reported for TikTok's For You feed: re-watch 10,
completion 8, share 6, comment 4, like 2. tiktui adds what a real feed needs:

- partial watching earns its share of the completion points;
- a quick skip (under QUICK_SKIP_SECONDS, or under QUICK_SKIP_RATIO of the
  video; never one seen to the end) costs points instead, and "not
  interested" costs many;
- the k-th re-watch of one video earns REWATCH_DECAY**(k-1) of the first, so
  looping a video forever adds at most one re-watch's worth (10 points);
- a view's points are squashed into a reward in (-1, 1): one view is one piece
  of evidence, however long it was looped;
- re-watch points teach about the video itself (its creator, sound, related
  videos), not its genre: `topic_reward` leaves them out, so twenty loops of
  one video move a genre less than three separate completed views.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WEIGHTS: dict[str, float] = {
    "rewatch": 10.0,  # seed: re-watching is the strongest signal of interest
    "completion": 8.0,  # seed: watching to the end; partial watching earns ratio * 8
    "share": 6.0,  # seed
    "comment": 4.0,  # seed
    "like": 2.0,  # seed: cheap to give, so worth little
    "follow": 4.0,  # tiktui: a deliberate act, but about the creator, not this video
    "save": 4.0,  # tiktui: TikTok counts favorites; a private "I want this again", worth more than a like
    "quick_skip": -6.0,  # tiktui: swiping away at once says "not this"
    "not_interested": -24.0,  # tiktui: the viewer said so in words; also hits creator and sound
}
"""Points per signal. Every other number in the recommender is derived from these."""

REWATCH_DECAY = 0.5
"""Each further loop earns half of the one before: 20 loops earn < 2 re-watches' points."""
QUICK_SKIP_SECONDS = 2.0
QUICK_SKIP_RATIO = 0.15
COMPLETE_RATIO = 0.9
"""Watching 90% of a video counts as completing it (endings often fade out)."""
SCALE = 8.0
"""Points that give a reward of tanh(1) = 0.76: exactly one completed view."""


@dataclass(frozen=True, slots=True)
class View:
    """One card as the viewer left it.

    `watched_ms` is video time played in the first pass (at most the
    duration); `loops` counts every time it started again, by looping at the
    end or by the replay key. `dwell_ms` is real time on screen, pauses excluded.
    """

    video_id: str
    duration_ms: int
    dwell_ms: int
    watched_ms: int
    loops: int = 0
    liked: bool = False
    shared: bool = False
    commented: bool = False
    followed: bool = False
    not_interested: bool = False
    skippable: bool = True
    """False when the viewer first left the card by going back: navigation is not a verdict."""
    saved: bool = False
    """Saved (b) on this view."""

    @property
    def watch_ratio(self) -> float:
        """How much of the video was seen: 1.0 once it was finished or looped."""
        if self.loops:
            return 1.0
        return min(1.0, self.watched_ms / self.duration_ms) if self.duration_ms else 0.0

    @property
    def completed(self) -> bool:
        return self.watch_ratio >= COMPLETE_RATIO

    @property
    def censored(self) -> bool:
        """Left by navigation on its first showing (back, another feed, page or list, quitting: not `skippable`),
        with nothing done on it and not seen to the end: how long it played says when the viewer went elsewhere,
        not what they made of it. It teaches nothing, and is not a swipe (three starts, each quit on the first card
        a second in, had taken a loved genre from "more than most viewers" to "less": QA)."""
        return not self.skippable and not self.engaged and not self.not_interested

    @property
    def engaged(self) -> bool:
        """The viewer did something for this video: finished, looped, liked, shared, commented, followed or saved."""
        return bool(
            self.completed or self.loops or self.liked or self.shared or self.commented or self.followed or self.saved
        )

    @property
    def quick_skip(self) -> bool:
        """Swiped on at once on its first showing, with nothing done on it."""
        if not self.skippable:
            return False
        engaged = self.liked or self.shared or self.commented or self.followed or self.saved or self.loops
        # Seen to the end is never a skip, however short the video or fast the playback (`--speed 10`: a 12.7 s video
        # watched whole in 1.3 s of screen time was a quick skip, QA).
        quick = self.watch_ratio < QUICK_SKIP_RATIO or (
            self.dwell_ms < QUICK_SKIP_SECONDS * 1000 and not self.completed
        )
        return quick and not engaged


def rewatch_points(loops: int) -> float:
    """Points for `loops` re-watches, with diminishing returns.

    >>> rewatch_points(1), rewatch_points(2), round(rewatch_points(20), 3)
    (10.0, 15.0, 20.0)
    """
    return WEIGHTS["rewatch"] * (1 - REWATCH_DECAY**loops) / (1 - REWATCH_DECAY) if loops > 0 else 0.0


def points(view: View) -> float:
    """The view's points from the weights table.

    >>> points(View("v", 30_000, 30_000, 30_000))
    8.0
    >>> points(View("v", 30_000, 900, 900))
    -6.0
    """
    if view.not_interested:
        return WEIGHTS["not_interested"]
    total = (
        WEIGHTS["quick_skip"]
        if view.quick_skip
        else WEIGHTS["completion"] * (1.0 if view.completed else view.watch_ratio)
    )
    total += rewatch_points(view.loops)
    total += WEIGHTS["share"] * view.shared + WEIGHTS["comment"] * view.commented
    total += WEIGHTS["like"] * view.liked + WEIGHTS["follow"] * view.followed + WEIGHTS["save"] * view.saved
    return total


def squash(value: float) -> float:
    """Points to a reward in (-1, 1)."""
    return math.tanh(value / SCALE)


def reward(view: View) -> float:
    """The view's reward in (-1, 1): one view is one bounded piece of evidence.

    >>> round(reward(View("v", 30_000, 30_000, 30_000)), 2)
    0.76
    >>> reward(View("v", 30_000, 600_000, 30_000, loops=20)) < 1.0
    True
    """
    return squash(points(view))


def topic_reward(view: View) -> float:
    """The reward without re-watch points: what a view says about a genre or hashtag.

    Re-watching says the viewer loves *this video*: its points go to the
    video's creator, sound and related videos. A genre learns at most what a
    completion (plus like, share, comment) says, so twenty loops of one video
    move a genre less than three separate completed views.

    >>> topic_reward(View("v", 30_000, 600_000, 30_000, loops=20)) == reward(View("v", 30_000, 30_000, 30_000))
    True
    """
    return squash(points(view) - rewatch_points(view.loops))


def audience_points(completion_rate: float, like_rate: float, share_rate: float, comment_rate: float) -> float:
    """The points an average viewer gives a video, from its global figures.

    Viewers who do not finish are taken to leave half-way through, half of
    them as a quick skip; this is the expectation the profile learns against.

    >>> round(audience_points(0.5, 0.1, 0.01, 0.005), 2)
    3.78
    """
    leave = 1.0 - completion_rate
    return (
        WEIGHTS["completion"] * (completion_rate + 0.25 * leave)
        + 0.5 * leave * WEIGHTS["quick_skip"]
        + WEIGHTS["like"] * like_rate
        + WEIGHTS["share"] * share_rate
        + WEIGHTS["comment"] * comment_rate
    )


PRIOR_VIEWS = 200
"""Pseudo-views pulling a little-seen video's rates toward a typical video's."""
TYPICAL = {"completion": 0.35, "like": 0.05, "share": 0.005, "comment": 0.003}


def audience_reward(video) -> float:
    """What the wider audience made of `video`, as a reward in (-1, 1).

    Rates are shrunk toward a typical video's by PRIOR_VIEWS pseudo-views, so
    a fresh upload with 40 views and a lucky streak is not taken at its word.
    """
    if video.verdict is not None:
        return video.verdict
    return audience_figures_reward(video.views, video.completion_rate, video.likes, video.shares, video.comments)


def audience_figures_reward(views: int, completion_rate: float, likes: int, shares: int, comments: int) -> float:
    """`audience_reward` from a video's audience figures alone (an import ranks rows without making Videos)."""
    n = views + PRIOR_VIEWS
    completion = (completion_rate * views + TYPICAL["completion"] * PRIOR_VIEWS) / n
    like = (likes + TYPICAL["like"] * PRIOR_VIEWS) / n
    share = (shares + TYPICAL["share"] * PRIOR_VIEWS) / n
    comment = (comments + TYPICAL["comment"] * PRIOR_VIEWS) / n
    return squash(audience_points(completion, like, share, comment))
