"""The keys, generated from the bindings so they never disagree."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from .feed import FeedScreen
from .profile import ProfileScreen


def key_lines(bindings: list | None = None) -> list[tuple[str, str]]:
    """(keys, what they do) for every feed action (or those of `bindings`), aliases joined: 'j / down'."""
    merged: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for b in FeedScreen.BINDINGS if bindings is None else bindings:
        merged.setdefault(b.action, []).append(b.key_display or b.key)
        labels.setdefault(b.action, b.description)
    rows = [(" / ".join(keys), labels.get(action, action)) for action, keys in merged.items()]
    if bindings is not None:
        return rows
    pages = [("enter", "On a page: play from that video"), ("escape", "On a page or list: back")]
    posting = [("P", "Post a video (any screen)"), ("V", "My videos: your posts (any screen)")]
    palette = ("ctrl+p", "Command palette: themes, keys, screenshot, motion, screen time")
    return [*rows, *pages, ("wheel", "Next / previous"), *posting, palette, ("?", "Help"), ("q", "Quit")]


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every screen's keys, from its bindings, with the keys its lists and fields take (Enter, arrows)."""
    from .history import HistoryScreen
    from .list_play import ListScreen
    from .my_videos import MyVideosScreen
    from .page import PageScreen
    from .post import PostScreen
    from .screen_time import ScreenTimeScreen
    from .search import SearchScreen
    from .settings import SettingsScreen

    lists = [("up / down", "Move in the list"), ("enter", "Play from that video")]
    return [
        ("The feed", key_lines()),
        ("Playing a list (a page, Saved, search, history)", [*key_lines(ListScreen.BINDINGS), ("j / k", "Walk it")]),
        ("A page or Saved", [*key_lines(PageScreen.BINDINGS), *lists]),
        ("Search", [("type", "Results as you type"), *key_lines(SearchScreen.BINDINGS), ("enter", "Choose")]),
        ("History", [*key_lines(HistoryScreen.BINDINGS), *lists]),
        ("The profile", key_lines(ProfileScreen.BINDINGS)),
        (
            "Settings",
            [("tab", "Next section"), ("enter", "Act on what is highlighted"), *key_lines(SettingsScreen.BINDINGS)],
        ),
        ("Screen time", [("enter", "Save a field (empty: off)"), *key_lines(ScreenTimeScreen.BINDINGS)]),
        ("Post a video", [("enter", "Next field (posts from the last)"), *key_lines(PostScreen.BINDINGS)]),
        (
            "My videos",
            [
                ("up / down", "Move in the list"),
                ("tab", "To the details and figures: up / down scroll them"),
                *key_lines(MyVideosScreen.BINDINGS),
            ],
        ),
    ]


class HelpScreen(ModalScreen[None]):
    """What each key does, on every screen."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
        Binding("P", "then('post')", "Post a video", show=False),
        Binding("V", "then('my_videos')", "My videos", show=False),
    ]
    """A modal screen hides the app's keys: the two it lists as working on any screen close help, then act."""

    def action_then(self, action: str) -> None:
        self.dismiss()
        self.app.call_later(getattr(self.app, f"action_{action}"))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Label("tiktui keys (scroll for every screen's)", classes="heading", markup=False)
            for title, rows in sections():
                yield Label(title, classes="heading", markup=False)
                yield Static(
                    Content("\n").join(Content.assemble((keys.ljust(12), "bold $accent"), what) for keys, what in rows)
                )
            yield Label("Escape closes this.", classes="dim", markup=False)

    def on_screen_resume(self) -> None:
        """Opened again (the app keeps this screen): from the top, not where it was scrolled to last time."""
        self.query_one("#help-box", VerticalScroll).scroll_home(animate=False)
