"""What a live video's views say about it: clearly above a line, clearly below it, or not yet clear.

A first batch is a handful of viewers, and one view's points stray far from
a video's true score (0 for a skip, 18-30 for a re-watched completion), so
a fixed count of views judged against fixed lines is mostly noise: a loved
video whose first five viewers happened not to fit it was held back or went
on as standard. A real platform's answer, and this one's, is a sequential
test: the views of a step (a trial, one push wider, a stay at standard) are
gathered day by day, and the video is judged only once its score is clear
of a line by more than its uncertainty; until then its step goes on (and a
trial widens).

The uncertainty is the standard error of the mean of n views, sd / sqrt(n),
with sd the spread of one view's points over the whole audience on the
days the views were made (`LiveFigures.spread`): the spread of a video like
the audience's typical one, the null the test is against. A video's own
handful of views estimates its spread too poorly to lean on (five views
that all scored 0 have none at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from .figures import LiveFigures

Z = 1.645
"""A verdict needs the score clear of its line by this many standard errors: one-sided 95%, so a video whose true
score is on the line is called good (or poor) by chance on one look in twenty. A step is looked at once a day, a few
times at most, and a push wider is itself judged again on its wider batch the day after: a chance "good" costs one
day of a wider batch, not the video's life."""
MIN_VIEWS = 5
"""No verdict on fewer views: the normal approximation behind Z needs a few views (one view that scored 20 against a
par of 5 would clear it alone). The same 5 as `lifecycle.MIN_BATCH`, the smallest batch worth judging a video on."""


@dataclass(frozen=True)
class Evidence:
    """The views of a video's current step so far, and what the audience's views were worth on the same days.

    >>> audience = LiveFigures(views=900, points=4500, squares=900 * 74)  # par 5, one view's spread 7
    >>> e = Evidence(0).add(LiveFigures(views=10, points=200, squares=4000), audience)
    >>> e.views, e.score, e.par, round(e.error, 2), e.above(1.15)
    (10, 20.0, 5.0, 2.21, True)
    >>> few = Evidence(0).add(LiveFigures(views=4, points=0), audience)
    >>> few.below(0.75), few.add(LiveFigures(views=6, points=0), audience).below(0.75)  # 4 views are too few
    (False, True)
    """

    begun: int
    """The day the step began, or the day after its latest views (`lifecycle.JUDGE_DAYS` counts from it)."""
    views: int = 0
    points: int = 0
    par_points: float = 0.0
    """The audience's points a view on each day, times this video's views that day: its par over these views."""
    variance: float = 0.0
    """The audience's variance of one view's points on each day, times this video's views that day."""

    def add(self, got: LiveFigures, audience: LiveFigures) -> Evidence:
        """These views and a day's: `got` this video's, `audience` every view of that day."""
        if not got.views:
            return self
        return Evidence(
            self.begun,
            self.views + got.views,
            self.points + got.points,
            self.par_points + got.views * audience.score,
            self.variance + got.views * audience.spread**2,
        )

    @property
    def score(self) -> float:
        return self.points / self.views if self.views else 0.0

    @property
    def par(self) -> float:
        """The audience's score a view over the days of these views (weighted by this video's views each day)."""
        return self.par_points / self.views if self.views else 0.0

    @property
    def ratio(self) -> float:
        """The score over par (1.0 with no views or no par)."""
        return self.points / self.par_points if self.par_points else 1.0

    @property
    def error(self) -> float:
        """The standard error of the score: the audience's spread of one view, over the square root of the views."""
        return self.variance**0.5 / self.views if self.views else float("inf")

    def above(self, line: float) -> bool:
        """The score is clear above `line` times par."""
        return self.views >= MIN_VIEWS and self.score - line * self.par >= Z * self.error

    def below(self, line: float) -> bool:
        """The score is clear below `line` times par."""
        return self.views >= MIN_VIEWS and line * self.par - self.score >= Z * self.error
