"""Screen time: minutes and cards per local day, the session's length, and the reminders the viewer asked for.

Pure functions and one small object: the views come from the store (or the
events log, which gives the same), time from the injected clock, and the
viewer's local day from the clock's `utc_offset` (the model never reads the
machine's time zone). Minutes are the cards' dwell: time a card was on
screen and seen, pauses and other screens excluded, as "what counts as
watching" says. A card belongs to the day it was shown on.

The limits are settings (`set` events, replayed like every setting):
DAILY_LIMIT and BREAK_EVERY in whole minutes, off when absent or None.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .words import plural

DAILY_LIMIT = "daily_limit_minutes"
"""Setting: remind once a day when the day's watching reaches this many minutes."""
BREAK_EVERY = "break_every_minutes"
"""Setting: remind every this many minutes of the session."""
TIMER = "session_timer"
"""Setting: whether the feed shows the session timer."""
MAX_MINUTES = 24 * 60
"""The longest limit or break interval that means anything: a day."""

Offset = Callable[[datetime], timedelta]
"""Where the viewer's day begins at a moment (a clock's `utc_offset`)."""


@dataclass(frozen=True)
class Day:
    """One local day's watching."""

    day: date
    dwell_ms: int = 0
    cards: int = 0

    @property
    def minutes(self) -> int:
        """Whole minutes watched, rounded."""
        return round(self.dwell_ms / 60_000)


def local_day(moment: datetime, offset: Offset) -> date:
    """The viewer's calendar day at a UTC moment."""
    return (moment + offset(moment)).date()


def parse_time(text: str) -> datetime:
    """A stored UTC time ('2026-11-01T08:00:00.000Z') as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def event_time(ts: str | datetime) -> datetime:
    """An event's time, as the log keeps it (text) or as a live event carries it (a datetime)."""
    return parse_time(ts) if isinstance(ts, str) else ts


def days(rows: Iterable[tuple[datetime, int]], today: date, offset: Offset, count: int = 7) -> list[Day]:
    """Minutes and cards for each of the `count` local days up to `today`, oldest first (days without cards too).

    `rows` are (shown at, dwell in ms) of finished views.

    >>> from datetime import UTC
    >>> at = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)
    >>> week = days([(at, 90_000)], date(2026, 11, 3), lambda _: timedelta(hours=1), 2)
    >>> [(d.day.day, d.dwell_ms, d.cards) for d in week]
    [(2, 0, 0), (3, 90000, 1)]
    """
    totals = {today - timedelta(days=i): [0, 0] for i in range(count)}
    for shown_at, dwell_ms in rows:
        acc = totals.get(local_day(shown_at, offset))
        if acc is not None:
            acc[0] += dwell_ms or 0
            acc[1] += 1
    return [Day(d, ms, n) for d, (ms, n) in sorted(totals.items())]


def rows_from_events(events: Iterable[dict[str, Any]]) -> list[tuple[datetime, int]]:
    """(shown at, dwell in ms) of every finished view, from the events log alone: the `show` event's time and
    the dwell of the view's newest `leave` (the views table holds the same)."""
    shown: dict[int, datetime] = {}
    dwell: dict[int, int] = {}
    for e in events:
        if e["action"] == "show" and e["view_id"] is not None:
            shown[e["view_id"]] = event_time(e["ts"])
        elif e["action"] == "leave" and e["view_id"] in shown:
            dwell[e["view_id"]] = json.loads(e["detail"])["dwell_ms"]
    return [(shown[v], ms) for v, ms in sorted(dwell.items())]


def minutes_setting(value: Any) -> int | None:
    """A limit setting as whole minutes, or None (off) for anything else (a hand-edited log included).

    >>> minutes_setting(30), minutes_setting(None), minutes_setting("x"), minutes_setting(0)
    (30, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MINUTES:
        return None
    return value


def clock_text(seconds: float) -> str:
    """A session's length as the timer shows it.

    >>> clock_text(65), clock_text(3725)
    ('1:05', '1:02:05')
    """
    s = int(max(0.0, seconds))
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m}:{s % 60:02d}"


@dataclass
class Reminders:
    """Which reminders are due: a break every N minutes of the session, and the daily limit once a day.

    >>> r = Reminders()
    >>> r.due(20 * 60, 0, date(2026, 11, 1), daily_limit=None, break_every=20)
    ['20 minutes on tiktui this session: time for a break?']
    >>> r.due(21 * 60, 0, date(2026, 11, 1), daily_limit=None, break_every=20)
    []
    >>> Reminders().due(60, 61_000, date(2026, 11, 1), daily_limit=1, break_every=1)  # doctest: +NORMALIZE_WHITESPACE
    ['1 minute on tiktui this session: time for a break?',
     '1 minute watched today: your daily limit is 1 minute. The feed keeps going if you want it to.']
    """

    breaks: int = 0
    """Break reminders given this session (the next is due at (breaks + 1) * N minutes)."""
    limit_told: set[date] = field(default_factory=set)
    """Days whose limit reminder was given."""

    def due(
        self, session_s: float, today_ms: int, today: date, *, daily_limit: int | None, break_every: int | None
    ) -> list[str]:
        """The reminders to show now (each once), given the session's length and the day's watching."""
        out = []
        if break_every is not None:
            reached = int(session_s // (break_every * 60))
            if reached > self.breaks:
                self.breaks = reached
                out.append(f"{plural(reached * break_every, 'minute')} on tiktui this session: time for a break?")
        if daily_limit is not None and today_ms >= daily_limit * 60_000 and today not in self.limit_told:
            self.limit_told.add(today)
            out.append(
                f"{plural(round(today_ms / 60_000), 'minute')} watched today: "
                f"your daily limit is {plural(daily_limit, 'minute')}. "
                "The feed keeps going if you want it to."
            )
        return out


__all__ = [
    "BREAK_EVERY",
    "DAILY_LIMIT",
    "TIMER",
    "Day",
    "Reminders",
    "clock_text",
    "days",
    "local_day",
    "minutes_setting",
    "rows_from_events",
]
