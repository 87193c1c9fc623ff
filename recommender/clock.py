"""Clocks: the only way the recommender learns what time it is.

`SystemClock` reads the machine; `FakeClock` is moved by hand in tests and
simulations, so every figure the lab prints is reproducible. A clock also
says where the viewer's days begin (`utc_offset`): the model never reads the
machine's time zone itself.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells monotonic seconds and the UTC wall time."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start, never going back."""

    def utc(self) -> datetime:
        """The current wall time, timezone-aware UTC."""

    def utc_offset(self, at: datetime) -> timedelta:
        """How far the viewer's local time was ahead of UTC at the moment `at`: where their days begin."""


class SystemClock:
    """The real clock of this machine."""

    def monotonic(self) -> float:
        return time.monotonic()

    def utc(self) -> datetime:
        return datetime.now(UTC)

    def utc_offset(self, at: datetime) -> timedelta:
        # The machine's time zone rules at that moment (summer time included), as the OS tells them: C's own
        # figure, for a TZ such as "UTC+24" is a day behind, which the C library takes and datetime refuses (QA: the
        # profile crashed); past a day either way, no calendar has it, and the day is counted in UTC.
        offset = timedelta(seconds=time.localtime(at.timestamp()).tm_gmtoff)
        return offset if abs(offset) <= timedelta(days=1) else timedelta(0)


class FakeClock:
    """A clock that moves only when told to.

    >>> clock = FakeClock(start=datetime(2026, 1, 1, tzinfo=UTC))
    >>> clock.advance(1.5)
    >>> clock.monotonic()
    1.5
    >>> clock.utc().isoformat()
    '2026-01-01T00:00:01.500000+00:00'
    >>> FakeClock(offset=timedelta(hours=-5)).utc_offset(clock.utc())
    datetime.timedelta(days=-1, seconds=68400)
    """

    def __init__(self, start: datetime | None = None, offset: timedelta = timedelta(0)) -> None:
        self.start = start or datetime(2026, 11, 1, tzinfo=UTC)
        self.offset = offset
        """The viewer's local time zone, as a fixed offset from UTC."""
        self._seconds = 0.0

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds`."""
        if seconds < 0:
            raise ValueError("a clock does not go back")
        self._seconds += seconds

    def monotonic(self) -> float:
        return self._seconds

    def utc(self) -> datetime:
        return datetime.fromtimestamp(self.start.timestamp() + self._seconds, UTC)

    def utc_offset(self, at: datetime) -> timedelta:
        return self.offset
