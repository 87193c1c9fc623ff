"""Pictures of the app, compared pixel for pixel (pytest-textual-snapshot): a frozen clock, a fixed catalog.

Update only after reading the report: `pytest tests/test_snapshots.py --snapshot-update`. The card's
picture is also the one the README shows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from recommender.clock import FakeClock

from .conftest import make_app_for, make_video

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def a_256_colour_terminal(monkeypatch):
    """The picture draws in true colour or 256 colours as the terminal says: pin it, so pictures compare."""
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def fixed_catalog():
    return [
        make_video(
            i,
            title=f"Crispy garlic noodles in {5 + i} minutes",
            creator=f"ana.cooks{i}",
            caption=f"Weeknight dinner sorted #noodles #quickrecipe #foodtok ({i})",
            hashtags=("noodles", "quickrecipe", "foodtok"),
            sound=f"original sound - ana.cooks{i}",
            genres=(("cooking", "pets", "travel")[i % 3],),
            views=120_000 + i,
            likes=9_400,
            shares=310,
            comments=127,
            uploaded_at=1_793_000_000.0,
        )
        for i in range(12)
    ]


def app_at(tmp_path):
    return make_app_for(tmp_path / "t.db", FakeClock(), videos=fixed_catalog())


def watching(*keys: str, seconds: float = 2.0):
    """Keys pressed as a viewer presses them: each card on screen `seconds` first (one left at once is no view)."""

    async def run(pilot):
        await pilot.pause()  # the first card drawn
        for key in keys:
            pilot.app.session.clock.advance(seconds)
            await pilot.press(key)
            await pilot.pause()

    return run


def test_the_card(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE)


def test_the_card_at_80x24(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=(80, 24))


def test_the_card_at_120x40(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=(120, 40))


def test_the_card_at_200x60(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=(200, 60))


def test_the_card_paused(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["space"])


def test_the_card_liked_and_followed(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["l", "f"])


def test_the_card_in_the_light_theme(snap_compare, tmp_path):
    async def light(pilot):
        pilot.app.theme = "textual-light"

    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=light)


def test_the_card_without_colour(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE)


def test_the_profile(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=watching("j", "j", "p"))


def test_a_window_too_small(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=(50, 15))


def test_the_screen_time_screen(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=watching("j", "j", "p", "t"))


def test_the_session_timer(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["t"])


def test_an_empty_following(snap_compare, tmp_path):
    app = make_app_for(tmp_path / "t.db", FakeClock(), videos=fixed_catalog(), feed="following")
    assert snap_compare(app, terminal_size=SIZE)


def test_a_creator_page(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["o", "f"])


def test_a_hashtag_page(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["j", "j", "number_sign", "down"])


def test_a_sound_page(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["m"])


def test_a_list_played_from_a_page(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["number_sign", "down", "enter"])


def test_the_saved_list(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["b", "j", "b", "B"])


def test_the_settings(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["comma"])


def test_the_settings_in_use(snap_compare, tmp_path):
    """Restricted with a passcode, a keyword filter, topics, mutes, a refresh to undo: every section filled."""

    async def steer(pilot):
        from tuiapp.passcode import new_hash

        session = pilot.app.session
        session.set_restricted(True)
        session.set_passcode(new_hash("1234"))
        session.add_keyword("spoiler")
        session.set_topic("cooking", "more")
        session.set_topic("travel", "less")
        session.mute("creator", "ana.cooks3")
        session.mute("sound", "original sound - ana.cooks4")
        session.mute("hashtag", "foodtok")
        session.refresh()
        await pilot.press("comma")

    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=steer)


def test_mute_from_the_card(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["x"])


def test_search(snap_compare, tmp_path):
    async def search(pilot):
        await pilot.press("slash", *"noodles", "space", "1")
        await pilot.pause()
        pilot.app.screen.query_one("#search-input").cursor_blink = False

    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=search)


def test_the_history(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=watching("l", "j", "j", "h"))


def test_the_delete_confirmation(snap_compare):
    """It names the file it deletes: a fixed folder here, so the picture is the same on every machine."""
    import shutil

    folder = Path(tempfile.gettempdir()) / "tiktui-snapshot"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()

    async def ask(pilot):
        pilot.app.ask_to_forget()
        await pilot.pause()

    try:
        assert snap_compare(app_at(folder), terminal_size=SIZE, run_before=ask)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_passcode_question(snap_compare, tmp_path):
    async def ask(pilot):
        from tuiapp.screens.passcode import PasscodeScreen

        pilot.app.push_screen(PasscodeScreen("New passcode, twice", new=True))
        await pilot.pause()

    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=ask)
