"""The feed: one card fills the screen; keys and the mouse wheel swipe."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Click, MouseScrollDown, MouseScrollUp, Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from recommender.feed import Card, FeedSession

from ..widgets.action_rail import RailButton
from ..widgets.picture import Picture
from ..widgets.video_card import VideoCard

MIN_WIDTH, MIN_HEIGHT = 60, 20
"""Below this the card cannot be laid out; the screen asks for a bigger window."""
TICK = 1 / 15
"""Seconds between updates of what moves: 15 a second, the picture's full frame rate (it redraws only when its
frame changes; the playback bar only when its text does)."""
WHEEL_QUIET = 0.25
"""A wheel or trackpad gesture is one swipe: it ends after this many seconds without a wheel event."""
UNDO_SECONDS = 6.0
"""How long "not interested" can be taken back with u."""


class FeedScreen(Screen):
    """The For You feed."""

    BINDINGS = [
        Binding("j", "next", "Next", id="feed.next"),
        Binding("down", "next", "Next", show=False),
        Binding("k", "previous", "Prev", id="feed.previous"),
        Binding("up", "previous", "Prev", show=False),
        Binding("space", "pause", "Pause", show=False, id="feed.pause"),
        Binding("l", "like", "Like", id="feed.like"),
        Binding("r", "replay", "Replay", show=False, id="feed.replay"),
        Binding("s", "share", "Share", show=False, id="feed.share"),
        Binding("c", "comment", "Comment", show=False, id="feed.comment"),
        Binding("f", "follow", "Follow", show=False, id="feed.follow"),
        Binding("n", "not_interested", "Nope", id="feed.not_interested"),
        Binding("u", "undo", "Undo nope", show=False, id="feed.undo"),
        Binding("p", "app.push_screen('profile')", "Profile", id="feed.profile"),
        Binding("slash", "search", "Search", key_display="/", id="feed.search"),
    ]
    """Keys of the feed; the help screen and README list the same."""

    def __init__(self, session: FeedSession) -> None:
        super().__init__()
        self.session = session
        self._last_wheel = -1e9
        self._undo: tuple[int, float] | None = None
        """(view id, until when) of the "not interested" that u takes back."""
        self._shown: int | None = None
        self._number = 0
        self.chosen: tuple | None = None
        """What the last search chose (see `SearchScreen`): kept for list playback and pages to take up."""

    @property
    def motion(self) -> str:
        """full (15 frames a second), low (5) or off (a still frame): the viewer's remembered choice."""
        return str(self.session.setting("motion", "full"))

    def compose(self) -> ComposeResult:
        yield VideoCard(id="card")
        yield Static("", id="too-small", markup=False)
        yield Static("", id="empty", markup=False)
        yield Static("Still watching? Press any key to keep playing.", id="still", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.session.wait_for_draw = True  # a card is a view once it has reached the screen
        self.query_one(Picture).motion = self.motion
        self.set_interval(TICK, self._tick)
        # A file locked by another program for longer than the busy timeout: say so, j tries again.
        self._run(lambda: self._show(self.session.start()))

    def _show(self, card: Card | None) -> None:
        self.set_class(card is None, "-empty")
        self.query_one("#empty", Static).update(self.session.empty)
        if card is not None:
            video_card = self.query_one(VideoCard)
            if card.view_id != self._shown and self._shown is not None and self.motion != "off":
                video_card.slide_in(down=card.number < self._number)
            self._shown, self._number = card.view_id, card.number
            video_card.show(card, self.session.clock.utc().timestamp())
            # A card is a view once its picture is drawn for the terminal (the frame is written in the same update).
            self.query_one(Picture).when_drawn(partial(self.session.drawn, card.view_id))

    def _tick(self) -> None:
        if self.is_mounted:
            card = self.session.card()
            if card is not None:
                self.query_one(VideoCard).tick(card)
            self.set_class(card is not None and card.idle, "-idle")

    @property
    def can_act(self) -> bool:
        """A card is on screen and can be seen: keys that act on it do something."""
        return self.session.on_screen and not self.has_class("-too-small")

    def on_key(self) -> None:
        self.session.wake()  # any key answers "still watching?"

    # -- a window too small, another screen on top: the card is not seen ------------------

    def on_resize(self, event: Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        self.query_one("#too-small", Static).update(
            f"Make the window at least {MIN_WIDTH}x{MIN_HEIGHT} (now {event.size.width}x{event.size.height})"
            if small
            else ""
        )
        self._run(lambda: (self.session.hold if small else self.session.release)("small"))

    def on_screen_suspend(self) -> None:
        self._run(lambda: self.session.hold("screen"))

    def on_screen_resume(self) -> None:
        self._run(lambda: self.session.release("screen"))
        if not self.session.on_screen:  # the rules may allow something now (an unmute on the profile)
            self._run(lambda: self._show(self.session.start()))

    # -- actions ----------------------------------------------------------------------

    def _run(self, action: Callable[[], object]) -> None:
        """Do one action; if the data file refuses the write, say so in one line and stay on the card."""
        try:
            action()
        except sqlite3.Error as err:
            self.notify(
                f"Could not save to {self.session.store.path}: {err}. Nothing changed; try again.",
                title="Not saved",
                severity="error",
            )

    def _on_card(self, action: Callable[[], object]) -> None:
        """An action on the card: only while one is on screen and can be seen."""
        if self.can_act:
            self._run(action)
            self._tick()

    def action_next(self) -> None:
        if not self.has_class("-too-small"):
            self._run(lambda: self._show(self.session.next()))

    def action_previous(self) -> None:
        if not self.has_class("-too-small"):
            self._run(self._previous)

    def _previous(self) -> None:
        if self.session.at == 0:
            self.notify("This is the first card.")
        else:
            self._show(self.session.previous())

    def action_pause(self) -> None:
        self._on_card(self.session.toggle_pause)

    def action_like(self) -> None:
        self._on_card(self._like)

    def _like(self) -> None:
        if self.session.toggle_like() and self.motion != "off":
            self.query_one(VideoCard).burst()

    @on(RailButton.Pressed)
    async def _rail(self, event: RailButton.Pressed) -> None:
        """A click on a rail icon does what its key does."""
        self.session.wake()
        await self.run_action(event.action)

    def on_click(self, event: Click) -> None:
        self.session.wake()
        if (
            event.chain == 2
            and self.can_act
            and self.query_one("#frame").region.contains(event.screen_x, event.screen_y)
        ):
            self._on_card(self._like_once)  # a double click on the frame likes, as in the apps

    def _like_once(self) -> None:
        card = self.session.card()
        if card is not None and not card.liked:
            self._like()

    def action_replay(self) -> None:
        self._on_card(self.session.replay)

    def action_share(self) -> None:
        self._on_card(self._share)

    def _share(self) -> None:
        link = self.session.share()
        self.app.copy_to_clipboard(link)
        # The clipboard sequence (OSC 52) is sent; whether the terminal honours it cannot be known here.
        self.notify(
            f"Link: {link} (sent to your terminal's clipboard with OSC 52, if it allows that; or copy it from here)",
            title="Shared",
            timeout=12,
        )

    def action_comment(self) -> None:
        if not self.can_act:
            return

        def save(text: str | None) -> None:
            if text:
                self._run(lambda: self.session.comment(text))
                self.notify("Comment saved.")
                self._tick()

        from .comment import CommentScreen

        self.app.push_screen(CommentScreen(), save)

    def action_search(self) -> None:
        from .search import SearchScreen

        def chosen(result: tuple | None) -> None:
            if result is not None:
                self.chosen = result  # playing a list and opening pages come with those features

        self.app.push_screen(SearchScreen(self.session), chosen)

    def action_follow(self) -> None:
        self._on_card(self._follow)

    def _follow(self) -> None:
        following = self.session.toggle_follow()
        creator = self.session.current.rec.video.creator  # type: ignore[union-attr]
        self.notify(f"{'Following' if following else 'Unfollowed'} @{creator}")

    def action_not_interested(self) -> None:
        if self.can_act:
            self._run(self._not_interested)

    def _not_interested(self) -> None:
        view_id = self.session.current.view_id  # type: ignore[union-attr]
        self._show(self.session.not_interested())
        self._undo = (view_id, self.session.clock.monotonic() + UNDO_SECONDS)
        self.notify(
            "Not interested: fewer videos like that one, its creator and its sound. Press u to undo.",
            timeout=UNDO_SECONDS,
        )

    def action_undo(self) -> None:
        if self._undo is None or self.session.clock.monotonic() > self._undo[1]:
            return
        view_id, self._undo = self._undo[0], None
        self._run(
            lambda: self.notify(
                "Undone: that video counts as a plain swipe again."
                if self.session.undo_not_interested(view_id)
                else "Too late to undo: the feed has learned from newer cards."
            )
        )

    @on(MouseScrollDown)
    def _wheel_down(self) -> None:
        if self._wheel():
            self.action_next()

    @on(MouseScrollUp)
    def _wheel_up(self) -> None:
        if self._wheel():
            self.action_previous()

    def _wheel(self) -> bool:
        """True for the first wheel event of a gesture; a burst moves one card."""
        now = self.session.clock.monotonic()
        first = now - self._last_wheel >= WHEEL_QUIET
        self._last_wheel = now
        return first
