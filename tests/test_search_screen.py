"""The search screen, driven through the pilot: `/`, type, see results follow, choose with Enter or a click."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input, OptionList, Static

from tuiapp.screens.feed import FeedScreen
from tuiapp.screens.help import key_lines
from tuiapp.screens.list_play import ListScreen
from tuiapp.screens.page import PageScreen
from tuiapp.screens.search import SearchScreen

from .conftest import make_app_for, make_video

VIDEOS = [
    make_video(1, title="Cooking bread at home", creator="ana.cooks", hashtags=("baking",), sound="Lunar Drift"),
    make_video(2, title="Crème brûlée in 5 minutes", creator="zoe", hashtags=("dessert",), sound="Neon Orbit"),
    make_video(3, title="Sourdough bread, day 3", creator="bo", hashtags=("baking",), sound="Lunar Drift"),
    make_video(4, title="Regex explained", creator="mei", hashtags=("coding",), sound="original sound - mei"),
    *[make_video(i, title=f"filler {i}", creator="x", sound="s") for i in range(10, 30)],
]


def results(app) -> list[str]:
    options = app.screen.query_one("#search-results", OptionList)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


def status(app) -> str:
    return str(app.screen.query_one("#search-status", Static).visual)


async def typed(pilot, text: str) -> None:
    for key in text:
        await pilot.press("space" if key == " " else key)
    await pilot.pause()


async def searching(app, pilot, text: str):
    """Start on the feed, press / and type `text`; the feed's screen, to come back to."""
    await pilot.pause()
    feed = app.screen
    await pilot.press("slash")
    await typed(pilot, text)
    return feed


