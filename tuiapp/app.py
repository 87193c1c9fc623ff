"""TikTuiApp: screens, global keys and the wiring to the FeedSession."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.errors import NoWidget
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

from recommender.clock import Clock, SystemClock
from recommender.dbfile import move_aside, move_aside_to, store_error
from recommender.feed import FeedSession, PasscodeRefused, stored_catalog
from recommender.store import CorruptError, FileGone, Store, StoreError

from . import collector
from .crash import HANG_UPS, write_crash_log
from .safe_text import clean, trim
from .screens.feed import FeedScreen
from .widgets.action_rail import ActionRail

MOTION = {
    "full": "the picture moves at 15 frames a second",
    "low": "5 frames a second, a third of what full sends to the terminal",
    "off": "a still frame, and cards appear without sliding: for slow links such as SSH",
}
"""Motion levels (`--motion`, the palette): the choice is an event, remembered across starts."""
HUNG_UP_GRACE_S = 15.0
"""After the terminal closed, the process ends this long after it began to save the card on screen, whatever is left
of Textual's own shutdown (writing to a terminal that is gone): longer than a write waits for a lock (5 s), so the
save is done or refused before it."""
TOAST_LIMIT = 300
"""Characters of a toast: a 10,000-character creator name does not fill the screen."""
NOTICE_LIMIT = 2000
"""Characters of the toast that says what became of a damaged or open-to-others data file: tiktui's own words."""


def screenshot_folder(beside: Path) -> Path:
    """Where a screenshot goes: the viewer's Downloads folder when there is one, else `beside` (the data file's)."""
    try:
        downloads = Path.home() / "Downloads"
    except RuntimeError:  # no home directory to be found
        return beside
    return downloads if downloads.is_dir() else beside


OPEN_BELOW = {
    "history": "History is",
    "profile": "Your profile is",
    "settings": "Settings are",
    "screen_time": "Screen time is",
    "help": "Help is",
}
"""How a named screen already open below is said (`TikTuiApp._open_below`)."""


