"""The audience's days: post, offer, watch, score, move every live video to its next stage.

The viewers are dealt into SHARES fixed shares; each share lives a day on its
own (with its part of every batch), and the figures are merged between days.
The shares run in one process or several (`workers`): the run is the same
either way, given the seed.
"""

from __future__ import annotations

import multiprocessing
import random
import re
import signal
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection

from ..evidence import MIN_VIEWS
from ..figures import LiveFigures
from ..index import CatalogIndex
from ..lifecycle import DAY, Life, born, gathered, next_life
from ..video import Catalog, Video
from .shard import DayPlan, Share, ShareDay
from .viewers import Taste, make_tastes

SHARES = 4
"""Shares of the audience, whatever the number of processes (so the run does not depend on it)."""


@dataclass(frozen=True)
class DayFigures:
    """One live video on one simulated day."""

    day: int
    """Days since the run's start."""
    stage: str
    batch: int
    """Viewers it was offered to that day: its batch (0 while paused); `views` says how many watched."""
    views: int
    """Views so far (it never falls)."""
    score: float
    """Points per view so far (re-watch 10, completion 8, share 6, comment 4, like 2)."""


@dataclass
class VideoLife:
    """A video's life under the audience, day by day from the day it was posted."""

    id: str
    creator: str
    posted_day: int
    days: list[DayFigures]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "creator": self.creator,
            "posted_day": self.posted_day,
            "days": [
                {"day": d.day, "stage": d.stage, "batch": d.batch, "views": d.views, "score": round(d.score, 3)}
                for d in self.days
            ],
        }


@dataclass(frozen=True)
class AudienceDay:
    """The whole audience on one day: every view of every video."""

    day: int
    views: int
    par: float
    """Points per view over every view: what a live video's day is judged against."""
    exit_rate: float


@dataclass
class AudienceRun:
    """What `simulate` measured."""

    seed: int
    days: int
    viewers: int
    swipes_per_day: int
    videos: list[VideoLife]
    audience: list[AudienceDay]

    def as_json(self) -> dict:
        """`{"seed", "days", "videos": [{"id", "creator", "posted_day", "days": [...]}]}`."""
        return {"seed": self.seed, "days": self.days, "videos": [v.as_dict() for v in self.videos]}

    def life(self, video_id: str) -> VideoLife:
        return next(v for v in self.videos if v.id == video_id)