async def test_results_follow_typing_and_enter_plays_them_as_a_list(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        feed = app.screen
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert "Type to search" in status(app)
        await typed(pilot, "bre")
        assert sorted(results(app)) == ["Cooking bread at home", "Sourdough bread, day 3"]
        await typed(pilot, "ad da")  # "bread da": each word a prefix
        assert results(app) == ["Sourdough bread, day 3"] and status(app).startswith("1 video")
        await typed(pilot, "zz")
        assert results(app) == [] and "Nothing matches bread dazz" in status(app)
        for _ in range(2):
            await pilot.press("backspace")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)  # the videos found play as a list, from the chosen one
        assert app.session.list_source == "search:bread da"
        assert app.session.card().video.id == "t3" and app.session.list_place() == (1, 1)
        await pilot.press("escape")  # back to the search, its words and results as they were
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.query_one(Input).value == "bread da"
        assert results(app) == ["Sourdough bread, day 3"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is feed and app.session.list_source is None


async def test_back_from_a_list_played_from_search_the_feed_card_plays_on(tmp_path, clock):
    """The list's screen, dismissed, must not hold the feed's card after the feed showed it again: every card after
    was recorded as watched for 0 s while the bar stood still."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        feed = await searching(app, pilot, "bread")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is feed
        assert not app.session.hidden and not app.session.current.play.holds  # the clock runs
        view = app.session.card().view_id
        clock.advance(3.0)
        await pilot.press("j")
        await pilot.pause()
    with sqlite3.connect(tmp_path / "t.db") as conn:
        (dwell,) = conn.execute("SELECT dwell_ms FROM views WHERE id = ?", [view]).fetchone()
    assert dwell >= 3000


async def test_a_creator_hashtag_or_sound_opens_its_page(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        feed = app.screen
        await pilot.press("slash")
        await typed(pilot, "lunar")
        assert results(app)[0] == "♫ Lunar Drift  sound · 2 videos found"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and (app.screen.kind, app.screen.value) == ("sound", "Lunar Drift")
        await pilot.press("escape")  # back to the search it was chosen in, then to the feed
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.query_one(Input).value == "lunar"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is feed
        await pilot.press("slash")
        await typed(pilot, "bak")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and (app.screen.kind, app.screen.value) == ("hashtag", "baking")


async def test_down_then_enter_or_a_click_chooses_that_video(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await typed(pilot, "fil")
        shown = results(app)
        assert len(shown) == 20 and all(t.startswith("filler ") for t in shown)
        await pilot.press("down", "down", "down", "enter")  # to the list, then two further
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.session.list_place() == (3, 20)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await typed(pilot, "fil")
        await pilot.click("#search-results", offset=(5, 3))  # the second video (two lines each)
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.session.list_place() == (2, 20)


async def test_escape_chooses_nothing_and_a_search_is_no_verdict(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        feed = app.screen
        with sqlite3.connect(db) as conn:
            before = conn.execute("SELECT MAX(id) FROM events").fetchone()[0]
        await pilot.press("slash")
        await typed(pilot, "bread")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is feed and app.session.list_source is None
        with sqlite3.connect(db) as conn:
            after = [a for (a,) in conn.execute("SELECT action FROM events WHERE id > ?", [before])]
        assert set(after) <= {"hold", "release"}  # the card was not seen meanwhile; nothing about taste


async def test_restricted_mode_hides_mature_videos_from_search(tmp_path, clock):
    videos = [*VIDEOS, make_video(40, title="Bread after dark", creator="late", mature=True)]
    app = make_app_for(tmp_path / "t.db", clock, videos=videos, restricted=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await typed(pilot, "bread")
        assert "Bread after dark" not in results(app) and len(results(app)) == 2


async def test_a_search_of_many_words_says_the_words_past_the_eighth_are_left_out(tmp_path, clock):
    """ "day" forty times then "storm" found the videos of "day": the words past the eighth were dropped unsaid."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await searching(app, pilot, "bread " * 8)
        assert "words are searched" not in status(app)
        await typed(pilot, "storm")
        assert results(app) and "(the first 8 words are searched)" in status(app), status(app)


def test_the_help_screen_lists_slash():
    assert ("/", "Search") in key_lines()
    assert any(b.key == "slash" and b.action == "search" for b in FeedScreen.BINDINGS)


async def test_typing_on_the_results_goes_on_in_the_input(tmp_path, clock):
    """Down picks a result; a letter typed then refines the search (it was lost), backspace too."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await typed(pilot, "bre")
        await pilot.press("down")
        await pilot.pause()
        field = app.screen.query_one("#search-input")
        assert app.screen.query_one("#search-results", OptionList).has_focus
        await typed(pilot, "ad da")
        assert field.value == "bread da" and field.has_focus
        assert results(app) == ["Sourdough bread, day 3"]
        await pilot.press("down", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert field.value == "bread" and sorted(results(app)) == ["Cooking bread at home", "Sourdough bread, day 3"]


async def test_at_60_columns_each_video_found_keeps_to_its_two_rows(tmp_path, clock):
    long = make_video(40, title="Sourdough bread, a long title " * 3, creator="a_rather_long_name", sound="x" * 40)
    app = make_app_for(tmp_path / "t.db", clock, videos=[*VIDEOS, long])
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await typed(pilot, "sourdough")
        listed = app.screen.query_one("#search-results", OptionList)
        assert listed.option_count == 2 and listed.virtual_size.height == 4


async def test_a_search_from_a_list_played_from_search_plays_its_own_list(tmp_path, clock):
    """Search, play a result, search again from that list and play a result: the app crashed (the first list's
    screen, stale, dismissed the second as it was mounted)."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        feed = app.screen
        for query, found in (("bread", {"t1", "t3"}), ("regex", {"t4"})):
            await pilot.press("slash")
            await pilot.pause()
            await typed(pilot, query)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, ListScreen) and app.session.list_source == f"search:{query}"
            assert app.session.card().video.id in found
        assert app.return_code is None and app.is_running
        await pilot.press("escape")  # back to the second search, with its words
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.query_one(Input).value == "regex"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is feed and app.session.list_source is None


async def test_escape_from_a_page_chosen_in_search_goes_back_to_the_search(tmp_path, clock):
    """A hashtag chosen in search opened its page, and escape went to the feed: the search and its words were
    gone, though a video chosen there came back to them."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        feed = app.screen
        await pilot.press("slash")
        await typed(pilot, "bak")
        listed = app.screen.query_one("#search-results", OptionList)
        tag = next(i for i in range(listed.option_count) if "#baking" in str(listed.get_option_at_index(i).prompt))
        listed.highlighted = tag
        listed.action_select()
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.value == "baking"
        await pilot.press("enter")  # a video of the page, then back to the page, then back to the search
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        for expected in (PageScreen, SearchScreen):
            await pilot.press("escape")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, expected)
        assert app.screen.query_one(Input).value == "bak"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is feed


async def test_a_search_made_while_a_page_s_list_plays_comes_back_to_its_words(tmp_path, clock):
    """Page, a video of it, then a search and a video found: escape went back to the page, not to the search."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.open_page("hashtag", "baking")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("slash")
        await typed(pilot, "regex")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.session.list_source == "search:regex"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.query_one(Input).value == "regex"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.value == "baking"


