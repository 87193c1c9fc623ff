"""A page to play from: a creator's videos (follow them here), a hashtag's, a sound's, or the Saved list."""

from __future__ import annotations

import sqlite3

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from recommender.feed import FeedSession
from recommender.video import Video
from recommender.words import plural

from ..safe_text import safe, safe_line
from ..widgets.action_rail import compact
from ..widgets.genre_bars import cells
from ..widgets.playback_bar import length_text

TITLE_CELLS = 44
"""Cells of a video's title in the list, at most."""
ROW_CELLS = 48
"""Cells a row takes besides its title (views, likes and the viewer's heart, length, seen: 42) with the list's
border, padding and scrollbar: the title takes what is left, so the row keeps to one line (at 80 columns "views
269 likes 0:22 seen" ran onto a second at the list's edge)."""
NAME_LIMIT = 60
"""Characters of the page's creator, hashtag or sound in its heading."""


def page_title(kind: str, value: str) -> Content:
    """The page's heading: `@ana`, `#noodles`, `♫ a sound`, or `Saved`."""
    if kind == "creator":
        return safe("@" + value, "bold", limit=NAME_LIMIT)
    if kind == "hashtag":
        return safe("#" + value, "bold", limit=NAME_LIMIT)
    if kind == "sound":
        return safe_line(("♫ ", "bold"), safe(value, "bold", limit=NAME_LIMIT))
    return Content.styled("Saved", "bold")


def video_row(video: Video, seen: bool, title_cells: int = TITLE_CELLS, liked: bool = False) -> Content:
    """One video of a page: its title, the audience's views and likes (the viewer's like counted in and marked, as
    the card's rail does), its length, and whether it was seen."""
    return Content.assemble(
        cells(video.title, title_cells, "bold" if not seen else ""),
        "  ",
        safe_line(
            (f"{compact(video.views):>6} views", "dim"),
            (f" {compact(video.likes + liked):>6} likes", "dim"),
            (" ♥" if liked else "  ", "bold $error"),
            f"  {length_text(video.duration_s)}",
            ("  seen" if seen else "  new", "dim" if seen else "bold $accent"),
        ),
    )


class PageScreen(Screen):
    """A list of videos to play from: Enter (or a click) plays the list from that video in the card view."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="page.back"),
        Binding("f", "follow", "Follow/unfollow", id="page.follow"),
    ]
    """Keys of a page (and the list's own: up, down, enter)."""

    def __init__(self, kind: str, value: str = "", searched: str | None = None) -> None:
        super().__init__()
        self.searched = searched
        """The words of the search this page was chosen from: escape goes back to it (None: opened otherwise)."""
        self.kind = kind
        """creator, hashtag, sound, or saved."""
        self.value = value
        self.videos: list[Video] = []
        self.more = False
        """The catalog holds more of the page's videos than it lists (`PAGE_LIMIT`): the header says so."""

    @property
    def session(self) -> FeedSession:
        return self.app.session  # type: ignore[attr-defined]

    @property
    def source(self) -> str:
        """What the views played from this page are recorded as coming from."""
        return "saved" if self.kind == "saved" else f"page:{self.kind}:{self.value}"

    def compose(self) -> ComposeResult:
        yield Static(id="page-title", markup=False)
        yield Static(id="page-about", markup=False)
        yield OptionList(id="page-videos")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_page()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_page()

    def on_resize(self) -> None:
        self.refresh_page()  # the titles take the width there is

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "follow":  # a creator's page, not the viewer's own (`FeedSession.may_follow`)
            return self.kind == "creator" and self.session.may_follow(self.value)
        return True

    def refresh_page(self) -> None:
        """Read the page's videos again (what is seen, what is saved, may have changed)."""
        if self.kind == "saved":
            self.videos, self.more = self.session.saved_videos(), False
        else:
            self.videos, self.more = self.session.page_listing(self.kind, self.value)
        self.query_one("#page-title", Static).update(page_title(self.kind, self.value))
        self.query_one("#page-about", Static).update(self._about())
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        title = max(10, min(TITLE_CELLS, self.size.width - ROW_CELLS))
        liked = self.session.state.liked
        options.add_options(
            [
                Option(video_row(v, self.session.seen(v.id), title, v.id in liked), id=str(i))
                for i, v in enumerate(self.videos)
            ]
        )
        if self.videos:
            options.highlighted = min(highlighted or 0, len(self.videos) - 1)

    def _about(self) -> Content:
        count = len(self.videos)
        if not count:
            hidden = len(self.session.state.saved_ids()) if self.kind == "saved" else 0
            if hidden:  # it said "Nothing saved yet" of videos restricted mode hid
                return Content(
                    f"{plural(hidden, 'saved video')}, hidden by restricted mode, your mutes or keyword filters "
                    "(settings: ,)."
                )
            if self.kind == "saved":
                return Content("Nothing saved yet: press b on a card to save it.")
            if (self.kind, self.value) in self.session.state.muted:
                return Content(f"No videos: you muted this {self.kind} (settings: , to unmute).")
            if self.session.hides_any:
                return Content("No videos to show: your mutes, keyword filters or restricted mode hide them.")
            return Content("No videos.")
        order = "newest first" if self.kind in ("creator", "saved") else "the audience's favourites first"
        videos = plural(count, "video")
        if self.more:  # the first PAGE_LIMIT of more: not the count of the creator's, hashtag's or sound's videos
            videos = f"{videos} (the {'newest' if self.kind == 'creator' else 'best'} of more)"
        parts: list[str | tuple[object, str] | Content] = [f"{videos}, {order} · enter plays from there"]
        if self.kind == "creator" and self.value == self.session.own_handle:
            parts.append((" · your own videos (V: My videos)", "dim"))
        elif self.kind == "creator":
            following = self.value in self.session.profile.following
            parts.append((" · following ✓ (f unfollows)" if following else " · f follows", "bold $accent"))
        return safe_line(*parts)

    @on(OptionList.OptionSelected, "#page-videos")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.app.play_list(self.source, [v.id for v in self.videos], event.option_index)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        if self.is_current:
            self.dismiss()
            if self.searched is not None:  # the search screen was closed to open this page: back to it
                words = self.searched
                self.app.call_later(lambda: self.app.search(words))  # type: ignore[attr-defined]

    def action_follow(self) -> None:
        following = self.value not in self.session.profile.following
        try:
            self.session.set_following(self.value, following)
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error")
            return
        self.notify(f"{'Following' if following else 'Unfollowed'} @{self.value}")
        self.query_one("#page-about", Static).update(self._about())
