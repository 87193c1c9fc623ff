"""Pictures of the app, compared pixel for pixel (pytest-textual-snapshot): a frozen clock, a fixed catalog.

Update only after reading the report: `pytest tests/test_snapshots.py --snapshot-update`. The card's
picture is also the one the README shows.
"""

from __future__ import annotations

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
    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, press=["j", "j", "p"])


def test_a_window_too_small(snap_compare, tmp_path):
    assert snap_compare(app_at(tmp_path), terminal_size=(50, 15))


def test_search(snap_compare, tmp_path):
    async def search(pilot):
        await pilot.press("slash", *"noodles", "space", "1")
        await pilot.pause()
        pilot.app.screen.query_one("#search-input").cursor_blink = False

    assert snap_compare(app_at(tmp_path), terminal_size=SIZE, run_before=search)
