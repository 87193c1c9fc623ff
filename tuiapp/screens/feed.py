"""The feed: one card fills the screen; keys and the mouse wheel swipe."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Click, Key, MouseScrollDown, MouseScrollUp, Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from recommender.cards import Card
from recommender.feed import FeedSession
from recommender.feeds import FEEDS
from recommender.screen_time import TIMER, clock_text

from .. import collector
from ..widgets.action_rail import RailButton
from ..widgets.feed_bar import FeedBar
from ..widgets.in_place import put
from ..widgets.picture import Picture
from ..widgets.video_card import VideoCard

MIN_WIDTH, MIN_HEIGHT = 60, 20
"""Below this the card cannot be laid out; the screen asks for a bigger window."""
TICK = 1 / 15
"""Seconds between updates of what moves: 15 a second, the picture's full frame rate (it redraws only when its
frame changes; the playback bar only when its text does)."""
STILL_EVERY = 3
"""With `--motion off` the picture is a still: only every third tick (5 a second) looks at the card, which is then
the playback bar alone (a second of its clock shows up to 0.2 s late, as with `--motion low`)."""
WARM_AFTER = 0.2
"""Seconds after a card reached the terminal that the feed reads ahead what its next pick walks (0.5-2.5 ms), and
after the first card what the first trial slot walks (some 25 ms): the viewer is reading that card, no key is
waiting. (It was 1.5 s after the feed opened, when a viewer who swipes at once pressed the first or second key,
which then waited behind it.)"""
WHEEL_QUIET = 0.25
"""A wheel or trackpad gesture is one swipe: it ends after this many seconds without a wheel event."""
ONLY_WAKES = frozenset({"space", "l", "r", "s", "c", "f", "n", "u", "b", "x"})
"""Keys that only answer "Still watching? Press any key to keep playing." while it is up: they act on the card,
and a like, a save or a "not interested" the viewer did not see happen is not theirs (space paused it again). The
keys that move (j, k, the feeds, pages, screens) still do both: the viewer is there."""
UNDO_SECONDS = 6.0
"""How long "not interested" can be taken back with u."""
REMINDER_SECONDS = 12
"""How long a screen-time reminder stays up: a toast, so the feed keeps working under it."""


class FeedScreen(Screen):
    """The feeds (For You, Following, STEM), one card at a time."""

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
        Binding("b", "save", "Save", show=False, id="feed.save"),
        Binding("o", "page('creator')", "Creator", show=False, id="feed.creator_page"),
        Binding("number_sign", "page('hashtag')", "Hashtag", show=False, key_display="#", id="feed.hashtag_page"),
        Binding("m", "page('sound')", "Sound", show=False, id="feed.sound_page"),
        Binding("B", "app.saved", "Saved list", show=False, id="feed.saved"),
        Binding("tab", "cycle_feed", "Feeds", show=False, id="feed.cycle"),
        Binding("1", "feed('foryou')", "For You", show=False, id="feed.foryou"),
        Binding("2", "feed('following')", "Following", show=False, id="feed.following"),
        Binding("3", "feed('stem')", "STEM", show=False, id="feed.stem"),
        Binding("p", "app.push_screen('profile')", "Profile", id="feed.profile"),
        Binding("h", "app.history", "History", show=False, id="feed.history"),
        Binding("t", "timer", "Session timer", show=False, id="feed.timer"),
        Binding("x", "mute", "Mute…", show=False, id="feed.mute"),
        Binding("comma", "app.open_settings", "Settings", show=False, key_display=",", id="feed.settings"),
        Binding("slash", "search", "Search", key_display="/", id="feed.search"),
    ]
    """Keys of the feed; the help screen and README list the same."""

    plays_list = False
    """True for the screen that plays a list over the feed (`ListScreen`)."""
    leaving = False
    """Set when the screen is dismissed: its suspend, handled after the next screen's resume, then holds nothing."""

    def __init__(self, session: FeedSession) -> None:
        super().__init__()
        self.session = session
        self._last_wheel = -1e9
        self._undo: tuple[int, float] | None = None
        """(view id, until when) of the "not interested" that u takes back."""
        self._shown: int | None = None
        self._number = 0
        self._video_card: VideoCard | None = None
        self._second = -1
        """The session's whole second at the last screen-time check: the timer and reminders move once a second."""
        self._ticks = 0
        self._warmed = False
        self._click_woke = False
        """The last first click found the card asking "still watching?": the double click it begins only answers."""
        """Whether the first trial slot's read-ahead (`_warm`) is done."""
        self._warming: Timer | None = None
        """The read-ahead waiting for its turn (`_warm`), if any."""

    @property
    def motion(self) -> str:
        """full (15 frames a second), low (5) or off (a still frame): the viewer's remembered choice."""
        return str(self.session.setting("motion", "full"))

    def compose(self) -> ComposeResult:
        yield FeedBar(id="feed-bar", markup=False)
        yield VideoCard(id="card")
        yield Static("", id="too-small", markup=False)
        yield Static("", id="empty", markup=False)
        yield Static("Still watching? Press any key to keep playing.", id="still", markup=False)
        yield Static("", id="timer", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.session.wait_for_draw = True  # a card is a view once it has reached the screen
        self.query_one(Picture).motion = self.motion
        self.set_interval(TICK, self._timer)
        if self.plays_list:  # a list over the feed: a failed write is said, and j tries again
            self._run(lambda: self._show(self.session.start()))
            return
        try:
            self._show(self.session.start())
        except sqlite3.Error as err:  # the first card cannot be recorded (a lock held too long, a full disk)
            self.app.stop_at_start(err)  # type: ignore[attr-defined]

    def _warm(self) -> None:
        """Read ahead, on idle after a card is up, what the next pick walks (`FeedSession.read_ahead`), and after
        the first card what the first trial slot walks (`FeedSession.warm`): a read that fails here costs nothing
        (the pick reads again, and says so if it must)."""
        self._warming = None
        try:
            if not self._warmed:
                self._warmed = True
                self.session.warm()
            self.session.read_ahead()
        except sqlite3.Error:
            pass

    def _show(self, card: Card | None) -> None:
        bar = self.query_one(FeedBar)
        if self.session.list is not None:
            bar.show_list(self.session.list.reason, self.session.list_place())
        else:
            bar.show_feed(self.session.feed)
        self.set_class(card is None, "-empty")
        put(self.query_one("#empty", Static), self.session.empty)
        if card is None or card.view_id == self._shown:
            collector.release()  # no new card to draw: the collector runs again
        if card is not None and card.view_id == self._shown:  # the same card (back from a screen over it)
            self.video_card.tick(card)
        elif card is not None:
            video_card = self.video_card
            if self._shown is not None and self.motion != "off":
                video_card.slide_in(down=card.number < self._number)
            self._shown, self._number = card.view_id, card.number
            video_card.show(card, self.session.clock.utc().timestamp())
            video_card.show_comments(self.session.comments(card.video.id))
            # A card is a view once its picture is drawn for the terminal (the frame is written in the same update).
            video_card.picture.when_drawn(partial(self._drawn, card.view_id))

    @property
    def video_card(self) -> VideoCard:
        """The card (found once: the tick updates it 15 times a second)."""
        if self._video_card is None:
            self._video_card = self.query_one(VideoCard)
        return self._video_card

    def _drawn(self, view_id: int) -> None:
        """The card's picture is being drawn for the terminal: the view begins; once the frame has been written,
        a full collection may run (between swipes, not during one)."""
        self.session.drawn(view_id)
        self.set_timer(collector.AFTER_DRAW, partial(collector.collect, after_draw=True))
        if not self.plays_list:  # the feed's (a list's screen plays no pick); the trial slot's walk once
            if self._warming is not None:
                self._warming.stop()  # swiped on before it ran: read ahead for this card instead
            self._warming = self.set_timer(WARM_AFTER, self._warm)

    def _timer(self) -> None:
        """The tick's timer, 15 times a second (5 with `--motion off`: `STILL_EVERY`)."""
        self._ticks += 1
        if self._ticks % STILL_EVERY and self.motion == "off":
            collector.collect(after_draw=False)  # a hold that brought no card still ends on time
        else:
            self._tick()

    def _tick(self) -> None:
        """Update what moves on the card, the screen time, and let the collector run (also at once after a key
        that changed the card's marks)."""
        if self.is_mounted:
            card = self.session.card()
            if card is not None:
                self.video_card.tick(card)
            self.set_class(card is not None and card.idle, "-idle")
            self._screen_time()
            collector.collect(after_draw=False)

    def _screen_time(self) -> None:
        """Once a second of the session (by the session's clock): the timer's text and any reminder due."""
        seconds = self.session.session_seconds()
        if int(seconds) == self._second:
            return
        self._second = int(seconds)
        shown = bool(self.session.setting(TIMER, False))
        self.set_class(shown, "-timer")
        if shown:
            put(self.query_one("#timer", Static), clock_text(seconds))
        for message in self.session.reminders_due():
            self.notify(message, title="Screen time", timeout=REMINDER_SECONDS)

    def action_timer(self) -> None:
        """Show or hide the session timer (remembered: a setting)."""
        self._run(lambda: self.session.set(TIMER, not self.session.setting(TIMER, False)))
        self._second = -1
        self._screen_time()

    @property
    def can_act(self) -> bool:
        """A card is on screen and can be seen: keys that act on it do something."""
        return self.session.on_screen and not self.has_class("-too-small")

    def on_key(self, event: Key) -> None:
        if self.has_class("-idle") and event.key in ONLY_WAKES:  # "press any key to keep playing": it only plays on
            event.prevent_default()
            event.stop()
        self.session.wake()  # any key answers "still watching?" (and j still swipes: the viewer is there)

    # -- a window too small, another screen on top: the card is not seen ------------------

    def on_resize(self, event: Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        self.query_one("#timer").styles.offset = (max(0, event.size.width - 10), 0)  # the top right corner
        self.query_one("#still").styles.offset = (0, max(0, event.size.height - 2))  # over the playback bar
        self.query_one("#too-small", Static).update(
            f"Make the window at least {MIN_WIDTH}x{MIN_HEIGHT} (now {event.size.width}x{event.size.height})"
            if small
            else ""
        )
        self._run(lambda: (self.session.hold if small else self.session.release)("small"))

    def on_screen_suspend(self) -> None:
        if not self.leaving:  # dismissed: the screen it leaves to says whether the card is seen (its resume came first)
            self._run(lambda: self.session.hold("screen"))

    def on_screen_resume(self) -> None:
        if not self.is_active:  # a screen was pushed over it meanwhile (a search's list, a page): stale news
            return
        if self.app.quit_error:  # type: ignore[attr-defined]
            # Stopping: the first card could not be recorded, and the line says nothing was changed (QA: the resume
            # tried the card again, waited out the lock and recorded a view never drawn).
            return
        if not self.plays_list and self.session.list is not None:  # back from a page: the feed where it was
            self._run(self.session.close_list)
        self._run(lambda: self.session.release("screen"))
        # The card may have changed under a page (a list played), or the rules allow something now (an unmute).
        self._run(lambda: self._show(self.session.start()))

    # -- actions ----------------------------------------------------------------------

    def _run(self, action: Callable[[], object]) -> bool:
        """Do one action; if the data file refuses the write, say so in one line and stay on the card. Whether
        it was done."""
        try:
            action()
        except sqlite3.Error as err:
            self.notify(
                f"Could not save to {self.session.store.path}: {err}. Nothing changed; try again.",
                title="Not saved",
                severity="error",
            )
            return False
        return True

    def _on_card(self, action: Callable[[], object]) -> None:
        """An action on the card: only while one is on screen and can be seen."""
        if self.can_act:
            self._run(action)
            self._tick()

    def action_next(self) -> None:
        if not self.has_class("-too-small"):
            collector.hold()  # no collection until the card is drawn
            self._run(lambda: self._show(self.session.next()))

    def action_previous(self) -> None:
        if not self.has_class("-too-small"):
            collector.hold()
            self._run(self._previous)

    def _previous(self) -> None:
        if not self.session.can_go_back():
            collector.release()
            if self.session.on_screen:  # an empty feed says what it lacks on the screen itself: no card is first
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
        """A click on a rail icon does what its key does: on "still watching?" it only answers, as the key does."""
        idle = self.has_class("-idle")
        self.session.wake()
        if not idle:
            await self.run_action(event.action)

    def on_click(self, event: Click) -> None:
        idle = self.has_class("-idle")
        if event.chain == 1:  # a double click is judged by its first click: the one that found the card asking
            self._click_woke = idle
        self.session.wake()
        if (
            not (idle or self._click_woke)
            and event.chain == 2
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

    def action_comment(self, text: str = "") -> None:
        if not self.can_act:
            return

        def save(text: str | None) -> None:
            if text:
                if not self._run(lambda: self.session.comment(text)):  # a full disk: the words typed are kept
                    self.action_comment(text)
                    return
                self.notify("Comment saved.")
                card = self.session.card()
                if card is not None:
                    self.query_one(VideoCard).show_comments(self.session.comments(card.video.id))
                self._tick()

        from .comment import CommentScreen

        self.app.push_screen(CommentScreen(text), save)

    def action_search(self, query: str = "") -> None:
        self.app.search(query)  # type: ignore[attr-defined]

    def action_follow(self) -> None:
        self._on_card(self._follow)

    def _follow(self) -> None:
        creator = self.session.current.rec.video.creator  # type: ignore[union-attr]
        if not self.session.may_follow(creator):
            self.notify(f"@{creator} is you: your own videos are in My videos (V).")
            return
        following = self.session.toggle_follow()
        self.notify(f"{'Following' if following else 'Unfollowed'} @{creator}")

    def action_save(self) -> None:
        self._on_card(self._save)

    def _save(self) -> None:
        saved = self.session.toggle_save()
        self.notify("Saved: B opens your Saved list." if saved else "Taken off your Saved list.")

    def action_page(self, kind: str, tag: int = 0) -> None:
        """Open the page of the card's creator, sound, or hashtag (the `tag`-th of `VideoCard.tags`)."""
        card = self.session.card()
        if card is None or not self.can_act:
            return
        video = card.video
        if kind == "hashtag":
            tags = self.query_one(VideoCard).tags
            if not tags:
                self.notify("This video has no hashtags.")
                return
            value = tags[min(tag, len(tags) - 1)]
        else:
            value = video.creator if kind == "creator" else video.sound
        self.app.open_page(kind, value)  # type: ignore[attr-defined]

    def action_feed(self, feed: str) -> None:
        """Watch another feed; its card resumes where it was."""
        if not self.has_class("-too-small"):
            collector.hold()
            self._run(lambda: self._show(self.session.switch_feed(feed)))

    def action_cycle_feed(self) -> None:
        feeds = list(FEEDS)
        self.action_feed(feeds[(feeds.index(self.session.feed) + 1) % len(feeds)])

    def action_mute(self) -> None:
        """Ask which of the card's creator, hashtags or sound to mute; then move on."""
        if not self.can_act:
            return
        video = self.session.current.rec.video  # type: ignore[union-attr]

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self._run(lambda: self._mute(*choice))

        from .mute import MuteScreen

        self.app.push_screen(MuteScreen(video), chosen)

    def _mute(self, kind: str, value: str) -> None:
        self.session.mute(kind, value)
        sign = {"creator": "@", "hashtag": "#"}.get(kind, "")
        self.notify(f"Muted {kind} {sign}{value}: its videos will not appear again. Unmute in settings (,).")
        self.action_next()

    def action_not_interested(self) -> None:
        if self.can_act:
            self._run(self._not_interested)

    def _not_interested(self) -> None:
        view_id, refused = self.session.current.view_id, self.session.can_refuse()  # type: ignore[union-attr]
        self._show(self.session.not_interested())
        if not refused:  # a key that came before its card was drawn, or as it flashed past: a swipe
            return
        self._undo = (view_id, self.session.clock.monotonic() + UNDO_SECONDS)
        self.notify(
            "Not interested: fewer videos like that one, its creator and its sound. Press u to undo.",
            timeout=UNDO_SECONDS,
        )

    def action_undo(self) -> None:
        if self._undo is None:
            return
        if self.session.clock.monotonic() > self._undo[1]:  # said, not silent: the viewer could not tell
            self._undo = None
            self.notify(f'Too late to undo: u takes back "not interested" for {UNDO_SECONDS:g} s.')
            return
        view_id, self._undo = self._undo[0], None
        self.app.clear_notifications()  # its "Not interested ... Press u to undo." stood beside "Undone"
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
