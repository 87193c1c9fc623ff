"""A video's live figures: what a (simulated) audience did with it, view by view, and the score they make.

The score is the seeds' points per view: re-watch 10, completion 8, share 6,
comment 4, like 2. A re-watch counts once per view however often the viewer
looped, so loops cannot inflate a video's score: a view is worth at most 30.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .signals import View

POINTS = {"rewatch": 10, "completion": 8, "share": 6, "comment": 4, "like": 2}
"""The seeds' points per view (the feed's own weights table, `signals.WEIGHTS`, starts from the same five)."""
MAX_POINTS = sum(POINTS.values())


def view_points(view: View) -> int:
    """A view's points toward its video's score: each signal counts once, however long the loop.

    >>> view_points(View("v", 30_000, 30_000, 30_000, loops=1, liked=True))
    20
    >>> view_points(View("v", 30_000, 900_000, 30_000, loops=29, liked=True))
    20
    """
    return (
        POINTS["rewatch"] * (view.loops > 0)
        + POINTS["completion"] * view.completed
        + POINTS["share"] * view.shared
        + POINTS["comment"] * view.commented
        + POINTS["like"] * view.liked
    )


@dataclass(slots=True)
class LiveFigures:
    """Counts of what viewers did with one video; `add` one view at a time, `merge` another tally in.

    >>> f = LiveFigures()
    >>> f.add(View("v", 30_000, 30_000, 30_000, loops=3, shared=True))
    >>> f.add(View("v", 30_000, 800, 800))
    >>> f.views, f.rewatched, f.exits, f.score, f.spread
    (2, 1, 1, 12.0, 12.0)
    """

    views: int = 0
    completed: int = 0
    rewatched: int = 0
    """Views with at least one loop: a view counts once, however often it looped."""
    shares: int = 0
    comments: int = 0
    likes: int = 0
    exits: int = 0
    """Views left at once (a quick skip or "not interested"): the audience's exit rate is exits / views."""
    points: int = 0
    squares: int = 0
    """The sum of each view's points squared: with `points`, how widely views' points spread (`spread`)."""

    def add(self, view: View) -> None:
        self.views += 1
        self.completed += view.completed
        self.rewatched += view.loops > 0
        self.shares += view.shared
        self.comments += view.commented
        self.likes += view.liked
        self.exits += view.quick_skip or view.not_interested
        p = view_points(view)
        self.points += p
        self.squares += p * p

    def merge(self, other: LiveFigures) -> None:
        """Add `other`'s counts to these (every field is a count)."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def score(self) -> float:
        """Points per view (0..MAX_POINTS); 0 before the first view."""
        return self.points / self.views if self.views else 0.0

    @property
    def spread(self) -> float:
        """The standard deviation of one view's points (0.0 before two views): how far one view strays from the
        score, what a handful of views' mean is uncertain by (`evidence.Evidence`)."""
        if self.views < 2:
            return 0.0
        return max(0.0, self.squares / self.views - self.score**2) ** 0.5

    @property
    def completion_rate(self) -> float:
        return self.completed / self.views if self.views else 0.0

    @property
    def exit_rate(self) -> float:
        return self.exits / self.views if self.views else 0.0
