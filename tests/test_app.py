"""The terminal app, driven headless through the pilot as a viewer would."""

from __future__ import annotations

import sqlite3

from textual.geometry import Region
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from recommender.feed import FeedSession
from tuiapp.app import WELCOME
from tuiapp.screens.feed import WARM_AFTER, FeedScreen
from tuiapp.screens.profile import ProfileScreen
from tuiapp.widgets.action_rail import ActionRail
from tuiapp.widgets.playback_bar import PlaybackBar

from .conftest import make_app_for, make_video


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).visual)


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def test_first_card_shows_creator_caption_sound_genre_and_why(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        card = app.session.card()
        assert text(app, "#creator").startswith("@" + card.video.creator)
        assert card.video.sound in text(app, "#sound")
        assert card.video.genre in text(app, "#genre")
        assert "why this video: popular now" in text(app, "#why")
        assert "#" + card.video.hashtags[0] in text(app, "#caption")


async def test_playback_runs_in_real_time_loops_and_pauses(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, speed=2.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        duration = app.session.card().video.duration_s
        clock.advance(duration / 4)  # half the video at speed 2
        await pilot.pause(0.15)
        bar = app.screen.query_one(PlaybackBar)
        assert abs(bar.position - duration / 2) < 0.01 and bar.loops == 0
        clock.advance(duration / 2)  # wraps once
        await pilot.pause(0.15)
        assert bar.loops == 1
        await pilot.press("space")
        clock.advance(100)
        await pilot.pause(0.15)
        assert bar.paused and bar.loops == 1
        await pilot.press("j")
    ((dwell, loops),) = rows(db, "SELECT dwell_ms, loops FROM views WHERE id = 1")
    assert loops == 1 and dwell == round(duration * 3 / 4 * 1000), "pauses are not dwell time"


async def test_with_motion_off_the_bar_still_follows_playback_and_a_like_shows_at_once(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, motion="off")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        bar, rail = app.screen.query_one(PlaybackBar), app.screen.query_one(ActionRail)
        duration = app.session.card().video.duration_s
        for quarter in (1, 2):
            clock.advance(duration / 4)
            await pilot.pause(0.3)  # the bar moves 5 times a second with a still picture
            assert abs(bar.position - duration * quarter / 4) < 0.01
        await pilot.press("l")
        assert rail.liked, "the like shows with the key, not at the next tick"


async def test_like_share_comment_follow_are_shown_and_stored(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        video = app.session.card().video
        await pilot.press("l", "s", "f")
        await pilot.pause()
        rail = app.screen.query_one(ActionRail)
        assert rail.liked and rail.shared and rail.following
        assert "♥" in rail.text() and "✓" in rail.text() and rail.query_one("#rail-share").has_class("-on")
        toasts = [n.message for n in app._notifications]
        # It says how it copies and shows the link; it never claims a copy it cannot know happened.
        assert any(
            t.startswith(f"Link: tiktui://video/{video.id} (sent to your terminal's clipboard with OSC 52")
            for t in toasts
        ), toasts
        assert not any("copied" in t.lower() for t in toasts)
        assert app.clipboard == f"tiktui://video/{video.id}"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"so good", "enter")
        await pilot.pause()
        assert rail.commented
        clock.advance(3)
        await pilot.press("j")
        await pilot.pause()
    actions = [r[0] for r in rows(db, "SELECT action FROM events WHERE view_id = 1 ORDER BY id")]
    # Typing a comment covers the card: playback is held (not a viewer's pause) and released after.
    assert actions == ["show", "like", "share", "follow", "hold", "comment", "release", "leave"]
    assert rows(db, "SELECT detail FROM events WHERE action IN ('hold', 'release')") == [("screen",), ("screen",)]
    assert rows(db, "SELECT detail FROM events WHERE action = 'comment'") == [("so good",)]
    view = rows(
        db, "SELECT video_id, feed, liked, shared, commented, followed, dwell_ms, reason FROM views WHERE id = 1"
    )[0]
    assert view == (video.id, "foryou", 1, 1, 1, 1, 3000, "popular now")
    assert all(ts.endswith("Z") for (ts,) in rows(db, "SELECT ts FROM events"))


async def test_keys_typed_after_a_comments_enter_go_to_the_feed_under_it(tmp_path, clock):
    """In tmux, 'c nice video Enter j c second one Enter' typed at once crashed tiktui: 'j c second one' went into
    the comment box its Enter was closing, and that box's second Enter closed the feed under it. The keys after an
    Enter now act once the box is closed: j swipes, c opens a box for the next card, which takes 'second one'."""
    from textual import events

    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = app.session.card().video.id
        for key in ["c", *"nice", "enter", "j", "c", *"second", "enter"]:
            app.post_message(events.Key(key, None if len(key) > 1 else key))
        for _ in range(6):
            await pilot.pause()
        assert app.is_running and isinstance(app.screen, FeedScreen)
        second = app.session.card().video.id
    comments = rows(db, "SELECT video_id, detail FROM events WHERE action = 'comment' ORDER BY id")
    assert second != first and comments == [(first, "nice"), (second, "second")]


async def test_the_data_files_notice_is_shown_whole(tmp_path, clock):
    """QA: a salvaged file's notice was cut at 300 characters, "the choices of its lost eve…": its end, what was
    lost, was never shown in the app."""
    app = make_app_for(tmp_path / "t.db", clock)
    tail = "the choices of its lost events were remade from its snapshot, what they taught was not"
    app.session.store.notice = "x was damaged; " + "it was moved aside and a new one started; " * 8 + tail
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        assert any(str(n.message).endswith(tail) for n in app._notifications), [n.message for n in app._notifications]


async def test_each_view_is_committed_before_the_next_card(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        for n in range(1, 4):
            clock.advance(1.0)
            await pilot.press("j")
            await pilot.pause()
            # Another connection, as another process would, sees every finished view.
            assert rows(db, "SELECT COUNT(*) FROM views WHERE ended_at IS NOT NULL") == [(n,)]


async def test_swiping_back_returns_to_the_previous_card(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        first = app.session.card().video.id
        await pilot.press("j")
        assert app.session.card().video.id != first
        await pilot.press("k")
        assert app.session.card().video.id == first


async def test_a_cooking_fan_gets_cooking_by_cards_31_to_40(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    genres = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for _ in range(40):
            video = app.session.card().video
            genres.append(video.genre)
            clock.advance(video.duration_s + 0.5 if video.genre == "cooking" else 0.8)
            await pilot.press("j")
    assert genres[30:40].count("cooking") >= 6, genres


async def test_profile_shows_bars_counts_and_why_then_escape_returns_to_the_card(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(12):
            video = app.session.card().video
            clock.advance(video.duration_s if video.genre == "cooking" else 0.7)
            if video.genre == "cooking":
                await pilot.press("l")
            await pilot.press("j")
        clock.advance(5)
        await pilot.pause(0.15)
        before = app.session.card()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        genres = app.screen.query_one("#genres")
        first = str(genres.get_option_at_index(0).prompt)
        last = str(genres.get_option_at_index(genres.option_count - 1).prompt)
        # Cooking leads; each genre reads in words, not as a bare score (one view each: too soon to tell).
        assert first.startswith("cooking") and "+0." not in first and "-0." not in last
        assert last.rstrip().endswith("not enough to tell yet")
        assert "Views 12" in text(app, "#counts")
        assert "popular now" in text(app, "#recent")
        clock.advance(60)  # time on the profile is not playback time
        await pilot.press("escape")
        await pilot.pause(0.15)
        assert isinstance(app.screen, FeedScreen)
        after = app.session.card()
        assert after.video.id == before.video.id and abs(after.position_s - before.position_s) < 0.01


async def test_muting_a_genre_on_the_profile_keeps_it_out_of_the_feed(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        options = app.screen.query_one("#genres")
        muted = options.get_option_at_index(0).id
        options.highlighted = 0
        await pilot.press("m", "escape")
        seen = []
        for _ in range(30):
            seen.append(app.session.card().video.genre)
            clock.advance(1)
            await pilot.press("j")
        assert muted not in seen[1:]


async def test_small_terminal_asks_for_a_bigger_window_and_recovers(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert text(app, "#too-small") == "Make the window at least 60x20 (now 50x15)"
        assert not app.screen.query_one("#card").display
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert app.screen.query_one("#card").display and text(app, "#too-small") == ""


async def test_a_very_small_window_shows_the_whole_request_with_its_size(tmp_path, clock):
    """At 40 columns the request used to be one row, cut before the window's size: "...60x20 (now"."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#too-small", Static)
        shown = " ".join(s.text.strip() for s in line.render_lines(Region(0, 0, *line.size)))
        assert shown == "Make the window at least 60x20 (now 40x12)"


async def test_markup_and_escapes_in_a_caption_show_literally(tmp_path, clock):
    hostile = "[bold]loud[/bold] [link=x]y[/link] \x1b[31mred\x1b[0m [@click=app.quit]q[/]"
    videos = [
        make_video(i, caption=hostile, title=f"[b]t{i}[/b]", creator=f"[red]c{i}", sound=f"s{i}", genres=(f"g{i % 9}",))
        for i in range(12)
    ]
    app = make_app_for(tmp_path / "t.db", clock, videos=videos)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "[bold]loud[/bold] [link=x]y[/link] ␛[31mred␛[0m [@click=app.quit]q[/]" in text(app, "#caption")
        assert text(app, "#creator").startswith("@[red]c")
        assert "[b]t" in text(app, "#title")
        await pilot.click("#caption")
        assert app.is_running


async def test_replay_starts_the_video_again_and_counts_a_rewatch(tmp_path, clock):
    """r starts the video again; once it was seen through, that is a re-watch (⟳ 1). Before, it is a restart."""
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        duration = app.session.card().video.duration_s
        clock.advance(duration * 0.6)
        await pilot.press("r")
        await pilot.pause(0.15)
        bar = app.screen.query_one(PlaybackBar)
        assert bar.position < 0.01 and bar.loops == 0 and "⟳" not in str(bar.render())
        clock.advance(duration * 0.95)
        await pilot.press("r")
        await pilot.pause(0.15)
        assert bar.position < 0.01 and bar.loops == 1 and "⟳ 1" in str(bar.render())
        clock.advance(duration * 0.3)
        await pilot.press("j")
    ((loops, watched),) = rows(db, "SELECT loops, watched_ms FROM views WHERE id = 1")
    assert loops == 1 and watched == round(duration * 0.95 * 1000)
    assert [("replay",), ("replay",)] == rows(db, "SELECT action FROM events WHERE view_id = 1 AND action = 'replay'")


async def test_help_opens_over_the_feed_with_every_key_and_closes(tmp_path, clock):
    from tuiapp.screens.help import HelpScreen

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = " ".join(str(s.visual) for s in app.screen.query(Static))
        for key in ("j / down", "k / up", "space", "l", "r", "s", "c", "f", "n", "u", "p", "wheel", "q"):
            assert key in listed, key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen)


async def test_mutes_are_kept_when_tiktui_starts_again(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        muted = app.session.card().video.genre
        app.session.mute("genre", muted)
    again = make_app_for(db, clock)
    assert ("genre", muted) in again.session.rules.muted
    async with again.run_test(size=(100, 40)) as pilot:
        for _ in range(15):
            await pilot.pause()
            assert again.session.card().video.genre != muted
            clock.advance(1)
            await pilot.press("j")


async def test_the_profile_says_each_genre_in_words_with_a_legend_and_the_week(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for _ in range(12):
            clock.advance(20.0)
            await pilot.press("j")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        genres = app.screen.query_one("#genres")
        lines = [str(genres.get_option_at_index(i).prompt) for i in range(genres.option_count)]
        assert all(line.rstrip().endswith("not enough to tell yet") for line in lines[1:]), lines
        assert "-0." not in "".join(lines) and "+0." not in "".join(lines), "no bare numbers"
        legend = text(app, "#legend")
        assert "more than most viewers: " in legend and "not enough to tell yet: under 3 views' worth" in legend
        assert "% of the last 10 cards" in text(app, "#stays")
        week = text(app, "#week").splitlines()
        assert len(week) == 7 and week[-1].endswith("today") and " 12 cards" in week[-1]


async def test_the_session_timer_shows_and_hides_with_t_and_is_remembered(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        timer = app.screen.query_one("#timer", Static)
        assert not timer.display
        await pilot.press("t")
        clock.advance(75.0)
        await pilot.pause(0.15)
        assert timer.display and str(timer.visual) == "1:15"
        await pilot.press("t")
        await pilot.pause(0.15)
        assert not timer.display
        await pilot.press("t")
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.15)
        assert app.screen.query_one("#timer", Static).display, "the choice is a setting, replayed at start"


async def test_a_break_reminder_after_n_minutes_does_not_block_the_feed(tmp_path, clock):
    from recommender.screen_time import BREAK_EVERY

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        app.session.set(BREAK_EVERY, 20)
        clock.advance(19 * 60)
        await pilot.pause(0.15)
        assert not app._notifications
        clock.advance(60)
        await pilot.pause(0.15)
        toasts = [n.message for n in app._notifications]
        assert toasts == ["20 minutes on tiktui this session: time for a break?"]
        before = app.session.card().view_id
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen) and app.session.card().view_id != before, "j still swipes"


async def test_the_daily_limit_reminds_once_and_the_feed_goes_on(tmp_path, clock):
    from recommender.screen_time import DAILY_LIMIT

    app = make_app_for(tmp_path / "t.db", clock, videos=[make_video(i, duration_s=600.0) for i in range(20)])
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        app.session.set(DAILY_LIMIT, 2)
        for _ in range(2):
            clock.advance(59.0)
            await pilot.press("j")
        await pilot.pause(0.15)
        assert not app._notifications
        clock.advance(3.0)
        await pilot.pause(0.15)
        (toast,) = [n.message for n in app._notifications]
        assert toast.startswith("2 minutes watched today: your daily limit is 2 minutes.")
        await pilot.press("j")
        clock.advance(60.0)
        await pilot.pause(0.15)
        assert len(app._notifications) == 1 and app.session.number == 4


async def test_enter_in_screen_time_saves_a_field_and_goes_on_to_the_next(tmp_path, clock):
    """QA: 'p t 1 Enter 1 Enter' set the daily limit to 1, then to 11: Enter saved but stayed in the field."""
    from recommender.screen_time import BREAK_EVERY, DAILY_LIMIT

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("p", "t")
        await pilot.pause()
        await pilot.press("1", "enter", "2", "enter")
        await pilot.pause()
        assert (app.session.setting(DAILY_LIMIT), app.session.setting(BREAK_EVERY)) == (1, 2)


async def test_screen_time_is_set_from_the_profile_and_the_palette(tmp_path, clock):
    from recommender.screen_time import BREAK_EVERY, DAILY_LIMIT
    from tuiapp.screens.screen_time import ScreenTimeScreen

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("p", "t")
        await pilot.pause()
        assert isinstance(app.screen, ScreenTimeScreen)
        assert app.screen.query_one("#daily-limit", Input).value == ""  # off by default
        app.screen.query_one("#daily-limit", Input).focus()
        await pilot.press(*"45", "enter")
        await pilot.pause()
        assert app.session.setting(DAILY_LIMIT) == 45
        app.screen.query_one("#break-every", Input).focus()
        await pilot.press(*"0", "enter")
        await pilot.pause()
        assert "is not 1 to 1440 minutes" in text(app, "#screen-time-error")
        assert app.session.setting(BREAK_EVERY) is None
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screen time: daily limit and breaks" in commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"screen time")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScreenTimeScreen)
        assert app.screen.query_one("#daily-limit", Input).value == "45"
        app.screen.query_one("#daily-limit", Input).focus()
        await pilot.press("backspace", "backspace", "enter")
        await pilot.pause()
        assert app.session.setting(DAILY_LIMIT) is None


async def test_cancelling_the_passcode_for_a_looser_limit_refuses_nothing_and_shows_the_limit_in_force(tmp_path, clock):
    """Escape on "Passcode to loosen the daily limit" said "Wrong passcode: nothing changed." and the field kept
    the 20 that was not saved, under "limit 10 min"."""
    from recommender.screen_time import DAILY_LIMIT
    from tuiapp.passcode import new_hash
    from tuiapp.screens.passcode import PasscodeScreen

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        app.session.set_passcode(new_hash("1234"))
        app.session.set(DAILY_LIMIT, 10)
        await pilot.press("p", "t")
        await pilot.pause()
        field = app.screen.query_one("#daily-limit", Input)
        for answer in (["escape"], [*"9999", "enter"]):
            field.focus()
            await pilot.press("backspace", "backspace", *"20", "enter")
            await pilot.pause()
            assert isinstance(app.screen, PasscodeScreen)
            await pilot.press(*answer)
            await pilot.pause()
            assert app.session.setting(DAILY_LIMIT) == 10 and field.value == "10", answer
        assert [n.message for n in app._notifications] == ["Wrong passcode: nothing changed."], "only the wrong one"


async def test_a_limit_of_one_minute_is_said_in_the_singular(tmp_path, clock):
    """Setting 1 said "Daily limit: 1 minutes." and "Break reminder: 1 minutes."."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("p", "t")
        await pilot.pause()
        for field, value in (("#daily-limit", "1"), ("#break-every", "1"), ("#break-every", "2")):
            app.screen.query_one(field, Input).focus()
            await pilot.press("backspace", *value, "enter")
            await pilot.pause()
        toasts = [n.message for n in app._notifications]
        assert toasts == ["Daily limit: 1 minute.", "Break reminder: 1 minute.", "Break reminder: 2 minutes."]
        assert "limit 1 min · breaks every 2 min" in text(app, "#screen-time-now")


async def test_a_videos_length_reads_the_same_on_the_card_and_the_bar(tmp_path, clock):
    """A 15.6 s video was "16s" on the card and "0:15" on the bar: both round it now, and so does a page's row."""
    from tuiapp.screens.page import video_row

    video = make_video(1, duration_s=15.6)
    app = make_app_for(tmp_path / "t.db", clock, videos=[video])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.session.card().video.id == "t1"
        assert text(app, "#genre").endswith("· 16s")
        assert "/ 0:16" in str(app.screen.query_one(PlaybackBar).render())
    assert "0:16" in str(video_row(video, seen=False))


async def test_on_idle_after_each_card_the_feed_reads_its_next_pick_ahead_and_the_trial_walk_once(
    tmp_path, clock, monkeypatch
):
    calls: list[str] = []
    monkeypatch.setattr(FeedSession, "warm", lambda self: calls.append("trial"))
    monkeypatch.setattr(FeedSession, "read_ahead", lambda self: calls.append("next"))
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j")  # most likely before the first card's read-ahead ran: it reads for this card instead
        await pilot.pause(WARM_AFTER + 0.3)
        assert calls[0] == "trial" and calls.count("trial") == 1 and calls[-1] == "next"
        seen = len(calls)
        await pilot.press("j")
        await pilot.pause(WARM_AFTER + 0.3)
        assert calls[seen:] == ["next"]


async def test_the_screen_time_figures_are_todays_each_time_it_opens(tmp_path, clock):
    """The screen is kept once made: opened again after watching, it showed the minutes of its first opening."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("p", "t")
        await pilot.pause()
        assert text(app, "#screen-time-now").startswith("Today 0 min")
        await pilot.press("escape", "escape")
        await pilot.pause()
        clock.advance(300)  # five minutes on the card (it stops counting once idle: three loops untouched)
        await pilot.press("p", "t")
        await pilot.pause()
        now = text(app, "#screen-time-now")
        assert not now.startswith("Today 0 min") and "this session 5:00" in now


async def test_the_footer_ends_with_the_palette_key_and_no_stray_letter(tmp_path, clock):
    """Where the keys overflow a narrow footer, the palette's key (docked right) stopped a column short of the edge
    and the first letter of a key cut off beneath it showed there: "^p palette/" at 60 columns."""
    for width in (40, 58, 60, 62, 64, 80):
        app = make_app_for(tmp_path / f"{width}.db", clock)
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            footer = app.screen._compositor.render_strips()[-1].text  # the row as composed on the screen
            assert footer.endswith("▏^p palette"), (width, footer)


async def test_the_feeds_footer_shows_help_and_quit_in_an_80_column_terminal(tmp_path, clock):
    """At 80 columns, the commonest terminal, the keys ran past the edge before "? Help" and "q Quit" came: a new
    viewer saw no way to the list of keys. The feed's tabs (1 2 3 on the bar above) and settings (, and the palette)
    are in the help instead."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        assert "? Help" in footer and "q Quit" in footer, footer


async def test_settings_and_the_palette_survive_a_window_a_few_cells_wide(tmp_path, clock):
    """Resized to 4x2 or 7x20 with settings or the palette open, tiktui crashed ("range() arg 3 must not be zero":
    an option list wrapped to width 0)."""
    for key in ("comma", "ctrl+p"):
        app = make_app_for(tmp_path / f"{key}.db", clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            for size in ((4, 2), (7, 20), (1, 1), (100, 30)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
            assert app.screen is screen and app.is_running


async def test_the_mute_box_keeps_its_question_and_keys_with_long_names(tmp_path, clock):
    """A card with a 90-character creator, twelve 60-character hashtags and a long sound: each choice wrapped onto
    two or three lines, and the question and "Enter mutes, Escape cancels." were pushed out of the box (at 60x20 its
    borders too). Now a choice is one line and the list scrolls."""
    long = make_video(
        1, creator="m" * 90, hashtags=tuple(f"{i}" + "t" * 59 for i in range(12)), sound="s" * 200, title="long"
    )
    for size in ((60, 20), (100, 40)):
        app = make_app_for(tmp_path / f"{size[0]}.db", clock, videos=[long, *(make_video(i) for i in range(2, 6))])
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            while app.session.card().video.id != "t1":
                await pilot.press("j")
                await pilot.pause()
            await pilot.press("x")
            await pilot.pause()
            screen = app.screen
            box, choices = screen.query_one("#mute-box"), screen.query_one("#mute-choices")
            assert Region(0, 0, *size).contains_region(box.region), (size, box.region)
            lines = [strip.text for strip in screen._compositor.render_strips()]
            assert any("Mute what?" in line for line in lines) and any("Enter mutes" in line for line in lines), lines
            assert choices.option_count == 14 and choices.virtual_size.height == 14, (size, choices.virtual_size)


async def test_k_held_on_the_first_card_shows_one_toast_not_a_pile(tmp_path, clock):
    """QA: about forty k on the first card stacked ten copies of "This is the first card." over the card."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for _ in range(10):
            await pilot.press("k")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert said.count("This is the first card.") == 1


async def test_a_toast_clicked_away_comes_back_when_it_is_said_again(tmp_path, clock):
    """Review: a toast dismissed by a click held its place until its time ran out, so the same words said again a
    moment later showed nothing."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press("k")
            await pilot.pause()
        assert [str(n.message) for n in app._notifications] == ["This is the first card."]
        await pilot.pause(0.2)
        await pilot.click(Toast)
        await pilot.pause()
        assert not list(app._notifications)
        await pilot.press("k")
        await pilot.pause()
        assert [str(n.message) for n in app._notifications] == ["This is the first card."]


async def test_ctrl_c_says_how_to_quit_in_plain_words(tmp_path, clock):
    """QA: the toast read "Press [b]ctrl+q[/b] to quit the app": Textual's markup, shown as written."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        said = [n.message for n in app._notifications][-1]
        assert said == "Press q or ctrl+q to quit tiktui"


async def test_a_new_viewer_is_told_what_the_first_cards_are_once(tmp_path, clock):
    """QA: a like on card 4 seemed ignored for twelve cards: nothing said the first cards go over every genre."""
    db = tmp_path / "t.db"
    for first in (True, False):
        app = make_app_for(db, clock, welcome=True)
        async with app.run_test(size=(100, 40), notifications=True) as pilot:
            await pilot.pause()
            said = [n.message for n in app._notifications]
            assert (said == [WELCOME]) is first, said
            await pilot.press("q")