async def test_escape_from_a_page_opened_on_a_search_result_that_played_comes_back_to_the_search(tmp_path, clock):
    """Search, a video found, `o` for its creator's page, a video of the page: escape went back to the page, and
    escape again to the feed, the search and its words gone (the page's list had taken the search list's place)."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 32)) as pilot:
        feed = await searching(app, pilot, "bread")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.session.list_source == "search:bread"
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.session.list_source.startswith("page:creator:")
        for expected in (PageScreen, SearchScreen):
            await pilot.press("escape")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, expected)
        assert app.screen.query_one(Input).value == "bread" and len(results(app)) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is feed and app.session.list_source is None


async def test_keys_typed_faster_than_a_search_runs_stay_in_order(tmp_path, clock):
    """'c', Backspace, then 'sourdough bread' pasted or typed fast read 'csourdough brea': the Backspace took the
    long way (up to the app's bindings) while the letters after it went straight in."""
    from textual import events

    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        for key in ["c", "backspace", *"sourdough", "space", *"bread", "left", "backspace", "e"]:
            app.post_message(events.Key(key, " " if key == "space" else key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#search-input", Input).value == "sourdough breed"


async def test_down_down_enter_typed_at_once_plays_the_one_video_found_and_stays_on_it(tmp_path, clock):
    """Down, Down, Enter in one burst on a search with one video found: Enter played it, then the two Downs, typed
    for the search (the input had not let them go yet), came back up to the app after it and were taken by the
    card view's bindings: "The end of the list" and a view of the video left at once, never watched."""
    from textual import events

    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await searching(app, pilot, "regex")
        assert results(app) == ["Regex explained"]
        for key in ("down", "down", "enter"):
            app.post_message(events.Key(key, None))
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        assert app.session.list_place() == (1, 1)
        assert app.session.card().video.id == "t4"
        with sqlite3.connect(tmp_path / "t.db") as conn:
            left = conn.execute("SELECT COUNT(*) FROM events WHERE action = 'leave' AND video_id = 't4'").fetchone()
        assert left == (0,), "the video played from the search was never left"


async def test_a_search_and_its_choice_typed_at_once_play_what_typed_slowly_they_play(tmp_path, clock):
    """'/bread Down Down Enter' typed slowly plays the second video found; typed at once it played the first: the
    second Down still found the input focused (the first one's move to the results was done later), and the
    input's news of 'bread', coming after, searched again and put the choice back on the first result."""
    from textual import events

    played = []
    for at_once in (False, True):
        app = make_app_for(tmp_path / f"{at_once}.db", clock, videos=VIDEOS)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            for key, character in [("slash", "/"), *((c, c) for c in "bread"), ("down", None), ("down", None)]:
                app.post_message(events.Key(key, character))
                if not at_once:
                    await pilot.pause()
            app.post_message(events.Key("enter", None))
            for _ in range(6):
                await pilot.pause()
            assert isinstance(app.screen, ListScreen)
            played.append((app.session.list_place(), app.session.card().video.title))
    assert played[0] == played[1] == ((2, 2), "Cooking bread at home")


async def test_a_paste_and_the_enter_after_it_at_once_choose_from_what_the_paste_finds(tmp_path, clock):
    """A paste goes in its turn with the keys (`TypedInput`): pasted, then Enter at once, plays what the paste
    finds, not what the words before it found (here none)."""
    from textual import events

    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        app.post_message(events.Paste("regex"))
        app.post_message(events.Key("enter", None))
        for _ in range(6):
            await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.session.card().video.title == "Regex explained"


async def test_a_search_typed_at_once_with_its_slash_keeps_every_letter(tmp_path, clock):
    """`/regex` in one burst (typed fast, or pasted after the slash): the letters came before the search's input
    was mounted and focused, so they went to a screen with nothing to take them and the search opened empty."""
    from textual import events

    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for key, character in [("slash", "/"), *((c, c) for c in "regex")]:
            app.post_message(events.Key(key, character))
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "regex"


async def test_a_paste_longer_than_the_field_keeps_what_fits_and_says_so(tmp_path, clock):
    """208 characters pasted into search (it holds 200) left it empty, with only the terminal's bell (QA); in a
    comment (500) a 585-character paste too. What fits goes in, and a toast says how much did not."""
    from textual import events

    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"ab")
        await pilot.pause()
        field = app.screen.query_one("#search-input", Input)
        field.post_message(events.Paste("banana bread " * 16))
        await pilot.pause()
        assert field.value == ("ab" + "banana bread " * 16)[:200] and field.cursor_position == 200
        assert [str(n.message) for n in app._notifications] == [
            "Only the first 198 of the 208 characters pasted went in: this field holds 200 at most"
        ]
        await pilot.press("x")  # typed at the limit: refused, as before (the bell), and no toast for one key
        await pilot.pause()
        assert len(field.value) == 200 and len(app._notifications) == 1
        field.selection = type(field.selection)(0, 10)  # a paste over a selection has the selection's room too
        field.post_message(events.Paste("0123456789abcdef"))
        await pilot.pause()
        assert field.value.startswith("0123456789") and len(field.value) == 200
