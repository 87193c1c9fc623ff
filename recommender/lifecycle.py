"""A video's life in the feed, in one place: trial, pushed wider, standard, cooling, second chance.

Public descriptions of TikTok's feed say a new video is first shown to a
small batch of viewers; a good score there pushes it wider; after about a
week it cools down; and a video that did poorly can come back later. The
stage depends only on the video's age and the audience's figures.
"""

from __future__ import annotations

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
