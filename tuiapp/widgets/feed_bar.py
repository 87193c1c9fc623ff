"""The line above the card: which feed is playing (each name clickable), or which list and where in it."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from recommender.feeds import FEED_TITLES

from ..safe_text import safe, safe_line
from .in_place import put

LIST_LIMIT = 60
"""Cells of a list's name (it names a creator, hashtag or sound from the catalog): counted in cells, not characters,
so a name of wide emoji cannot push "escape: back" off the line."""


def feed_tabs(current: str) -> Content:
    """`For You  Following  STEM` with the feed in use marked; a click on a name switches to it.

    >>> feed_tabs("stem").plain
    ' 1 For You   2 Following   3 STEM '
    """
    parts = []
    for n, (feed, title) in enumerate(FEED_TITLES.items(), 1):
        style = "bold reverse $accent" if feed == current else "dim"
        # The action names a feed from tiktui's own table, never catalog text.
        click = Style.from_meta({"@click": f"screen.feed('{feed}')"})
        parts.append(Content.styled(f" {n} {title} ", style).stylize(click))
    return Content(" ").join(parts)


BACK = " · escape: back"


def list_line(reason: str, place: tuple[int, int] | None, width: int = 0) -> Content:
    """`▶ from @ana's page · 3 of 12 · escape: back` for a list being played; in `width` cells when given, the name
    cut to leave room for where the list is and how to leave it (at 60 columns both were cut off).

    >>> line = list_line("from the page of the sound " + "\U0001f468" * 40, (1, 1))
    >>> line.cell_length <= 2 + LIST_LIMIT + len(" · 1 of 1 · escape: back"), line.plain.endswith("escape: back")
    (True, True)
    >>> list_line("from the page of the sound Lo-fi Parade - Kaia Rowe", (1, 36), 60).plain
    '▶ from the page of the sound Lo-fi… · 1 of 36 · escape: back'
    """
    where = f" · {place[0]} of {place[1]}" if place else ""
    limit = LIST_LIMIT if width <= 0 else max(8, min(LIST_LIMIT, width - 2 - len(where) - len(BACK)))
    name = safe(reason, "bold").truncate(limit, ellipsis=True)
    return safe_line(("▶ ", "bold $accent"), name, where, (BACK, "dim"))


class FeedBar(Static):
    """Which feed or list the card comes from."""

    listed: tuple[str, tuple[int, int] | None] | None = None
    """The list on show (its reason and place), drawn again to a new width."""

    def show_feed(self, feed: str) -> None:
        self.listed = None
        put(self, feed_tabs(feed))

    def show_list(self, reason: str, place: tuple[int, int] | None) -> None:
        self.listed = (reason, place)
        put(self, list_line(reason, place, self.content_size.width))

    def on_resize(self) -> None:
        if self.listed is not None:
            put(self, list_line(*self.listed, self.content_size.width))