class TikTuiApp(App):
    """A short-video feed for the terminal that learns its viewer."""

    CSS_PATH = "tiktui.tcss"
    """All styling lives in the stylesheet."""
    TITLE = "tiktui"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    """The command palette: themes, keys, a screenshot, the motion level."""
    SCREENS = {
        "profile": lambda: _profile_screen(),
        "help": lambda: _help_screen(),
        "screen_time": lambda: _screen_time_screen(),
        "settings": lambda: _settings_screen(),
        "history": lambda: _history_screen(),
    }
    """Screens pushed by name from key bindings (imported when first opened: the first card comes sooner)."""
    BINDINGS = [
        Binding("question_mark", "push_screen('help')", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("P", "post", "Post a video", show=False, id="app.post"),
        Binding("V", "my_videos", "My videos", show=False, id="app.my_videos"),
    ]
    """Keys that work on every screen."""

    def __init__(self, session: FeedSession, log_dir: Path | None = None, welcome: bool = True) -> None:
        super().__init__()
        self.session = session
        self.welcome = welcome
        """Whether a new viewer is told what the first cards are (WELCOME); tests of other toasts turn it off."""
        self.log_dir = log_dir or (session.store.path.parent if session.store.path else Path.cwd())
        self.crash_log: Path | None = None
        """Where the traceback of a crash went; the command line names it in one line."""
        self.damage = ""
        """What was found damaged in the data file while the app ran (it is then set aside)."""
        self.hung_up = False
        """Whether the terminal closed (SIGHUP): once the view is saved, the process may not wait on the terminal."""
        self._before_hang_up: Callable[[int, object], object] | int | None = signal.SIG_DFL
        self.quit_error = ""
        """Why the card on screen at quitting could not be saved (a full disk, a lock): the command line's one line."""
        self.forget_on_exit = False
        """The viewer asked, in settings, to delete the data file: the command line does it once the app is closed."""
        self._toasts_until: dict[tuple[str, str, str], float] = {}
        """Each toast on screen, until when (`notify`)."""
        self._typed_on: weakref.WeakKeyDictionary[events.Key, Screen] = weakref.WeakKeyDictionary()
        """The screen each key in flight was typed on (`_on_key`)."""
        self._last_press: tuple[float, tuple[int, int], Screen, Widget | None] | None = None
        """The left press that began the last chain of clicks: when, where, on which screen and widget
        (`_second_press`)."""
        self._drop_release = False
        """The press just dropped as a double click's second: its release goes too (it would make the click)."""

    def action_help_quit(self) -> None:
        """ctrl+c: say how to quit, in plain words (Textual's own toast is markup, which toasts here show as
        written: "Press [b]ctrl+q[/b]", QA)."""
        keys = [key for key, bound in self.active_bindings.items() if bound.binding.action in ("quit", "app.quit")]
        if keys:
            self.notify(
                f"Press {' or '.join(sorted(dict.fromkeys(keys), key=len))} to quit tiktui",
                title="Do you want to quit?",
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
        limit: int = TOAST_LIMIT,
    ) -> None:
        """Every toast, from any screen: catalog text in it is data, shown literally and made safe.

        Toasts are never markup here, and control, bidi and zero-width
        characters are made visible or dropped before they reach the terminal.
        A toast the same as one still on screen is not stacked again: `k` held on the first card piled ten
        "This is the first card." over the card and its timer.
        """
        message, title = trim(clean(message), limit), trim(clean(title), 60)
        now, shown = time.monotonic(), (message, title, severity)
        if self._toasts_until.get(shown, 0.0) > now:
            return
        self._toasts_until = {toast: until for toast, until in self._toasts_until.items() if until > now}
        self._toasts_until[shown] = now + (self.NOTIFICATION_TIMEOUT if timeout is None else timeout)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def clear_notifications(self) -> None:
        self._toasts_until.clear()
        super().clear_notifications()

    def _unnotify(self, notification: Notification, refresh: bool = True) -> None:
        """A toast gone before its time (clicked away) no longer stands in for the next one like it: clicked away,
        the same "Not saved" a second later was not shown at all until the first one's time ran out."""
        if notification in self._notifications:  # one gone already (a toast left on another screen) frees nothing
            self._toasts_until.pop((str(notification.message), notification.title, notification.severity), None)
        super()._unnotify(notification, refresh)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._typed_on[event] = self.screen
        mouse = event if isinstance(event, (events.MouseDown, events.MouseUp)) and not event.is_forwarded else None
        if mouse is not None and self._second_press(mouse):
            return
        await super().on_event(event)

    def _second_press(self, event: events.MouseDown | events.MouseUp) -> bool:
        """Whether this left press (or its release) is a double click's second that must not count; it is then dropped,
        with its release.

        A double click on a search result, a page's or History's row, a hashtag on the card or the mute box's row:
        its first click opened the card or the page, and its second landed there: on the new card's picture it
        liked a video not yet seen (QA: 8 of 10 likes in an export), on a page's row it played a video. So the
        second press counts only on the screen and the widget of the first. And where one click chooses (a list's
        row, a link, the rail's toggles), a second on the same place is the same choice, not another: sent at once
        (both before the first had its effect) a result was chosen twice and the second close crashed ("Can't pop
        screen"); on the rail, a like came straight off again. Elsewhere (the picture's double click likes, the
        footer's keys, buttons, scroll bars) clicks count as they come."""
        if isinstance(event, events.MouseUp):
            dropped, self._drop_release = self._drop_release, False
            return dropped
        self._drop_release = False  # a release that never came (the pointer left the window) drops nothing later
        if event.button != 1:
            return False
        at = (event.screen_x, event.screen_y)
        try:
            widget: Widget | None = self.get_widget_at(*at)[0]
        except NoWidget:
            widget = None
        last = self._last_press
        if last is None or last[1] != at or event.time - last[0] > self.CLICK_CHAIN_TIME_THRESHOLD:
            self._last_press = (event.time, at, self.screen, widget)  # a chain is timed from its first press
            return False
        dropped = last[2] is not self.screen or last[3] is not widget or widget is None or self._one_choice(widget, at)
        self._drop_release = dropped
        return dropped

    def _one_choice(self, widget: Widget, at: tuple[int, int]) -> bool:
        """Whether one click at `at` chooses something that a second click on the same place would choose again."""
        if isinstance(widget, OptionList) or self.screen.get_style_at(*at).meta.get("@click"):
            return True
        return any(isinstance(node, ActionRail) for node in widget.ancestors_with_self)

    async def _on_key(self, event: events.Key) -> None:
        """A key no widget took comes back up here for the bindings: not those of a screen that came meanwhile.

        Down, Down, Enter typed at once on a search: Enter played the video found, then the two Downs, typed for
        the search (its input had not let them go yet), came back up and were taken by the card view's bindings,
        which left the video at once ("The end of the list"). A key typed on a screen since closed is dropped.
        One typed on a screen that a key before it covered is for the screen on top: `/regex` at once (typed
        fast, or pasted after the slash) sent the letters to the feed before the slash had opened the search,
        and the search opened empty; so did `p t` (the profile, then its screen time). It is typed again, in
        order, on the screen on top. (Textual calls App's own `_on_key` after this one, unless its default is
        prevented.)"""
        typed_on = self._typed_on.pop(event, None)
        if typed_on is not None and typed_on is not self.screen:
            event.prevent_default()
            event.stop()
            if typed_on in self.screen_stack:
                self.post_message(events.Key(event.key, event.character))

    def get_default_screen(self) -> Screen:
        """The feed is the app's first screen: no blank screen is laid out and drawn before it."""
        return FeedScreen(self.session)

    def on_mount(self) -> None:
        # A closed terminal window (SIGHUP) or a plain `kill` (SIGTERM) quits as q does: the card on screen is left
        # and its view kept, and the next start reads the snapshot instead of replaying the log since the last one.
        loop = asyncio.get_running_loop()
        for hang_up in HANG_UPS:  # the shell's way to say "ended by a signal": 128 + its number
            if hang_up == getattr(signal, "SIGHUP", None):
                self._before_hang_up = signal.signal(hang_up, partial(self._hung_up, loop))
            else:
                loop.add_signal_handler(hang_up, partial(self.exit, return_code=128 + hang_up))
        # The app's widgets and the viewer's profile live as long as the app: once the first card is up, move
        # them out of the collector's sight, so a full collection during a swipe scans only what the swipe made.
        self.call_after_refresh(collector.settle)
        if self.session.store.notice:
            # Whole: its end says what was lost (cut at TOAST_LIMIT, "the choices of its lost eve…" hid it, QA).
            notice = self.session.store.notice
            self.notify(notice, title="Data file", severity="warning", timeout=20, limit=NOTICE_LIMIT)
        elif self.welcome and self.session.feed == "foryou" and self.session.first_start:
            # A new viewer, told what the first cards are (QA: a like on card 4 seemed ignored for twelve cards).
            self.notify(WELCOME, title="Welcome to tiktui", timeout=15)
        if self.session.store.path is not None and self.session.store.search_progress() is not None:
            self.run_worker(self._build_search, thread=True, group="search index", exit_on_error=False)

    def _build_search(self) -> None:
        """A thread: add the videos an import left out to search's index (it stopped before: Ctrl-C, a kill), on a
        connection of its own, in steps short enough for a swipe's write to wait for; stops when the app does.
        Should it fail (another tiktui holding the file), the next start goes on from where it got."""
        from textual.worker import get_current_worker

        from recommender.search_index import CHUNK_BESIDE_APP

        worker = get_current_worker()
        assert self.session.store.path is not None
        store = Store.open(self.session.store.path)
        try:
            store.build_search(stop=lambda: worker.is_cancelled, rows=CHUNK_BESIDE_APP)
        finally:
            store.close()

    def stop_at_start(self, err: sqlite3.Error) -> None:
        """The first card could not be recorded: quit with one line naming the file (the command line says it),
        rather than an empty card and a toast that fades."""
        self.quit_error = f"{store_error(self.session.store.path, err)}; nothing was changed"
        self.exit(return_code=1)

    def _hung_up(self, loop: asyncio.AbstractEventLoop, signum: int, _frame: object) -> None:
        """The terminal closed: quit as q does. The kernel follows SIGHUP with SIGCONT, on which Textual resumes
        the screen: against a terminal that is gone, that left two output threads and the process hung on its way
        out (the view saved, the file held open). Run before that SIGCONT's handler (signals are handled in
        number order), this one puts it back to the default first, and the exit is asked of the loop."""
        signal.signal(signal.SIGCONT, signal.SIG_DFL)
        self.hung_up = True
        loop.call_soon_threadsafe(partial(self.exit, return_code=128 + signum))

    def on_unmount(self) -> None:
        for hang_up in HANG_UPS:
            if hang_up == getattr(signal, "SIGHUP", None):
                signal.signal(hang_up, self._before_hang_up)
            else:
                asyncio.get_running_loop().remove_signal_handler(hang_up)
        collector.restore()  # what was frozen at start can be collected again (many apps in one process: the tests)
        if self.damage:  # the file is to be set aside as it is: nothing more is written to it
            return
        if self.quit_error:  # it stopped at start: nothing was shown, nothing to save
            return
        # Quitting counts as leaving the card: its view is committed.
        if self.hung_up:  # the view is saved below; nothing after it may keep a process with no terminal alive
            deadline = threading.Timer(HUNG_UP_GRACE_S, os._exit, [128 + signal.SIGHUP])
            deadline.daemon = True  # a shutdown that ends in time ends the process; this never holds it
            deadline.start()
        try:
            self.session.close()
        except FileGone as gone:
            self.quit_error = str(gone)
        except sqlite3.Error as err:  # a full disk, a lock held too long: everything before this card is kept
            self.quit_error = (
                f"{store_error(self.session.store.path, err)}; the card on screen when you quit was not saved"
            )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own (theme, keys, screenshot, quit), tiktui's help, and the motion level."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: tiktui's keys", "Every key of every screen", lambda: self.push_screen("help"))
        yield SystemCommand(
            "Screen time: daily limit and breaks",
            "A daily limit and a break reminder, each in minutes or off",
            lambda: self.push_screen("screen_time"),
        )
        yield SystemCommand(
            "Settings",
            "Restricted mode, keyword filters, topics, mutes, refresh For You, motion",
            self.action_open_settings,
        )
        yield SystemCommand("Saved videos", "The videos you saved with b, to play again", self.action_saved)
        yield SystemCommand(
            "Export your data", "Everything tiktui keeps, as JSON beside the data file", lambda: self.export_data()
        )
        yield SystemCommand(
            "Delete all your data",
            "After you type delete; tiktui quits",
            lambda: self.call_after_refresh(self.ask_to_forget),  # once the palette has closed and let go of focus
        )
        yield SystemCommand("History", "The cards you watched, what you did, why each came", self.action_history)
        yield SystemCommand("Post a video", "Your own video: review, duplicate check, the catalog", self.action_post)
        yield SystemCommand(
            "My videos", "Your posts: passed, held for review or refused; edit and resubmit", self.action_my_videos
        )
        for level, what in MOTION.items():
            yield SystemCommand(f"Motion: {level}", what, partial(self.set_motion, level))

    def action_open_settings(self) -> None:
        """The settings screen (once: opening it again from over itself does nothing), from its top: the screen is
        kept once made, and opened again it kept its last focus (Tab, Enter: "Refresh For You", at once)."""
        if not self.screen.__class__.__name__ == "SettingsScreen":
            self.push_screen("settings")
            self.call_after_refresh(lambda: getattr(self.screen, "from_the_top", lambda: None)())

    def action_post(self) -> None:
        """The form to post a video; once submitted, My videos shows what became of it."""
        from .screens.post import PostScreen

        name = self.screen.__class__.__name__
        if name == "MyVideosScreen":  # its own n: the form, and back to the list with the post highlighted
            self.screen.action_new()  # type: ignore[attr-defined]
        elif name != "PostScreen":
            self.push_screen(PostScreen(), lambda post: post is not None and self.action_my_videos())

    def action_my_videos(self) -> None:
        """The viewer's posts and what became of each (once: not from over itself or the form)."""
        from .screens.my_videos import MyVideosScreen

        if self.screen.__class__.__name__ not in ("PostScreen", "MyVideosScreen"):
            self.push_screen(MyVideosScreen())

    def set_motion(self, level: str) -> None:
        """Choose how the picture moves; remembered for the next start."""
        try:
            self.session.set("motion", level)
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error")
            return
        for screen in self.screen_stack:
            for picture in screen.query("Picture"):
                picture.motion = level  # type: ignore[attr-defined]
        self.notify(f"Motion: {level} ({MOTION[level]}).")

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        """Textual's, but the file is the viewer's alone (0600), as everything else tiktui writes: it shows what was
        being watched. Textual's was readable by everyone."""
        from textual._files import generate_datetime_filename

        name = filename or generate_datetime_filename(self.title, ".svg", time_format)
        target = os.path.expanduser(os.path.join(path or "./", name))
        svg = self.export_screenshot()
        fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        os.fchmod(fd, 0o600)  # a file that was there keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(svg)
        return target

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen (the palette's "Screenshot") to `path`, else the Downloads folder, else beside
        the data file, and say where in one line. Textual's own only saved to ~/Downloads (where there is none, as
        on a server over SSH, it said "Failed to save screenshot") and named the file in markup."""
        folder = Path(path) if path else screenshot_folder(self.log_dir)
        try:
            saved = self.save_screenshot(filename, str(folder), time_format)
        except OSError as err:
            self.notify(
                f"Could not save a screenshot in {folder}: {err.strerror or err}", title="Screenshot", severity="error"
            )
            return None
        self.notify(f"Saved a screenshot to {saved}", title="Screenshot")
        return None

    def export_data(self, path: str | Path | None = None) -> None:
        """Export everything tiktui keeps (to `path`, else beside the data file) and say where, or why not."""
        from .data_export import ExportError, default_export_path, export, summary

        session = self.session
        target = path or default_export_path(session.store.path, session.clock.utc())
        try:
            counts = export(
                session.store, target, now=session.clock.utc(), taken_hint=": type another name in settings"
            )
        except ExportError as err:
            self.notify(str(err), title="Not exported", severity="error")
            return
        self.notify(f"Exported {summary(counts)} to {target}.")

    def ask_to_forget(self) -> None:
        """Delete the data file once the viewer types "delete": tiktui quits, and the command line deletes it.
        With a passcode set, it is asked first: deleting the data lifts restricted mode and the limits with it."""
        self.session.catch_up()  # a passcode another tiktui set meanwhile counts
        if self.session.locked:
            from .screens.passcode import ask_passcode

            def answered(code: str | None) -> None:
                if code is None:
                    return
                try:  # the passcode on file now: another tiktui may have changed it meanwhile
                    self.session.unlock(code)
                except PasscodeRefused as err:
                    self.notify(f"{err}: nothing was deleted.", title="Refused", severity="error")
                    return
                except sqlite3.Error as err:  # the try is an event: a full disk refuses it, and nothing is deleted
                    self.notify(
                        f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error"
                    )
                    return
                self._confirm_forget()

            question = "The passcode, to delete all your data (it lifts restricted mode)"
            ask_passcode(self, self.session, question, answered, "nothing was deleted.")
            return
        self._confirm_forget()

    def _confirm_forget(self) -> None:
        from .screens.confirm import ConfirmScreen

        def confirmed(answer: str | None) -> None:
            if answer is not None and answer.strip() == "delete":
                self.forget_on_exit = True
                self.exit()  # the file is closed on the way out; `tiktui` deletes it and says what it deleted
            elif answer is not None:  # another word: said, not a silent close
                self.notify("Kept: nothing was deleted (type delete to delete).", title="Delete all my data")

        self.push_screen(
            ConfirmScreen(
                f"This deletes {self.session.store.path} with its -wal and -shm (and crash.log, if there is one): "
                "every view, every event and "
                "everything tiktui learned about you. It cannot be undone, and tiktui quits; exports and screenshots "
                "you made are kept, and named. Type delete to go on.",
                "delete",
            ),
            confirmed,
        )

    def open_page(self, kind: str, value: str = "", searched: str | None = None) -> None:
        """Open a page to play from: a creator's, a hashtag's, a sound's (`value` names it), or "saved". `searched`:
        the words of the search it was chosen from, which escape goes back to."""
        from .screens.page import PageScreen

        self.push_screen(PageScreen(kind, value, searched))

    def search(self, query: str = "") -> None:
        """Open search (with `query` typed): a video chosen plays the videos found as a list, a creator, hashtag or
        sound opens its page; escape from either comes back to the search, with its words and results."""
        from .screens.search import SearchScreen

        def chosen(result: tuple | None) -> None:
            if result is None:
                return
            if result[0] == "video":  # the videos found, played as a list from the chosen one
                _, source, ids, start = result
                self.play_list(source, ids, start)
            else:  # a creator, hashtag or sound: its page
                kind, value, words = result
                self.open_page(kind, value, searched=words)

        self.push_screen(SearchScreen(self.session, query), chosen)

    def action_saved(self) -> None:
        """The Saved list."""
        self.open_page("saved")

    def action_history(self) -> None:
        """History, at its newest row: the screen is kept once made, and opened again it sat on the row it was left
        on, so h then Enter played from an older card (QA). Back from a card played from it, it stays on that card."""
        if self._open_below("history"):
            return
        screen = self.get_screen("history")
        screen.newest = True  # type: ignore[attr-defined]
        self.push_screen(screen)

    async def action_push_screen(self, screen: str) -> None:
        """A named screen (profile, settings, screen time, help), unless it is open below already."""
        if not self._open_below(screen):
            self.push_screen(screen)

    def _open_below(self, name: str) -> bool:
        """Whether the named screen is in the stack already (under a card played from it, say): pushed again, it was
        there twice, and the first escape seemed to do nothing (QA: h on a card played from History; p, B, Enter, p
        on the profile). Said when it is not the screen on top."""
        if not self.is_screen_installed(name):
            return False
        screen = self.get_screen(name)
        if screen not in self.screen_stack:
            return False
        if screen is not self.screen:
            self.notify(f"{OPEN_BELOW.get(name, name)} open: escape goes back to it.")
        return True

    def play_list(self, source: str, ids: list[str], start: int) -> None:
        """Play `ids` from `start` in the card view (a page's choice, a search result); escape comes back here.

        `source` names where the list comes from ("page:creator:NAME", "saved",
        "search:WORDS"): the views are recorded with it. Leaving the list (escape,
        then escape again) brings the feed back where it was.
        """
        from .screens.list_play import ListScreen

        try:
            self.session.open_list(source, ids, start)
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error")
            return
        below = self.screen
        if isinstance(below, ListScreen) and not below.replaced:
            # A search from a list played another: the new list takes the old one's place (stacked over it, the
            # old screen, stale, dismissed the new one as it was mounted, and the app stopped).
            below.replaced = below.leaving = True
            self.switch_screen(ListScreen(self.session))
        else:
            self.push_screen(ListScreen(self.session))

    def on_app_blur(self) -> None:
        """The terminal lost focus: nobody is watching, the card's clock stops."""
        self._hold("blur", True)

    def on_app_focus(self) -> None:
        self._hold("blur", False)

    def _hold(self, reason: str, on: bool) -> None:
        try:
            (self.session.hold if on else self.session.release)(reason)
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error")

    def _handle_exception(self, error: Exception) -> None:
        """A bug: the traceback goes to a log file and the command line says where, in one line.

        Damage inside the data file's rows is no bug: it is found when a row is
        read (a pick reads the catalog as it goes); the app stops and the
        command line sets the file aside (`set_aside`).
        """
        if isinstance(error, CorruptError):
            self.damage = str(error)
            self.exit(return_code=1)
            return
        if isinstance(error, FileGone):  # deleted under it: nothing more can be kept, and quitting writes nothing
            self.quit_error = str(error)
            self.exit(return_code=1)
            return
        self.crash_log = write_crash_log(self.log_dir, error)
        super()._handle_exception(error)
        if not self.is_headless:  # headless (tests) keeps Textual's report, so a failing test shows it
            self._exit_renderables.clear()


def _profile_screen() -> Screen:
    from .screens.profile import ProfileScreen

    return ProfileScreen()


def _screen_time_screen() -> Screen:
    from .screens.screen_time import ScreenTimeScreen

    return ScreenTimeScreen()


def _history_screen() -> Screen:
    from .screens.history import HistoryScreen

    return HistoryScreen()


def _settings_screen() -> Screen:
    from .screens.settings import SettingsScreen

    return SettingsScreen()


def _help_screen() -> Screen:
    from .screens.help import HelpScreen

    return HelpScreen()


def open_session(
    db_path: Path,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    speed: float = 1.0,
    feed: str = "foryou",
    restricted: bool = False,
    motion: str | None = None,
    tell: Callable[[str], None] | None = None,
) -> FeedSession:
    """Open the database at `db_path` and a feed session on it (raises StoreError); `tell` hears a line before a
    step that takes long with a big catalog (`Store.open`)."""
    clock = clock or SystemClock()
    store = Store.open(db_path, tell=tell)
    try:
        session = _session(store, clock, rng, speed=speed, feed=feed, restricted=restricted)
    except CorruptError as err:  # damage inside rows, found on first read: set it aside, start afresh with what reads
        store.close()
        aside, notice = move_aside_to(db_path, str(err), clock.utc())
        notice += " and a new one started"
        store = Store.open(db_path, tell=tell)
        try:
            copied = store.copy_from(aside)
        except StoreError as stopped:
            store.close()
            raise StoreError(f"{notice}; {stopped}") from None
        notice = "; ".join(filter(None, [notice, copied, store.notice]))
        try:
            session = _session(store, clock, rng, speed=speed, feed=feed, restricted=restricted)
        except CorruptError as again:  # what was copied does not replay either: that copy aside too, and empty
            store.close()
            notice += f"; {move_aside(db_path, str(again), clock.utc())}, and a new, empty one started"
            store = Store.open(db_path, tell=tell)
            session = _session(store, clock, rng, speed=speed, feed=feed, restricted=restricted)
        store.notice = notice
    if motion is not None:
        session.set("motion", motion)  # given on the command line: remembered from now on
    return session


WELCOME = (
    "The first cards are one popular video from each genre; after them, the feed follows what you watch, like and "
    "skip. ? lists the keys."
)
"""Said at a new viewer's first start."""


def _session(store: Store, clock: Clock, rng: random.Random | None, **options) -> FeedSession:
    return FeedSession(
        store, stored_catalog(store, clock), clock, rng or random.Random(), check_passcode=_passcode_matches, **options
    )


def _passcode_matches(passcode: str, stored: str) -> bool:
    from .passcode import matches  # hashing is read when a passcode is first checked, not at start

    return matches(passcode, stored)


def set_aside(app: TikTuiApp, tell: Callable[[str], None] | None = None) -> str:
    """Close the data file the app found damaged and move it aside (nothing deleted); the line to print."""
    store = app.session.store
    store.close()
    assert store.path is not None
    aside, notice = move_aside_to(store.path, app.damage)
    try:
        fresh = Store.open(store.path, tell=tell)  # `tell` hears the copy begin: it takes a while on a big catalog
    except StoreError:  # the new one cannot be made here (a full disk): the next start makes it
        return f"{notice}; start tiktui again to begin a new one"
    try:
        copied = fresh.copy_from(aside)
    except StoreError as stopped:
        return f"{notice}; {stopped}"
    finally:
        fresh.close()
    return f"{notice}; a new one was started, and {copied}: start tiktui again"


def make_app(db_path: Path, welcome: bool = True, **options) -> TikTuiApp:
    """The app as `tiktui` starts it; tests pass a FakeClock and a seeded Random."""
    return TikTuiApp(open_session(db_path, **options), welcome=welcome)
