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
  it may be offered to that day), its score against the audience's par (judged
  once clear of it, `evidence.Evidence`), and the audience's exit rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .evidence import Evidence
from .figures import LiveFigures
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
"""Each push wider offers the video to this many times the viewers of the step before; a trial whose batch has
watched it with no clear verdict is widened once by as much, so no video is tried on more viewers than a good one's
first push wider reaches."""
GOOD_SCORE = 1.15
"""A step whose score is at or above this multiple of the audience's par, and clear above par (`evidence.Evidence`),
is good: the video is pushed wider."""
POOR_SCORE = 0.75
"""A step whose score is under this multiple of par, and clear below par, is poor: the video is paused (held back,
batch 0)."""
JUDGE_DAYS = 3
"""A trial with no clear verdict is offered again while it is watched; once no viewer has watched it for this many
days it goes on as standard. (Not a count of days from its start: the trial slots fill a first batch slowly while
the viewers' feeds are cold, and a trial cut short by the calendar was judged on too few views to tell.)"""
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
    Life(stage='trial', batch=8, start=0, since=0, tries=0, evidence=None)
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
    evidence: Evidence | None = None
    """The views of its current step so far (None: none yet, the step began on `since`)."""


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


def gathered(life: Life, got: LiveFigures, audience: LiveFigures) -> Evidence:
    """`life`'s step's evidence with a day's views: `got` the video's, `audience` every view of that day."""
    return (life.evidence or Evidence(life.since)).add(got, audience)


def next_life(
    life: Life,
    day: int,
    got: LiveFigures,
    audience: LiveFigures,
    exit_rise: float,
    size: int,
    authority: float,
    trials_served: bool = True,
) -> Life:
    """The video's life on day `day + 1`, from what its batch did on `day`.

    `got` is the video's views that day, `audience` every view of the day (its score is the par a video is judged
    against, its spread what one view's points stray by), `exit_rise` how much the audience's exit rate rose from the
    day before, `size` the audience's viewers. A step (a trial, a push wider, a stay at standard) is judged on all
    its views so far: at or above GOOD_SCORE x par and clear above par, it is pushed wider; under POOR_SCORE x par
    and clear below par, held back; pushed wider and clear below GOOD_SCORE x par, standard; a trial clear of both
    lines, standard. Until its views are clear (`evidence.Evidence`) a step goes on as it is, and a trial whose batch
    has watched it is widened once; a trial still unclear once its widened batch has watched it, or unwatched for
    JUDGE_DAYS days, goes on as standard with its views so far (so does one whose batch has watched it when the
    audience is too small to widen it, and one still watched a view at a time after COOL_AFTER days). A day on
    which the audience's feeds came to no trial slot (`trials_served` False: on their first cards, or a small
    audience's few picks) is not a day unwatched: the trial waits on.

    >>> par = LiveFigures(views=1000, points=6000, squares=85_000)  # 6 points a view, spread 7
    >>> t = Life("trial", 40, start=0)
    >>> next_life(t, 0, LiveFigures(views=30, points=360, squares=30 * 144), par, 0.0, 1000, 1.0).stage
    'pushed wider'
    >>> next_life(t, 0, LiveFigures(views=30, points=60, squares=30 * 4), par, 0.0, 1000, 1.0).stage
    'held back'
    >>> next_life(t, 0, LiveFigures(views=30, points=200, squares=30 * 45), par, 0.0, 1000, 1.0).evidence.views
    30
    >>> unwatched = Life("trial", 40, start=0)
    >>> for day in range(JUDGE_DAYS):  # no trial slot anywhere: the viewers' feeds are on their first cards
    ...     unwatched = next_life(unwatched, day, LiveFigures(), par, 0.0, 1000, 1.0, trials_served=False)
    >>> unwatched.stage
    'trial'
    """
    st, nxt = life.stage, day + 1

    def to(stage: str, batch: int, evidence: Evidence | None = None, **kw: int) -> Life:
        since = life.since if stage == life.stage else nxt
        return replace(life, stage=stage, batch=min(size, max(0, batch)), since=since, evidence=evidence, **kw)

    if st == "held back":
        if life.tries < MAX_TRIES and nxt - life.since >= RETRY_AFTER and exit_rise >= EXIT_RISE:
            return to("second chance", first_batch(size, authority), start=nxt, tries=life.tries + 1)
        return life
    if st == "cooling":
        return to("cooling", int(life.batch * COOL_RATE))
    if nxt - life.start >= COOL_AFTER and st in ("pushed wider", "standard"):
        return to("cooling", int(life.batch * COOL_RATE))
    evidence = gathered(life, got, audience)
    if evidence.above(1.0) and evidence.score >= GOOD_SCORE * evidence.par:
        return to("pushed wider", max(life.batch + 1, life.batch * WIDEN))
    if evidence.below(1.0) and evidence.score < POOR_SCORE * evidence.par:
        return to("held back", 0)
    if st == "pushed wider" and evidence.below(GOOD_SCORE):
        return to("standard", life.batch)  # clearly not good any more (and not shown poor)
    if st not in ("trial", "second chance"):
        return replace(life, evidence=evidence)  # not clear yet: it goes on as it is
    if evidence.below(GOOD_SCORE) and evidence.above(POOR_SCORE):
        return to("standard", life.batch)  # clearly neither good nor poor
    if got.views or not trials_served:
        evidence = replace(evidence, begun=nxt)  # still watched, or no trial was: it waits from here
    first = first_batch(size, authority)
    widened = min(size, WIDEN * first)
    if evidence.views >= life.batch and life.batch < widened:  # not when the audience is too small to widen it
        return replace(life, batch=widened, evidence=evidence)
    if evidence.views >= life.batch or nxt - evidence.begun >= JUDGE_DAYS or nxt - life.start >= COOL_AFTER:
        return to("standard", life.batch, evidence=evidence)  # judged on as standard, from its views so far
    return replace(life, evidence=evidence)
