"""The feed: one card fills the screen; keys and the mouse wheel swipe."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import MouseScrollDown, MouseScrollUp, Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from recommender.feed import Card, FeedSession

from ..widgets.video_card import VideoCard
from .comment import CommentScreen

MIN_WIDTH, MIN_HEIGHT = 60, 20
"""Below this the card cannot be laid out; the screen asks for a bigger window."""
TICK = 0.1
"""Seconds between playback bar updates."""


class FeedScreen(Screen):
    """The For You feed."""

    BINDINGS = [
        Binding("j", "next", "Next", id="feed.next"),
        Binding("down", "next", "Next", show=False),
        Binding("k", "previous", "Prev", id="feed.previous"),
        Binding("up", "previous", "Prev", show=False),
        Binding("space", "pause", "Pause", id="feed.pause"),
        Binding("l", "like", "Like", id="feed.like"),
        Binding("r", "replay", "Replay", id="feed.replay"),
        Binding("s", "share", "Share", id="feed.share"),
        Binding("c", "comment", "Comment", id="feed.comment"),
        Binding("f", "follow", "Follow", id="feed.follow"),
        Binding("n", "not_interested", "Nope", id="feed.not_interested"),
        Binding("p", "app.push_screen('profile')", "Profile", id="feed.profile"),
    ]
    """Keys of the feed; the help screen and README list the same."""

    def __init__(self, session: FeedSession) -> None:
        super().__init__()
        self.session = session
        self._held = False

    def compose(self) -> ComposeResult:
        yield VideoCard(id="card")
        yield Static("", id="too-small", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show(self.session.start())
        self.set_interval(TICK, self._tick)

    def _show(self, card: Card) -> None:
        self.query_one(VideoCard).show(card, self.session.clock.utc().timestamp())

    def _tick(self) -> None:
        if self.session_ready:
            self.query_one(VideoCard).tick(self.session.card())

    @property
    def session_ready(self) -> bool:
        return self.is_mounted and self.session.on_screen

    # -- a window too small --------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        self.query_one("#too-small", Static).update(
            f"Make the window at least {MIN_WIDTH}x{MIN_HEIGHT} (now {event.size.width}x{event.size.height})"
            if small else "")

    # -- leaving and coming back: playback holds where it was --------------------

    def on_screen_suspend(self) -> None:
        if self.session_ready and not self.session.card().paused:
            self.session.toggle_pause()
            self._held = True

    def on_screen_resume(self) -> None:
        if self._held and self.session_ready:
            self.session.toggle_pause()
        self._held = False

    # -- actions ----------------------------------------------------------------------

    def _run(self, action: Callable[[], object]) -> None:
        """Do one action; if the data file refuses the write, say so in one line and stay on the card."""
        try:
            action()
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}. The card stays; try again.",
                        title="Not saved", severity="error", markup=False)

    def action_next(self) -> None:
        self._run(lambda: self._show(self.session.next()))

    def action_previous(self) -> None:
        self._run(self._previous)

    def _previous(self) -> None:
        card = self.session.previous()
        if card is None:
            self.notify("This is the first card.", markup=False)
        else:
            self._show(card)

    def action_pause(self) -> None:
        self._run(self.session.toggle_pause)
        self._tick()

    def action_like(self) -> None:
        self._run(self.session.toggle_like)
        self._tick()

    def action_replay(self) -> None:
        self._run(self.session.replay)
        self._tick()

    def action_share(self) -> None:
        self._run(self._share)

    def _share(self) -> None:
        link = self.session.share()
        self.app.copy_to_clipboard(link)
        self.notify(f"Link copied: {link}", title="Shared", markup=False)
        self._tick()

    def action_comment(self) -> None:
        def save(text: str | None) -> None:
            if text:
                self._run(lambda: self.session.comment(text))
                self.notify("Comment saved.", markup=False)
                self._tick()

        self.app.push_screen(CommentScreen(), save)

    def action_follow(self) -> None:
        self._run(self._follow)

    def _follow(self) -> None:
        following = self.session.toggle_follow()
        creator = self.session.card().video.creator
        self.notify(f"{'Following' if following else 'Unfollowed'} @{creator}", markup=False)
        self._tick()

    def action_not_interested(self) -> None:
        self._run(lambda: self._show(self.session.not_interested()))

    @on(MouseScrollDown)
    def _wheel_down(self) -> None:
        self.action_next()

    @on(MouseScrollUp)
    def _wheel_up(self) -> None:
        self.action_previous()
