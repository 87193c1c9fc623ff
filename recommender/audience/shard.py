"""One share of the audience living one day: its viewers pick with the app's `Policy`, watch, and learn.

The videos living under the audience are read through a `LiveShelf`: their
figures are the audience's so far, their stage is their `Life`'s, and a video
whose batch for the day is used up (or that is paused, or not posted yet) is
not on the shelf until the next day. Everything else is the app's own code:
`Policy.next` picks, `TasteProfile.learn_one` learns.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..figures import LiveFigures
from ..index import BY_ID, CatalogIndex, Key
from ..lifecycle import stage
from ..policy import Policy
from ..profile import TasteProfile
from ..video import Catalog, Video
from .viewers import Taste, react

OFFERED = ("trial", "pushed wider")
"""Stages whose videos the feed's trial slots offer to their batch: a first batch, and each wider one (a video's
few views, shrunk toward a typical video's figures, would seldom win a ranked pick against the catalog's)."""


@dataclass(frozen=True)
class DayPlan:
    """What every share of the audience needs to live day `day`."""

    day: int
    now: float
    """The simulated time of the day's picks (Unix seconds)."""
    live: Mapping[str, Video]
    """The videos living under the audience, with the audience's figures so far."""
    stages: Mapping[str, str]
    """Their stages today."""
    quotas: Mapping[int, Mapping[str, int]]
    """share -> video id -> viewers it may be offered to today by that share (0: not on the shelf)."""
    swipes: int
    posted: Mapping[str, int] = field(default_factory=dict)
    """The day each live video was posted."""


@dataclass
class ShareDay:
    """What one share of the audience did on one day."""

    figures: dict[str, LiveFigures] = field(default_factory=dict)
    """Per live video: the day's views."""
    total: LiveFigures = field(default_factory=LiveFigures)
    """Every view of the day, any video: the audience's par and exit rate."""
    trial_slots: int = 0
    """Trial slots the feeds came to (`Policy.trial_slots`), whether or not a trial fitted the viewer."""


class LiveShelf:
    """A shelf over the day's catalog that leaves out the live videos with no batch left today.

    Every pick of the day is made at the day's one time, so each video's stage is worked out once a day.
    """

    def __init__(self, index: CatalogIndex, plan: DayPlan, left: dict[str, int]) -> None:
        self.index = index
        self.left = left
        self.genres = index.genres
        self.median_completion = index.median_completion
        catalog = index.catalog
        self.open = {v.id: v for v in catalog.videos if left.get(v.id, 1) > 0}
        self.stages = stages = dict(plan.stages)

        # A trial slot looks at the first few dozen fresh uploads (`Policy._trial`): under the audience those are
        # the live videos on their trial batch today, first posted first (a queue: when more are posted than the
        # audience's trial slots can serve, the newest wait, rather than the oldest forever), within a day in an
        # order drawn afresh each day; then the other videos posted during the run, newest first. The catalog's
        # older uploads are not fresh here: they would take the trial window from the audience's batches.
        def turn(vid: str) -> tuple[int, int]:
            return (plan.posted.get(vid, 0), zlib.crc32(f"{vid}:{plan.day}".encode()))

        trials = sorted((vid for vid, st in stages.items() if st in OFFERED), key=turn)
        ahead = set(trials)
        live = plan.live
        fresh = [
            *trials,
            *(vid for _, vid, _ in index.lists.get(("fresh", ""), []) if vid in live and vid not in ahead),
        ]
        # Second chances are served from the list of poor videos (`Policy._trial`). Under the audience a second
        # chance is its to give, when its exit rate rises: the list holds the live videos whose chance is due,
        # whatever their few views' figures (shrunk toward a typical video's) say; the catalog's old poor videos,
        # which no audience here is judging, wait.
        poor = [vid for vid, st in sorted(stages.items()) if st == "second chance"]
        self.lists = {
            ("fresh", ""): [(i, vid, BY_ID) for i, vid in enumerate(fresh)],
            ("poor", ""): [(i, vid, BY_ID) for i, vid in enumerate(poor)],
        }
        self.get = self.open.get  # the hot path: a dict's own method
        """The video with this id, or None while it is not on the shelf today."""

    def __len__(self) -> int:
        return len(self.index)

    def offered(self, video_id: str) -> None:
        """One more viewer was offered `video_id`: once its batch for today is used up, it leaves the shelf."""
        left = self.left.get(video_id)
        if left is not None:
            self.left[video_id] = left - 1
            if left <= 1:
                self.open.pop(video_id, None)

    def chunk(self, key: Key, after: Any, n: int, everything: bool = False) -> list[tuple[Any, str, Any]]:
        items = self.lists.get(key)
        if items is None:
            return self.index.chunk(key, after, n, everything)
        start = 0 if after is None else after + 1  # the token is the place in the day's list
        return items[start : start + n]

    def rows(self, ids: list[str]) -> dict[str, Any]:
        return {}

    def read(self, video_id: str, raw: Any) -> Video | None:
        return self.open.get(video_id)

    def any_video(self, *, genres: frozenset[str] | None = None, unrestricted: bool = False) -> bool:
        return self.index.any_video(genres=genres, unrestricted=unrestricted)

    def broad(self, hashtag: str) -> bool:
        return self.index.broad(hashtag)

    def start_over(self) -> Callable[[], None]:
        return self.index.start_over()

    def stage_of(self, video: Video, now: float, verdict: float | None) -> str:
        """A live video's stage is its life's; any other's comes from its age and catalog figures at `now`."""
        found = self.stages.get(video.id)
        if found is None:
            found = stage(video, now, verdict)
            # Batches are the audience's to give, to the videos living under it: a catalog upload it is not judging
            # is on no batch (its bonus is the same: none), as its old poor videos get no second chance here.
            found = self.stages[video.id] = "standard" if found == "trial" else found
        return found