def simulate(
    catalog: Catalog,
    viewers: int,
    days: int,
    swipes_per_day: int = 50,
    seed: int = 0,
    posted: Iterable[tuple[Video, int]] = (),
    workers: int = 1,
    start: float | None = None,
) -> AudienceRun:
    """Run `viewers` simulated viewers over `days` days of `swipes_per_day` picks each.

    The run starts `days` days before the catalog's snapshot (or at `start`):
    a catalog video uploaded since is posted during the run and lives under
    the audience, as does every one of `posted` (a video and the day it is
    posted). Older videos keep their catalog figures and stages.
    """
    if viewers < 1 or days < 1 or swipes_per_day < 1:
        raise ValueError("viewers, days and swipes per day must be at least 1")
    posted = list(posted)
    latest = catalog.as_of if catalog.as_of is not None else max(v.uploaded_at for v in catalog.videos)
    start = latest - days * DAY if start is None else start
    lives: dict[str, int] = {}  # id -> posted day
    videos = list(catalog.videos)
    for v in videos:
        if v.uploaded_at >= start:
            lives[v.id] = min(days - 1, int((v.uploaded_at - start) // DAY))
    known = {v.id for v in videos}
    for video, day in posted:
        if not 0 <= day < days:
            raise ValueError(f"video {video.id!r}: posted_day {day} is not within the run's {days} days")
        if video.id in known:
            raise ValueError(f"video {video.id!r}: the catalog already holds a video with this id")
        known.add(video.id)
        videos.append(replace(video, uploaded_at=start + day * DAY))
        lives[video.id] = day
    base = Catalog(tuple(videos), catalog.as_of)
    craft = {vid: base[vid].completion_rate for vid in lives}
    fresh = {vid: replace(base[vid], views=0, likes=0, shares=0, comments=0) for vid in lives}
    tastes = make_tastes(base, viewers, random.Random(f"{seed}:tastes"))
    with _Pool(base, tastes, seed, workers, craft) as pool:
        return _Days(base, viewers, days, swipes_per_day, seed, start, lives, fresh).run(pool)


class _Days:
    """The coordinator: lives, figures and stages of the live videos, day by day."""

    def __init__(
        self,
        catalog: Catalog,
        viewers: int,
        days: int,
        swipes: int,
        seed: int,
        start: float,
        lives: dict[str, int],
        fresh: dict[str, Video],
    ) -> None:
        self.catalog, self.n, self.days, self.swipes, self.seed, self.start = (
            catalog,
            viewers,
            days,
            swipes,
            seed,
            start,
        )
        self.posted = lives
        self.videos = fresh
        self.figures = {vid: LiveFigures() for vid in lives}
        self.life: dict[str, Life] = {}
        self.history: dict[str, list[DayFigures]] = {vid: [] for vid in lives}
        self.trial_ratio: dict[str, float] = {}
        """video -> its trial's score over par when the trial ended, on at least MIN_VIEWS views (`authority`)."""
        self.audience: list[AudienceDay] = []
        self.total = LiveFigures()
        self.sizes = [len(range(s, viewers, SHARES)) for s in range(SHARES)]

    def authority(self, creator: str, before: int) -> float:
        """How the creator's videos posted before day `before` did at their trial: the mean of their trials' scores
        over the audience's par on the days of their views (1.0: none judged yet). The first batch is the
        test the seeds describe, among viewers whose taste fits; a video's whole-life score is not: pushed wider to
        the whole audience, a loved video's score per view falls toward par as viewers who do not care for it see
        it, and its creator's next video got no larger a batch than a newcomer's (seeds 1, 2 and 12 of
        tests/test_audience.py)."""
        ratios = [
            r
            for vid, r in self.trial_ratio.items()
            if self.posted[vid] < before and self.videos[vid].creator == creator
        ]
        return sum(ratios) / len(ratios) if ratios else 1.0

    def quotas(self, day: int) -> dict[int, dict[str, int]]:
        """Each share's part of each live video's batch (0 for a video not posted yet)."""
        out: dict[int, dict[str, int]] = {s: {} for s in range(SHARES)}
        for vid in self.posted:
            life = self.life.get(vid)
            batch = life.batch if life else 0
            first = (zlib.crc32(vid.encode()) + day) % SHARES  # who gets the odd viewers of a batch
            for s in range(SHARES):
                extra = (s - first) % SHARES < batch % SHARES
                out[s][vid] = min(self.sizes[s], batch // SHARES + extra)
        return out

    def run(self, pool: _Pool) -> AudienceRun:
        exit_before = None
        for day in range(self.days):
            for vid, posted in self.posted.items():
                if posted == day:
                    self.life[vid] = born(day, self.n, self.authority(self.videos[vid].creator, day))
            stages = {vid: life.stage for vid, life in self.life.items()}
            live = {vid: self.videos[vid] for vid in self.life}
            plan = DayPlan(
                day, self.start + (day + 0.5) * DAY, live, stages, self.quotas(day), self.swipes, self.posted
            )
            results = pool.live(plan)
            today = LiveFigures()
            merged: dict[str, LiveFigures] = {}
            for r in results:
                today.merge(r.total)
                for vid, f in r.figures.items():
                    merged.setdefault(vid, LiveFigures()).merge(f)
            self.total.merge(today)
            self.audience.append(AudienceDay(day, today.views, today.score, today.exit_rate))
            rise = today.exit_rate - exit_before if exit_before is not None else 0.0
            exit_before = today.exit_rate
            # A day on which the feeds came to trial slots and gave this trial none passed it over (a day unwatched);
            # one on which they came to none (on their first cards, or a small audience's few picks) does not count.
            served = any(r.trial_slots for r in results)
            for vid, life in list(self.life.items()):
                f = self.figures[vid]
                got = merged.get(vid, LiveFigures())
                f.merge(got)
                video = self.videos[vid]
                self.videos[vid] = replace(
                    video,
                    views=f.views,
                    completion_rate=f.completion_rate,
                    likes=f.likes,
                    shares=f.shares,
                    comments=f.comments,
                )
                self.history[vid].append(DayFigures(day, life.stage, life.batch, f.views, f.score))
                authority = self.authority(video.creator, self.posted[vid])
                self.life[vid] = after = next_life(life, day, got, today, rise, self.n, authority, served)
                if life.stage == "trial" and after.stage != "trial":
                    trial = gathered(life, got, today)  # what `next_life` judged it on
                    if trial.views >= MIN_VIEWS:
                        self.trial_ratio.setdefault(vid, trial.ratio)
        lives = [
            VideoLife(vid, self.videos[vid].creator, self.posted[vid], self.history[vid])
            for vid in sorted(self.posted, key=lambda v: (self.posted[v], _natural(v)))
        ]
        return AudienceRun(self.seed, self.days, self.n, self.swipes, lives, self.audience)


def _natural(vid: str) -> list[str | int]:
    """An id's sort key with its numbers read as numbers: my-2 before my-10 (QA: my-1, my-10, my-11, my-19, my-2).

    >>> sorted(["my-10", "my-2", "my-1", "a", "clip1²"], key=_natural)
    ['a', 'clip1²', 'my-1', 'my-2', 'my-10']
    """
    parts: list[str | int] = re.split(r"([0-9]+)", vid)  # ASCII digits only: "²" is a digit int() refuses (review)
    parts[1::2] = [int(str(part)) for part in parts[1::2]]
    return parts


def _live_shares(
    shares: list[Share], catalog: Catalog, plan: DayPlan, craft: Mapping[str, float], before: CatalogIndex | None
) -> tuple[list[ShareDay], CatalogIndex]:
    """The day of some shares, in one process: the day's catalog is indexed once for them all (from the day before's
    index, `before`: only the live videos' figures moved), and that index, for the next day."""
    day_catalog = Catalog(tuple(plan.live.get(v.id, v) for v in catalog.videos), catalog.as_of)
    index = before.updated(day_catalog) if before is not None else CatalogIndex(day_catalog)
    return [share.live(plan, index, craft) for share in shares], index


def _serve(
    conn: Connection, numbers: list[int], tastes: list[Taste], catalog: Catalog, seed: int, craft: dict[str, float]
) -> None:
    """A worker process: its shares live each day it is sent, until it is sent None. An error is sent back, to be
    raised where the run was asked for (a worker's own traceback would reach the viewer's terminal)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops the workers
    try:
        shares = [Share(s, [(i, tastes[i]) for i in range(s, len(tastes), SHARES)], catalog, seed) for s in numbers]
        index = None
        while (plan := conn.recv()) is not None:
            days, index = _live_shares(shares, catalog, plan, craft, index)
            conn.send(days)
    except Exception as err:  # every error goes to the parent, which raises it
        conn.send(err)
    conn.close()


class _Pool:
    """The shares, in this process (workers <= 1) or dealt to worker processes."""

    def __init__(self, catalog: Catalog, tastes: list[Taste], seed: int, workers: int, craft: dict[str, float]):
        self.catalog, self.craft = catalog, craft
        self.workers = max(1, min(workers, SHARES))
        self.shares: list[Share] = []
        self.index: CatalogIndex | None = None
        """The last day's index, in this process (workers keep their own)."""
        self.conns: list[Connection] = []
        self.procs: list[multiprocessing.process.BaseProcess] = []
        if self.workers == 1:
            self.shares = [
                Share(s, [(i, tastes[i]) for i in range(s, len(tastes), SHARES)], catalog, seed) for s in range(SHARES)
            ]
            return
        ctx = multiprocessing.get_context()
        for w in range(self.workers):
            mine, theirs = ctx.Pipe()
            numbers = list(range(w, SHARES, self.workers))
            proc = ctx.Process(target=_serve, args=(theirs, numbers, tastes, catalog, seed, craft), daemon=True)
            proc.start()
            theirs.close()
            self.conns.append(mine)
            self.procs.append(proc)

    def live(self, plan: DayPlan) -> list[ShareDay]:
        if not self.conns:
            days, self.index = _live_shares(self.shares, self.catalog, plan, self.craft, self.index)
            return days
        for conn in self.conns:
            conn.send(plan)
        answers = [conn.recv() for conn in self.conns]
        for answer in answers:
            if isinstance(answer, Exception):
                raise answer
        return [r for answer in answers for r in answer]

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:  # stopped (Ctrl-C, a kill, an error): the workers' day is not waited for
            for proc in self.procs:
                proc.terminate()
        for conn in self.conns:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
