"""A double click is one click, but on the card's picture (a like) and in text fields: as a terminal sends it.

The pilot's own clicks skip the app's reading of the mouse (`Pilot._post_mouse_events` forwards to the screen), so
these press and release the button as a terminal does: raw events into the app, which makes the clicks itself.
"""

from __future__ import annotations

import sqlite3

from textual import events
from textual.widgets import OptionList

from tuiapp.screens.list_play import ListScreen
from tuiapp.screens.page import PageScreen

from .conftest import make_app_for, make_video
from .test_search_screen import VIDEOS, searching


def likes(db) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM events WHERE action = 'like'").fetchone()[0]


def press_and_release(app, x: int, y: int) -> None:
    for kind in (events.MouseDown, events.MouseUp):
        app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


async def double_click(app, pilot, x: int, y: int, *, at_once: bool) -> None:
    """Two clicks at one place: `at_once` as one burst (both in before the first has its effect), else a tenth of
    a second apart, as a hand does (the first has opened what it opens)."""
    press_and_release(app, x, y)
    if not at_once:
        await pilot.pause(0.1)
    press_and_release(app, x, y)
    await pilot.pause()
    await pilot.pause()


def row_at(app, index: int = 0) -> tuple[int, int]:
    options = app.screen.query_one(OptionList)
    region = options.content_region
    return app.size.width // 2, region.y + index * 2  # mid-screen: where the card's picture comes


async def test_a_search_result_double_clicked_plays_once_and_likes_nothing(tmp_path, clock):
    """QA: sent at once, the result was chosen twice and the second close crashed ("Can't pop screen"); a hand's
    double click opened the card and its second click, on the new card's picture, liked a video not yet seen."""
    for at_once in (False, True):
        app = make_app_for(tmp_path / f"{at_once}.db", clock, videos=VIDEOS)
        async with app.run_test(size=(100, 40)) as pilot:
            await searching(app, pilot, "bread")
            await double_click(app, pilot, *row_at(app), at_once=at_once)
            assert app.is_running and isinstance(app.screen, ListScreen), at_once
            assert app.session.list_source == "search:bread" and not app.session.card().liked, at_once
        assert likes(tmp_path / f"{at_once}.db") == 0, at_once


async def test_a_hashtag_double_clicked_on_the_card_opens_its_page_and_plays_nothing(tmp_path, clock):
    """QA: the second click landed on the page's row under the pointer and played it."""
    catalog = [make_video(i, caption="so good #noodles ok", hashtags=("noodles",), creator=f"c{i}") for i in range(40)]
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        card = app.session.card()
        caption = app.screen.query_one("#caption").content_region
        x = caption.x + len("so good #") + 1
        await double_click(app, pilot, x, caption.y, at_once=False)
        assert isinstance(app.screen, PageScreen) and not card.liked
        assert app.session.list_source is None


async def test_the_picture_double_clicked_still_likes(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        picture = app.screen.query_one("#picture").region
        await double_click(app, pilot, picture.x + 3, picture.y + 3, at_once=False)
        assert app.session.card().liked


def centre(app, selector: str) -> tuple[int, int]:
    region = app.screen.query_one(selector).region
    return region.x + region.width // 2, region.y


async def test_the_rail_double_clicked_acts_once(tmp_path, clock):
    """Review: the rail lies inside the card's frame, which takes double clicks: ♡ double clicked liked and unliked."""
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await double_click(app, pilot, *centre(app, "#rail-like"), at_once=False)
        assert app.session.card().liked
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT action FROM events WHERE action IN ('like', 'unlike')").fetchall() == [("like",)]


async def test_clicks_on_one_key_a_moment_apart_each_count_and_a_lost_release_drops_nothing(tmp_path, clock):
    """Review: every click of a run on the footer's j within half a second of the one before was dropped (five
    clicks, one card); a press whose release never came swallowed the next click anywhere."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = app.session.card().video.id
        footer = app.screen.query_one("Footer").region
        j = (footer.x + 2, footer.y)  # the footer's first key: "j Next"
        for _ in range(3):
            clock.advance(3)
            await double_click(app, pilot, *j, at_once=False)  # two clicks 0.1 s apart: two cards on
        assert app.session.card().number == 7 and app.session.card().video.id != first
        like = centre(app, "#rail-like")
        for kind in (events.MouseDown, events.MouseUp, events.MouseDown):  # the second press: its release lost
            app.post_message(kind(None, *like, 0, 0, 1, False, False, False, screen_x=like[0], screen_y=like[1]))
        await pilot.pause(0.6)
        await pilot.pause()
        liked = app.session.card().liked
        press_and_release(app, *like)
        await pilot.pause()
        assert app.session.card().liked is not liked  # the next click counted