@dataclass
class Viewer:
    """One simulated viewer: its taste, and the app's profile and policy."""

    taste: Taste
    profile: TasteProfile
    policy: Policy
    rng: random.Random
    """Its reactions' randomness (the policy has its own)."""


class Share:
    """A fixed share of the audience (viewers dealt round-robin), living day after day."""

    def __init__(self, number: int, tastes: list[tuple[int, Taste]], catalog: Catalog, seed: int) -> None:
        self.number = number
        self.catalog = catalog
        # Each day gives every viewer a policy on the day's shelf (`live`): this one only holds the policy's
        # randomness until then, on no videos (indexing the catalog here took a share's start a tenth of a second).
        shelf = CatalogIndex(Catalog(()))
        self.viewers = [
            Viewer(
                taste,
                TasteProfile(),
                Policy(shelf, random.Random(f"{seed}:policy:{i}")),
                random.Random(f"{seed}:viewer:{i}"),
            )
            for i, taste in tastes
        ]

    def live(self, plan: DayPlan, index: CatalogIndex, craft: Mapping[str, float]) -> ShareDay:
        """Every viewer of this share swipes `plan.swipes` times, in turns; what they did to the live videos."""
        left = dict(plan.quotas.get(self.number, {}))
        shelf = LiveShelf(index, plan, left)
        for viewer in self.viewers:  # the same viewer, on the day's shelf
            old = viewer.policy
            viewer.policy = Policy(
                shelf,
                old.rng,
                shown=old.shown,
                last=old.last,
                cold_genres=old.cold_genres,
                credit=old.credit,
                stage_of=shelf.stage_of,
                offered=OFFERED,
            )
        out = ShareDay()
        before = sum(viewer.policy.trial_slots for viewer in self.viewers)
        live = plan.live
        for _ in range(plan.swipes):
            for viewer in self.viewers:
                video = viewer.policy.next(viewer.profile, plan.now).video
                view = react(viewer.taste, video, craft.get(video.id, video.completion_rate), viewer.rng)
                viewer.profile.learn_one(video, view)
                out.total.add(view)
                vid = video.id
                if vid in live:
                    shelf.offered(vid)
                    figures = out.figures.get(vid)
                    if figures is None:
                        figures = out.figures[vid] = LiveFigures()
                    figures.add(view)
        out.trial_slots = sum(viewer.policy.trial_slots for viewer in self.viewers) - before
        return out
