"""Screen time from the views, on a fake clock across local days; reminders; the settings replayed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.screen_time import BREAK_EVERY, DAILY_LIMIT, days, rows_from_events
from recommender.store import Store

from .conftest import make_video


def session_on(store: Store, clock: FakeClock) -> FeedSession:
    """Long videos: none loops or goes idle ("still watching?") within the minutes these tests watch."""
    if not store.video_count():
        store.add_videos([make_video(i, duration_s=100.0, genres=(f"g{i % 5}",)) for i in range(60)])
    return FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))


def away(session: FeedSession, clock: FakeClock, seconds: float) -> None:
    """The viewer pauses the card and comes back later."""
    session.toggle_pause()
    clock.advance(seconds)
    session.toggle_pause()


def watch(session: FeedSession, clock: FakeClock, cards: int, seconds: float) -> None:
    session.start()
    for _ in range(cards):
        clock.advance(seconds)
        session.next()


def test_minutes_and_cards_per_local_day_for_a_week(tmp_path):
    # 22:00 UTC is 23:00 in the viewer's zone (UTC+1): their day ends an hour later than UTC's.
    clock = FakeClock(start=datetime(2026, 11, 1, 22, 0, tzinfo=UTC), offset=timedelta(hours=1))
    store = Store.open(tmp_path / "t.db")
    session = session_on(store, clock)
    watch(session, clock, 6, 10.0)  # 23:00-23:01 local on 1 November: six cards of 10 s
    away(session, clock, 3600 - 60)  # back at 00:00 local on 2 November (23:00 UTC on the 1st)
    watch(session, clock, 12, 20.0)  # the card shown on the 1st gets 20 s more, then eleven of 20 s on the 2nd
    away(session, clock, 3 * 86400)  # the 5th
    watch(session, clock, 3, 60.0)  # the card shown on the 2nd, then two on the 5th
    week = session.screen_days()
    assert [d.day for d in week] == [date(2026, 10, 30) + timedelta(days=i) for i in range(7)]
    by_day = {d.day.day: (d.minutes, d.cards) for d in week}
    assert by_day[1] == (1, 7)  # 80 s
    assert by_day[2] == (5, 12)  # 280 s
    assert by_day[5] == (2, 2)  # and the card on screen, not finished
    assert by_day[3] == by_day[4] == by_day[31] == (0, 0)
    # The events log says the same as the views table, and a restart sees the same week.
    rows = rows_from_events(store.events())
    assert days(rows, date(2026, 11, 5), clock.utc_offset) == week
    session.close()
    again = session_on(store, clock)
    assert [(d.day, d.cards) for d in again.screen_days()][:-1] == [(d.day, d.cards) for d in week][:-1]
    store.close()


def test_the_seventh_day_back_is_the_oldest_shown(clock):
    session = session_on(Store.memory(), clock)
    watch(session, clock, 2, 30.0)
    clock.advance(7 * 86400)
    assert sum(d.cards for d in session.screen_days()) == 0
    assert session.screen_days(8)[0].cards == 2


def test_today_counts_the_card_on_screen_too(clock):
    session = session_on(Store.memory(), clock)
    watch(session, clock, 3, 30.0)
    clock.advance(15.0)
    assert session.watched_today_ms() == 105_000
    session.toggle_pause()
    clock.advance(600.0)  # paused: not watching
    assert session.watched_today_ms() == 105_000


def test_no_reminder_unless_asked(clock):
    session = session_on(Store.memory(), clock)
    watch(session, clock, 3, 3600.0)
    assert session.reminders_due() == []


def test_a_break_reminder_every_n_minutes_each_once(clock):
    session = session_on(Store.memory(), clock)
    session.set(BREAK_EVERY, 20)
    watch(session, clock, 2, 60.0)
    assert session.reminders_due() == []
    clock.advance(18 * 60)
    assert session.reminders_due() == ["20 minutes on tiktui this session: time for a break?"]
    assert session.reminders_due() == []
    clock.advance(20 * 60)
    assert session.reminders_due() == ["40 minutes on tiktui this session: time for a break?"]


def test_the_daily_limit_reminds_once_a_day(clock):
    session = session_on(Store.memory(), clock)
    session.set(DAILY_LIMIT, 5)
    watch(session, clock, 4, 60.0)
    assert session.reminders_due() == []
    clock.advance(60.0)  # the fifth minute, on the card on screen
    (said,) = session.reminders_due()
    assert said.startswith("5 minutes watched today: your daily limit is 5 minutes.")
    clock.advance(600)
    assert session.reminders_due() == []
    # tiktui closed and opened again the same day: the limit is said again at the start (the settings screen's words)
    session.close()
    again = session_on(session.store, clock)
    (said,) = again.reminders_due()
    assert said.endswith("watched today: your daily limit is 5 minutes. The feed keeps going if you want it to.")
    assert again.reminders_due() == []
    session = again
    clock.advance(86400)  # the next day, another card: the day's watching starts from zero
    session.next()
    assert session.reminders_due() == []


def test_limits_are_settings_replayed_like_every_other(tmp_path, clock):
    store = Store.open(tmp_path / "t.db")
    session = session_on(store, clock)
    session.set(DAILY_LIMIT, 45)
    session.set(BREAK_EVERY, 15)
    session.set(BREAK_EVERY, None)
    assert load_state(store, session.catalog).settings == session.state.settings
    assert session.state.settings[DAILY_LIMIT] == 45 and session.state.settings[BREAK_EVERY] is None
    store.close()


def test_a_time_zone_a_day_behind_counts_days_and_does_not_crash(monkeypatch):
    """QA: TZ=UTC+24 (a valid POSIX zone the C library takes) crashed the profile: datetime refuses an offset of a
    whole day."""
    import time

    from recommender.clock import SystemClock

    monkeypatch.setenv("TZ", "UTC+24")
    time.tzset()
    try:
        clock = SystemClock()
        assert clock.utc_offset(clock.utc()) == timedelta(days=-1)
    finally:
        monkeypatch.undo()
        time.tzset()
