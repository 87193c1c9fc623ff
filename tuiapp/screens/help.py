"""The keys, generated from the bindings so they never disagree."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
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
        if not b.description:  # a key kept from doing what it does elsewhere (q on the post form): nothing to list
            continue
        merged.setdefault(b.action, []).append(b.key_display or b.key)
        labels.setdefault(b.action, b.description)
    rows = [(" / ".join(keys), labels.get(action, action)) for action, keys in merged.items()]
    if bindings is not None:
        return rows
    pages = [("enter", "On a page: play from that video"), ("escape", "On a page or list: back")]
    posting = [("P", "Post a video (any screen)"), ("V", "My videos: your posts (any screen)")]
    palette = ("ctrl+p", "Command palette: themes, keys, screenshot, motion, screen time")
    mouse = [
        ("wheel", "Next / previous"),
        ("click", "A rail icon, the creator, a hashtag, the sound: as its key"),
        ("double click", "On the picture: like (never unlikes)"),
    ]
    return [*rows, *pages, *mouse, *posting, palette, ("?", "Help"), ("q", "Quit")]


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
        (
            "A page or Saved",
            [  # f where there is a creator to follow: Saved's footer has none
                (keys, f"{what} (a creator's page)" if keys == "f" else what)
                for keys, what in [*key_lines(PageScreen.BINDINGS), *lists]
            ],
        ),
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
                for keys, what in rows:  # two columns: a row that wraps goes on under its words, not under the keys
                    with Horizontal(classes="help-row"):
                        yield Static(Content.styled(keys, "bold $accent"), classes="help-keys")
                        yield Static(Content(what), classes="help-what")
            yield Label("Escape closes this.", classes="dim", markup=False)

    def on_screen_resume(self) -> None:
        """Opened again (the app keeps this screen): from the top, not where it was scrolled to last time."""
        self.query_one("#help-box", VerticalScroll).scroll_home(animate=False)
