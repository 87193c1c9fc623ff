"""The keys, generated from the bindings so they never disagree."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
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
    return [*rows, *pages, ("wheel", "Next / previous"), ("?", "Help"), ("q", "Quit")]


class HelpScreen(ModalScreen[None]):
    """What each key does."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label("tiktui keys", classes="heading", markup=False)
            yield Static(
                Content("\n").join(
                    Content.assemble((keys.ljust(10), "bold $accent"), what) for keys, what in key_lines()
                )
            )
            yield Label("On the profile", classes="heading", markup=False)
            yield Static(
                Content("\n").join(
                    Content.assemble((keys.ljust(10), "bold $accent"), what)
                    for keys, what in key_lines(ProfileScreen.BINDINGS)
                )
            )
            yield Label("Escape closes this.", classes="dim", markup=False)
