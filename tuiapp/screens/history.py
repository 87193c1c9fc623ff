"""History: the cards watched, newest first, what was done on each and why it was picked; remove one (d)."""

from __future__ import annotations

import sqlite3
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from recommender.feed import FeedSession

from ..safe_text import safe, safe_line
from ..widgets.genre_bars import cells
from .confirm import AskScreen

LIMIT = 200
"""Cards listed at first, newest first; each choice of the last row ("older cards") lists as many more."""
MORE = "more"
"""The id of that last row, while older cards are left out."""
ABOUT = "History: newest first. Enter plays from a card; d removes it and what it taught."
DONE = (
    ("liked", "liked"),
    ("shared", "shared"),
    ("commented", "commented"),
    ("saved", "saved"),
    ("followed", "followed"),
)


def what_was_done(row: dict[str, Any]) -> str:
    """`watched 80% · looped 2 · liked`: the card as it was left, in words."""
    parts = [f"watched {min(1.0, row['watch_ratio'] or 0):.0%}"]
    if row["loops"]:
        parts.append(f"looped {row['loops']}")
    parts.extend(word for column, word in DONE if row.get(column))
    if row.get("not_interested"):
        parts.append("not interested")
    return " · ".join(parts)


BEFORE_REFRESH = "before the refresh · "
"""The mark of a card watched before a refresh of For You (its history is kept; it taught the profile put aside)."""


def history_title(row: dict[str, Any]) -> str:
    """A history row's title, or its id when the video has left the catalog."""
    return row["title"] if row["title"] is not None else f"{row['video_id']} (no longer in the catalog)"


def history_line(row: dict[str, Any], before_refresh: bool = False) -> Content:
    """Two lines: the title and creator; what was done, and why it was picked (first, when the card was watched
    before a refresh of For You, that mark: at the end of a long reason it was cut off)."""
    return Content("\n  ").join(
        [
            safe_line(
                cells(history_title(row), 44, "bold"), "  ", safe("@" + str(row["creator"] or ""), "dim", limit=30)
            ),
            safe_line(
                (BEFORE_REFRESH if before_refresh else "", "$warning"),
                what_was_done(row),
                (" · why: ", "dim"),
                safe(row["reason"] or "", "dim", limit=80),
            ),
        ]
    )


class HistoryScreen(Screen):
    """The history; Enter plays from a card, d removes it and what it taught."""

    rows: list[dict[str, Any]] = []  # the rows listed now (replaced, never changed in place)
    limit = LIMIT
    """Cards listed now: History stopped at the newest 200 without a word, the older ones out of reach (QA)."""
    newest = False
    """Opened anew (`TikTuiApp.action_history`): the next refresh highlights the newest row."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="history.back"),
        Binding("d", "remove", "Remove (and what it taught)", id="history.remove"),
    ]

    @property
    def session(self) -> FeedSession:
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static(
            "History: newest first. Enter plays from a card; d removes it and what it taught.",
            id="history-about",
            markup=False,
        )
        yield OptionList(id="history")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_history()

    def on_screen_resume(self) -> None:
        # Back from a card played from here: that card is done with (a choice here plays a list of its own, escape
        # goes back to the feed), so its view is left now and is History's newest row, not held until History closes.
        if self.session.list_source == "history" and self.session.list is not None:
            try:
                self.session.close_list()
            except sqlite3.Error as err:
                self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error")
        self.refresh_history()

    def refresh_history(self) -> None:
        options = self.query_one("#history", OptionList)
        highlighted = None if self.newest else options.highlighted
        self.newest = False
        was = self.rows[highlighted]["id"] if highlighted is not None and highlighted < len(self.rows) else None
        rows = self.session.history_rows(self.limit + 1)
        self.rows = rows[: self.limit]
        ids = [row["id"] for row in self.rows]
        if was in ids:  # the same card stays highlighted when views were added above it (one played from here)
            highlighted = ids.index(was)
        options.clear_options()
        if not self.rows:
            options.add_option(Option(Content("No cards watched yet."), disabled=True))
            return
        before = self.session.before_refresh
        options.add_options([Option(history_line(row, before(row["id"])), id=str(row["id"])) for row in self.rows])
        if len(rows) > self.limit:
            older = Content.styled(f"Older cards: Enter lists {LIMIT} more", "$accent")
            options.add_option(Option(older, id=MORE))
        options.highlighted = min(highlighted or 0, options.option_count - 1)

    @on(OptionList.OptionSelected, "#history")
    def _play(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE:  # the first older card takes that row's place, highlighted
            self.limit += LIMIT
            self.refresh_history()
            return
        ids = [row["video_id"] for row in self.rows]
        self.app.play_list("history", ids, event.option_index)  # type: ignore[attr-defined]

    def action_remove(self) -> None:
        options = self.query_one("#history", OptionList)
        if options.highlighted is None or options.highlighted >= len(self.rows):  # none, or "older cards"
            return
        row = self.rows[options.highlighted]
        on_screen = self.session.current
        if on_screen is not None and on_screen.view_id == row["id"]:  # came back to with k: forget_view refused it
            self.notify(
                "That card is the one on screen (you went back to it): swipe past it, then remove it here.",
                title="Not removed",
                severity="warning",
            )
            return
        question = (
            f"Remove “{history_title(row)}” from your history? What it taught goes with it: the feed learns "
            "again without it. This cannot be undone. Your data file keeps its record, marked removed (an export "
            "shows it); Delete all my data, in settings, erases everything."
        )
        self.app.push_screen(AskScreen(question), lambda yes: self._remove(row) if yes else None)

    def _remove(self, row: dict[str, Any]) -> None:
        try:
            self.session.forget_view(row["id"])
        except ValueError as err:  # gone meanwhile, or on screen now
            self.notify(f"{err}; nothing was removed.", title="Not removed", severity="warning")
            return
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not removed", severity="error")
            return
        self.notify("Removed from your history; the feed learned again without it.")
        self.refresh_history()
