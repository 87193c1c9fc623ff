"""The app records what the viewer did: gestures, hidden time, undo and empty feeds, driven through the pilot."""

from __future__ import annotations

import os
import sqlite3
import sys
import time

from textual.events import AppBlur, AppFocus, MouseScrollDown
from textual.geometry import Region
from textual.widgets import Static

from tuiapp.screens.feed import WHEEL_QUIET, FeedScreen
from tuiapp.screens.profile import ProfileScreen

from .conftest import make_app_for, make_video


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def wheel(app):
    app.screen.post_message(MouseScrollDown(None, 10, 10, 0, 1, 0, False, False, False))


async def test_a_wheel_burst_moves_one_card_per_gesture(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = app.session.card().view_id
        for _ in range(12):  # a trackpad fling: events 20 ms apart
            wheel(app)
            clock.advance(0.02)
            await pilot.pause()
        assert app.session.card().view_id == first + 1, "one gesture, one card"
        clock.advance(WHEEL_QUIET + 0.01)
        wheel(app)
        await pilot.pause()
        assert app.session.card().view_id == first + 2, "a new gesture after a pause swipes again"


async def test_keys_do_nothing_on_a_card_the_window_is_too_small_to_show(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        card = app.session.card()
        clock.advance(2)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        await pilot.press("l", "s", "f", "r", "n", "j")
        clock.advance(300)  # unseen time
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        after = app.session.card()
        assert after.view_id == card.view_id and not (after.liked or after.shared or after.following)
        clock.advance(1)
        await pilot.press("j")
    ((dwell,),) = rows(db, f"SELECT dwell_ms FROM views WHERE id = {card.view_id}")
    assert dwell == 3000


async def test_an_unfocused_terminal_stops_the_clock(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        card = app.session.card()
        clock.advance(1)
        app.post_message(AppBlur())
        await pilot.pause()
        clock.advance(600)
        app.post_message(AppFocus())
        await pilot.pause()
        clock.advance(2)
        await pilot.press("j")
    ((dwell, loops),) = rows(db, f"SELECT dwell_ms, loops FROM views WHERE id = {card.view_id}")
    assert dwell == 3000 and loops == 0


async def test_an_idle_card_asks_still_watching_and_any_key_plays_on(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        clock.advance(app.session.card().video.duration_s * 10)
        await pilot.pause(0.15)
        assert app.screen.has_class("-idle") and app.screen.query_one("#still").display
        await pilot.press("space")  # it paused the card: the key that answers does nothing else
        clock.advance(0.5)
        await pilot.pause(0.15)
        assert not app.screen.has_class("-idle") and not app.session.card().idle
        assert not app.session.card().paused and isinstance(app.screen, FeedScreen)
        clock.advance(app.session.card().video.duration_s * 10)
        await pilot.pause(0.15)
        before = app.session.card().view_id
        await pilot.press("j")  # another key does what it does: the viewer is there
        await pilot.pause(0.15)
        assert app.session.card().view_id != before and not app.session.card().idle
        # A key that acts on the card only answers: l liked a card the viewer had not been watching (QA).
        clock.advance(app.session.card().video.duration_s * 10)
        await pilot.pause(0.15)
        assert app.screen.has_class("-idle")
        await pilot.press("l")
        await pilot.pause(0.15)
        assert not app.screen.has_class("-idle") and not app.session.card().liked
        await pilot.press("l")  # awake, it likes
        await pilot.pause(0.15)
        assert app.session.card().liked
        # A click on the rail answers as its key does: a click on the star saved a card not watched (QA).
        clock.advance(app.session.card().video.duration_s * 10)
        await pilot.pause(0.15)
        assert app.screen.has_class("-idle")
        await pilot.click("#rail-save")
        await pilot.pause(0.15)
        assert not app.screen.has_class("-idle") and not app.session.card().saved
        await pilot.click("#rail-save")
        await pilot.pause(0.15)
        assert app.session.card().saved
        # A double click whose first click answered likes nothing: the tick between the clicks woke the card, and
        # the second click liked it.
        await pilot.press("j")
        await pilot.pause(0.15)
        clock.advance(app.session.card().video.duration_s * 10)
        await pilot.pause(0.15)
        assert app.screen.has_class("-idle") and not app.session.card().liked
        await pilot.click("#picture", times=2)
        await pilot.pause(0.15)
        assert not app.screen.has_class("-idle") and not app.session.card().liked
        await pilot.click("#picture", times=2)  # awake, a double click likes
        await pilot.pause(0.15)
        assert app.session.card().liked


async def test_not_interested_offers_undo_and_u_takes_it_back(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        clock.advance(2)
        await pilot.press("n")
        await pilot.pause()
        assert any("Press u to undo" in n.message for n in app._notifications)
        assert app.session.profile.tally.not_interested == 1
        await pilot.press("u")
        await pilot.pause()
        assert app.session.profile.tally.not_interested == 0
        assert [n.message for n in app._notifications] == ["Undone: that video counts as a plain swipe again."]


async def test_n_on_a_card_only_flashed_past_says_nothing_of_not_interested(tmp_path, clock):
    """`n` within GLANCE_S of a card's drawing is a swipe, not a refusal (nothing is recorded as one), yet the toast
    said "Not interested ... Press u to undo" for a verdict that was never made."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        clock.advance(2)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("n")  # the card came up a moment ago: not looked at
        await pilot.pause()
        assert rows(app.session.store.path, "SELECT id FROM events WHERE action = 'not_interested'") == []
        assert not any("Not interested" in n.message for n in app._notifications)


async def test_u_after_its_six_seconds_says_it_is_too_late(tmp_path, clock):
    """Past the toast's 6 s, u did nothing and said nothing: the viewer could not tell it had not worked."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        clock.advance(2)
        await pilot.press("n")
        await pilot.pause()
        clock.advance(7)
        await pilot.press("u")
        await pilot.pause()
        assert app.session.profile.tally.not_interested == 1, "not taken back"
        assert list(app._notifications)[-1].message == 'Too late to undo: u takes back "not interested" for 6 s.'


async def test_muting_everything_shows_why_and_the_way_back(tmp_path, clock):
    videos = [make_video(i, genres=(f"g{i % 2}",)) for i in range(10)]
    app = make_app_for(tmp_path / "t.db", clock, videos=videos)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for genre in app.session.catalog.genres:
            app.session.mute("genre", genre)
        clock.advance(1)
        await pilot.press("j")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FeedScreen)
        message = str(app.screen.query_one("#empty", Static).visual)
        assert "Press , for settings" in message and "unmute" in message
        await pilot.press("l", "s", "n")  # nothing to act on: nothing happens, nothing breaks
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one("#genres").highlighted = 0
        await pilot.press("m", "escape")
        await pilot.pause()
        assert app.session.card() is not None and not app.screen.has_class("-empty")


def test_a_crash_exits_non_zero_with_one_line_naming_a_log_file(tmp_path):
    """A bug inside the app: the traceback goes to a log, the viewer gets one line."""
    import pty

    code = (
        "import tuiapp.screens.feed as f\n"
        "f.FeedScreen.action_like = lambda self: 1 / 0\n"
        "from tuiapp.cli import main\n"
        f"main(['--data-dir', {str(tmp_path)!r}])\n"
    )
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, "-c", code], dict(os.environ, TERM="xterm-256color"))
    out = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (tmp_path / "tiktui.db").exists():
        time.sleep(0.1)
    time.sleep(1.5)
    os.write(fd, b"l")
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 1
    tail = out.decode("utf-8", "replace").rstrip().splitlines()[-1]
    log = tmp_path / "crash.log"
    assert str(log) in tail and "Traceback" not in out.decode("utf-8", "replace")
    assert "ZeroDivisionError" in log.read_text() and oct(log.stat().st_mode & 0o777) == "0o600"
    assert rows(tmp_path / "tiktui.db", "SELECT COUNT(*) FROM views") == [(1,)], "the data file is intact"


async def test_the_mouse_likes_by_double_click_and_acts_through_the_rail(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.click("#rail-like")
        await pilot.pause()
        assert app.session.card().liked, "a click on the rail's heart likes"
        await pilot.click("#rail-follow")
        await pilot.pause()
        assert app.session.card().following
        await pilot.click("#rail-like")  # the heart again: unlike
        await pilot.pause()
        assert not app.session.card().liked
        await pilot.click("#picture", times=2)  # a double click on the frame likes
        await pilot.pause()
        assert app.session.card().liked
        await pilot.click("#picture", times=2)  # and never unlikes
        await pilot.pause()
        assert app.session.card().liked


async def test_still_watching_covers_a_row_and_moves_nothing(tmp_path, clock):
    """QA: the question took a row of its own: the card shrank by a row and moved a column while it was up."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        before = {w.id: w.region for w in app.screen.query("#card, #frame, #rail-like, #playback")}
        clock.advance(app.session.card().video.duration_s * 10)
        await pilot.pause(0.15)
        assert app.screen.has_class("-idle")
        assert app.screen.query_one("#still").region == Region(0, 38, 100, 1)  # over the playback bar
        assert {w.id: w.region for w in app.screen.query("#card, #frame, #rail-like, #playback")} == before
        await pilot.press("t")  # the session timer, over the feed bar's right end: it took a row too
        await pilot.pause()
        assert app.screen.has_class("-timer") and app.screen.query_one("#timer").region == Region(90, 0, 9, 1)
        assert {w.id: w.region for w in app.screen.query("#card, #frame, #rail-like, #playback")} == before


async def test_a_toast_leaves_the_rail_in_sight(tmp_path, clock):
    """QA: the share toast (12 s) lay over the rail's save and follow, from the bottom right corner."""
    from textual.widgets._toast import Toast

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause(0.3)
        toasts = [t.region for t in app.screen.query(Toast)]
        rail = [w.region for w in app.screen.query("ActionRail > *")]
        assert toasts and rail and not any(t.overlaps(r) for t in toasts for r in rail), (toasts, rail)
        # Nor the "why this video" line (QA: a follow's toast, then j every second, hid it for five cards).
        why = app.screen.query_one("#why").region
        assert not any(t.overlaps(why) for t in toasts), (toasts, why)
