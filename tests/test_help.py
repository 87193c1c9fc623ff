"""Help lists every key of every screen: taken from the bindings, so a new key cannot be left out."""

from __future__ import annotations

from tuiapp.screens.feed import FeedScreen
from tuiapp.screens.help import HelpScreen, sections
from tuiapp.screens.history import HistoryScreen
from tuiapp.screens.page import PageScreen
from tuiapp.screens.profile import ProfileScreen
from tuiapp.screens.screen_time import ScreenTimeScreen
from tuiapp.screens.search import SearchScreen
from tuiapp.screens.settings import SettingsScreen

from .conftest import make_app_for


def test_every_binding_of_every_screen_is_in_help():
    listed = {keys for _, rows in sections() for keys, _ in rows}
    shown = " / ".join(listed).split(" / ")
    for screen in (
        FeedScreen,
        PageScreen,
        HistoryScreen,
        ProfileScreen,
        SettingsScreen,
        SearchScreen,
        ScreenTimeScreen,
    ):
        for binding in screen.BINDINGS:
            for key in binding.key.split(","):
                assert (binding.key_display or key) in shown, f"{screen.__name__}: {key} is not in help"


def test_the_keys_of_every_screen_are_in_help_the_palette_too():
    from tuiapp.app import TikTuiApp

    shown = " / ".join(keys for _, rows in sections() for keys, _ in rows).split(" / ")
    for binding in TikTuiApp.BINDINGS:
        assert (binding.key_display or binding.key) in shown, f"{binding.key} is not in help"
    assert TikTuiApp.COMMAND_PALETTE_BINDING in shown, "the command palette's key is not in help"


async def test_help_opens_over_the_feed_and_scrolls_to_the_last_screen(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        box.scroll_end(animate=False)
        await pilot.pause()
        assert box.scroll_y > 0 and box.max_scroll_y > 0  # more than a screen: it scrolls
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen)
        await pilot.press("question_mark")  # opened again: from the top (it opened where it was left)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.query_one("#help-box").scroll_y == 0


async def test_a_key_of_every_screen_works_from_help_too(tmp_path, clock):
    """P on help closed it and opened no form: help lists P as working on any screen."""
    from tuiapp.screens.post import PostScreen

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PostScreen)


async def test_a_long_line_of_help_wraps_under_its_words_and_every_key_says_what_it_does(tmp_path, clock):
    """'ctrl+p  Command palette: themes, keys,' went on as 'screenshot, motion, screen time' at the box's left edge,
    under the keys; and the post form's q (kept from quitting there) would have been listed with no words."""
    from textual.geometry import Region
    from textual.widgets import Static

    assert all(what for _, rows in sections() for _, what in rows)
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        rows = list(app.screen.query(".help-row"))
        palette = next(r for r in rows if str(r.query_one(".help-keys", Static).visual) == "ctrl+p")
        what = palette.query_one(".help-what", Static)
        lines = [s.text.rstrip() for s in what.render_lines(Region(0, 0, *what.size))]
        assert len(lines) >= 2 and " ".join(lines).startswith("Command palette: themes, keys,"), lines
        assert what.region.x - palette.region.x == 14, "its second row under its words, not under the keys"
        # A space between every key and its words: "double click" filled the keys' 12 cells ("double clickOn the
        # picture: like").
        for row in rows:
            keys = row.query_one(".help-keys", Static)
            assert len(str(keys.visual)) < keys.region.width, str(keys.visual)


async def test_help_fits_a_window_narrower_than_its_box(tmp_path, clock):
    """QA: at 40x12 the help box (60 wide) lost its right border and the ends of its lines."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        region = app.screen.query_one("#help-box").region
        assert region.x >= 0 and region.right <= 40
