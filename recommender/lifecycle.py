"""A video's life in the feed, in one place: trial, pushed wider, standard, held back, cooling, second chance.

Public descriptions of TikTok's feed say a new video is first shown to a
small batch of viewers; a good score there pushes it wider; after about a
week it cools down; and a video that did poorly is paused and can come back
later. Two ways to the same stages:

- `stage`: a catalog video, which no audience is watching here, reads its
  stage from its age and the catalog's figures (the app's feed, `tiktui sim`).
- `Life` and `next_life`: a video living under a simulated audience
  (`recommender.audience`) moves between stages day by day from the figures
  that audience produces (`figures.LiveFigures`): its batch (how many viewers
  it may be offered to that day), its score against the audience's par, and
  the audience's exit rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .signals import audience_reward
from .video import Video

DAY = 86_400.0
TRIAL_DAYS = 2.0
"""A video younger than this ..."""
TRIAL_VIEWS = 3_000
"""... that fewer viewers than this have seen is still on its trial batch."""
COOL_DAYS = 7.0
"""About a week after upload a video starts to cool down."""
RETRY_DAYS = 14.0
"""A video that did poorly gets a second chance once it is this old."""
GOOD = 0.45
"""Audience reward at which a video is pushed wider (the catalog's median is about 0.36)."""
POOR = 0.22
"""Audience reward under which a video is held back."""

BONUS = {
    "trial": 0.0,  # gets trial slots instead of a bonus
    "pushed wider": 0.12,
    "standard": 0.0,
    "held back": -0.08,
    "cooling": -0.06,
    "second chance": -0.08,  # comes back through trial slots, not by outranking good videos
}
"""What each stage adds to a video's ranking score."""


def stage(video: Video, now: float, verdict: float | None = None) -> str:
    """The stage of `video` at time `now` (Unix seconds); `verdict` is its `audience_reward`, if known.

    >>> from recommender.video import Video
    >>> v = Video("v", "t", "", "c", ("g",), (), "s", 30.0, uploaded_at=0.0, views=100, completion_rate=0.5)
    >>> stage(v, now=DAY), stage(v, now=30 * DAY)
    ('trial', 'cooling')
    """
    age = (now - video.uploaded_at) / DAY
    if verdict is None:
        verdict = audience_reward(video)
    if age < TRIAL_DAYS and video.views < TRIAL_VIEWS:
        return "trial"
    if verdict < POOR:
        return "second chance" if age >= RETRY_DAYS else "held back"
    if age <= COOL_DAYS:
        return "pushed wider" if verdict >= GOOD else "standard"
    return "cooling"


# -- a life under an audience ------------------------------------------------------------------------------------

STAGES = ("trial", "pushed wider", "standard", "held back", "cooling", "second chance")
FIRST_SHARE = 0.04
"""A first batch offers the video to this share of the audience (at least MIN_BATCH viewers), times the creator's
authority."""
MIN_BATCH = 5
"""The smallest batch worth judging a video on (a smaller audience still offers a first batch this large)."""
AUTHORITY = (0.5, 2.5)
"""The creator's authority (their earlier videos' score over par; 1.0 with none) is held within these bounds."""
WIDEN = 3
"""Each push wider offers the video to this many times the viewers of the day before."""
GOOD_SCORE = 1.15
"""A day's score at or above this multiple of the audience's par holds: the video is pushed wider."""
POOR_SCORE = 0.75
"""A day's score under this multiple of par is poor: the video is paused (held back, batch 0)."""
JUDGE_SHARE = 0.5
"""A day is judged once this share of a batch (of a first batch, at most; at least MIN_BATCH viewers) has watched;
a trial unjudged is offered again ..."""
JUDGE_DAYS = 3
"""... for at most this many days, after which an unjudged video goes on as standard."""
COOL_AFTER = 7
"""Days after its (second) start at which a video cools down: about a week."""
COOL_RATE = 0.5
"""A cooling video is offered to this share of the viewers of the day before."""
RETRY_AFTER = 3
"""A paused video waits at least this many days ..."""
EXIT_RISE = 0.01
"""... until the audience's exit rate rises by this much from one day to the next ("delay momentum"):
viewers leaving more often are short of what they like, and old videos get a second chance with them."""
MAX_TRIES = 2
"""Second chances a video gets; after that it stays held back."""


@dataclass(frozen=True)
class Life:
    """Where a video living under an audience stands on one day.

    >>> Life("trial", 8, start=0)
    Life(stage='trial', batch=8, start=0, since=0, tries=0)
    """

    stage: str
    batch: int
    """How many viewers the video may be offered to that day (0: paused)."""
    start: int
    """The day its life (or its second chance) began: cooling counts from here."""
    since: int = 0
    """The day it entered this stage."""
    tries: int = 0
    """Second chances given so far."""


def first_batch(audience: int, authority: float) -> int:
    """The first batch for a creator with this `authority`, in an audience of `audience` viewers.

    >>> first_batch(1000, 1.0), first_batch(1000, 2.0), first_batch(1000, 0.1), first_batch(40, 1.0), first_batch(40, 2)
    (40, 80, 20, 5, 10)
    """
    lo, hi = AUTHORITY
    return min(audience, max(1, round(max(MIN_BATCH, FIRST_SHARE * audience) * min(hi, max(lo, authority)))))


def born(day: int, audience: int, authority: float) -> Life:
    """A video's life on the day it is posted: a trial batch sized by its creator's authority."""
    return Life("trial", first_batch(audience, authority), start=day, since=day)


def judged(life: Life, views: int, audience: int, authority: float) -> bool:
    """Whether a day's `views` are enough to judge `life`'s video on: at least half a first batch's (a wide batch
    the feed has not filled yet still holds or not), and at least half of MIN_BATCH."""
    return views >= JUDGE_SHARE * max(MIN_BATCH, min(life.batch, first_batch(audience, authority)))


def next_life(
    life: Life,
    day: int,
    views: int,
    score: float,
    par: float,
    exit_rise: float,
    audience: int,
    authority: float,
) -> Life:
    """The video's life on day `day + 1`, from what its batch did on `day`.

    `views` and `score` are the day's (points per view, `figures.LiveFigures`),
    `par` the audience's score per view that day, `exit_rise` how much the
    audience's exit rate rose from the day before.

    >>> t = Life("trial", 40, start=0)
    >>> next_life(t, 0, 30, 9.0, 6.0, 0.0, 1000, 1.0)
    Life(stage='pushed wider', batch=120, start=0, since=1, tries=0)
    >>> next_life(t, 0, 30, 3.0, 6.0, 0.0, 1000, 1.0)
    Life(stage='held back', batch=0, start=0, since=1, tries=0)
    """
    good, poor = score >= GOOD_SCORE * par, score < POOR_SCORE * par
    enough = judged(life, views, audience, authority)
    st, nxt = life.stage, day + 1

    def to(stage: str, batch: int, **kw: int) -> Life:
        if stage == life.stage and batch == life.batch and not kw:
            return life
        since = life.since if stage == life.stage else nxt
        return replace(life, stage=stage, batch=min(audience, max(0, batch)), since=since, **kw)

    if st == "held back":
        if life.tries < MAX_TRIES and nxt - life.since >= RETRY_AFTER and exit_rise >= EXIT_RISE:
            return to("second chance", first_batch(audience, authority), start=nxt, tries=life.tries + 1)
        return life
    if st == "cooling":
        return to("cooling", int(life.batch * COOL_RATE))
    if nxt - life.start >= COOL_AFTER and st in ("pushed wider", "standard"):
        return to("cooling", int(life.batch * COOL_RATE))
    if st in ("trial", "second chance") and not enough:
        return to("standard", life.batch) if nxt - life.since >= JUDGE_DAYS else life
    if not enough:
        return life
    if poor:
        return to("held back", 0)
    if good:
        return to("pushed wider", max(life.batch + 1, life.batch * WIDEN))
    return to("standard", life.batch)
