"""Settings: restricted mode and its passcode, keyword filters, topics, mutes, refresh For You, motion.

Every change goes through the FeedSession as an event (replayed like every
other). With a passcode set, what loosens the limits (restricted mode off, a
keyword filter removed, the passcode changed or removed) asks for it first;
the session checks it again, so the screen is not the only lock.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from recommender.feed import FeedSession, PasscodeRefused
from recommender.keywords import MAX_LENGTH
from recommender.screen_time import BREAK_EVERY, DAILY_LIMIT, minutes_setting

from ..data_export import default_export_path
from ..passcode import new_hash
from ..safe_text import safe, safe_line
from ..widgets.genre_bars import cells
from ..widgets.pointing_list import PointingList
from ..widgets.typed_input import TypedInput, goes_on_in
from .mute import mute_line
from .passcode import PasscodeScreen, ask_passcode

MOTIONS = ("full", "low", "off")
TOPIC_MARKS = {"more": ("▲ more", "bold $success"), "normal": ("  normal", "dim"), "less": ("▼ less", "$warning")}
NEXT_TOPIC = {"normal": "more", "more": "less", "less": "normal"}
"""Enter on a genre cycles its topic."""


class MotionButton(RadioButton):
    """A motion level: the chosen one's dot is filled, the others' hollow, so it shows without colour too (QA: under
    NO_COLOR the three read alike; only the dot's grey told them apart)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual's name for the mark
        return "●" if self.value else "○"


class SettingsScreen(Screen):
    """What the viewer controls; Escape goes back to the feed."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    """Under 80 columns a row of buttons is stacked (tiktui.tcss): each column is some 28 cells, and a row of two or
    three ran past it ("Undo re", a passcode's "Remove" out of sight)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="settings.back"),
        Binding("plus", "topic('more')", "More", key_display="+", id="settings.more"),
        Binding("minus", "topic('less')", "Less", key_display="-", id="settings.less"),
        Binding("0", "topic('normal')", "Normal", id="settings.normal"),
    ]
    """Tab moves between the sections; Enter acts on what is highlighted; + / - / 0 set a genre's topic."""

    @property
    def session(self) -> FeedSession:
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Horizontal(id="settings-body"):
            with VerticalScroll(id="settings-left"):
                yield Label("Restricted mode", classes="heading")
                yield Static(id="restricted-state", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Turn on", id="restricted-toggle", compact=True)
                    yield Button("Set passcode", id="passcode-set", compact=True)
                    yield Button("Remove", id="passcode-remove", compact=True)
                yield Label("Keyword filters", classes="heading")
                yield Static(
                    "Hide videos whose title, caption or hashtags hold a word (whole words, any case or accent). "
                    "Enter on one removes it.",
                    classes="dim",
                    markup=False,
                )
                yield TypedInput(
                    placeholder="type a word, then Enter",  # whole at 60 columns
                    max_length=MAX_LENGTH,
                    id="keyword-add",
                    compact=True,
                    select_on_focus=False,  # a letter typed on a button comes in first (`on_key`): kept, not selected
                )
                yield PointingList(id="keywords")
                yield Label("For You", classes="heading")
                yield Static(id="refresh-state", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Refresh For You", id="refresh", compact=True)
                    yield Button("Undo refresh", id="refresh-undo", compact=True)
                yield Label("Motion", classes="heading")
                with RadioSet(id="motion", compact=True):
                    for level in MOTIONS:
                        yield MotionButton(level, value=False, id=f"motion-{level}", compact=True)
            with VerticalScroll(id="settings-right"):
                yield Label("Topics (Enter, + - 0: more, less, normal)", classes="heading")
                yield PointingList(id="topics")
                yield Label("Muted (Enter unmutes)", classes="heading")
                yield PointingList(id="muted")
                yield Label("Screen time", classes="heading")
                yield Static(id="screen-time", markup=False)
                yield Button("Daily limit and breaks", id="screen-time-open", compact=True)
                yield Label("Your data", classes="heading")
                yield Static(id="your-data", markup=False)
                yield TypedInput(id="export-path", compact=True)
                with Horizontal(classes="buttons"):
                    yield Button("Export", id="export", compact=True)
                    yield Button("Delete all my data", id="forget", compact=True, variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_settings()
        self.from_the_top()

    def from_the_top(self) -> None:
        """Focus on the first control, scrolled to the top: where the screen starts each time it is opened."""
        self.query_one("#restricted-toggle", Button).focus()
        self.scroll_home(animate=False)

    def on_key(self, event: events.Key) -> None:
        """A letter typed where no field takes it, and no key binds it, starts a word to filter (QA: on "Turn on",
        ', goat Enter' put the letters nowhere and its Enter turned restricted mode on)."""
        if event.is_printable and not isinstance(self.focused, Input) and event.key not in self.app.active_bindings:
            goes_on_in(self.query_one("#keyword-add", Input), event)

    def on_screen_resume(self) -> None:
        self.refresh_settings()

    # -- drawing ------------------------------------------------------------------

    def refresh_settings(self) -> None:
        """Draw every section from the session's state."""
        s = self.session
        self.query_one("#restricted-state", Static).update(
            safe_line(
                ("On: ", "bold $success") if s.restricted else ("Off: ", "bold"),
                "mature videos are hidden. " if s.restricted else "every video can be shown. ",
                ("Passcode set" if s.locked else "No passcode", "bold"),
                # "turning it off" beside "Off:" read as the mode's state (QA): the mode is named
                (
                    ": turning restricted mode off, loosening a limit, removing a keyword filter, changing the"
                    " passcode or deleting your data asks for it."
                    if s.locked
                    else "."
                ),
            )
        )
        limit, every = minutes_setting(s.setting(DAILY_LIMIT)), minutes_setting(s.setting(BREAK_EVERY))
        limit_text, every_text = f"{limit} min" if limit else "off", f"every {every} min" if every else "off"
        self.query_one("#screen-time", Static).update(f"Daily limit {limit_text} · break reminder {every_text}")
        name = s.store.path.name if s.store.path is not None else "memory"
        self.query_one("#your-data", Static).update(
            safe_line(
                "Everything tiktui keeps is one file, ",
                safe(name, "bold"),
                ", in your data folder (tiktui --help says where). Export it, or delete it. "
                "Export writes the file named below, beside it, or type a path (a folder/ for CSV).",
            )
        )
        beside = default_export_path(s.store.path, s.clock.utc()).name
        self.query_one("#export-path", Input).placeholder = beside  # a long hint here ran past the field's end
        self._label("#restricted-toggle", "Turn off" if s.restricted else "Turn on")
        self._label("#passcode-set", "Change passcode" if s.locked else "Set passcode")
        self.query_one("#passcode-remove", Button).disabled = not s.locked
        self._fill("#keywords", [(k, safe(k, "bold")) for k in s.keywords], "No keyword filters.")
        genres = sorted(s.catalog.genres)
        # As wide as the longest genre: at 22 cells a row took two lines at 60 columns ("art" / "normal").
        name = min(22, max((cell_len(g) for g in genres), default=0) + 2)
        self._fill(
            "#topics",
            [(g, Content.assemble(cells(g, name, "bold"), TOPIC_MARKS[s.topic(g)])) for g in genres],
            "No genres in the catalog.",
        )
        mutes = sorted(s.state.muted - {m for m in s.state.muted if m[0] == "keyword"})
        self._fill(
            "#muted",
            [(f"{kind}\x00{value}", mute_line(kind, value)) for kind, value in mutes],
            "Nothing muted: x on a card mutes its creator, a hashtag or its sound.",
        )
        refreshed = s.state.refreshed
        when = str(refreshed.get("at") or "")[:16].replace("T", " ") if refreshed else ""
        self.query_one("#refresh-state", Static).update(
            safe_line(
                "Learning starts over; your history is kept and marked. ",
                f"Refreshed {when} UTC: undo puts back what it had learned." if refreshed else "",
            )
        )
        self.query_one("#refresh-undo", Button).disabled = not s.can_undo_refresh
        # The level in force pressed as a click would press it, so the set knows it and lets it go at the next
        # choice (set with its message held back, it stayed lit beside the next one chosen, QA); `_motion` takes
        # the message that follows as no change.
        motion = str(s.setting("motion", "full"))
        self.query_one(f"#motion-{motion if motion in MOTIONS else 'full'}", RadioButton).value = True

    def _label(self, selector: str, label: str) -> None:
        """Name a button; a new label is laid out, so a longer one is not cut to the old width ("Change")."""
        button = self.query_one(selector, Button)
        if str(button.label) != label:
            button.label = label
            button.refresh(layout=True)

    def _fill(self, selector: str, rows: list[tuple[str, Content]], empty: str) -> None:
        options = self.query_one(selector, OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if rows:
            options.add_options([Option(prompt, id=key) for key, prompt in rows])
            # The first row is the one Enter (or + - 0) acts on until another is chosen: with none, the first key
            # pressed on the list did nothing.
            options.highlighted = min(highlighted or 0, len(rows) - 1)
        else:
            options.add_option(Option(Content.styled(empty, "dim"), disabled=True))

    # -- acting ---------------------------------------------------------------------

    def _do(self, change: Callable[[], object], done: str = "") -> bool:
        """Make one change; a wrong passcode or a refused write is one line, and nothing changed."""
        try:
            change()
        except PasscodeRefused as err:
            self.notify(f"{err}: nothing changed.", title="Refused", severity="error")
            return False
        except ValueError as err:
            self.notify(str(err), title="Not added", severity="warning")
            return False
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error")
            return False
        if done:
            self.notify(done)
        self.refresh_settings()
        return True

    def _with_passcode(self, question: str, change: Callable[[str | None], object], done: str) -> None:
        """Run `change` with the passcode when one is set (asked first), else at once. Set as the file says now:
        another tiktui may have set one since this one last looked."""
        if self.session.catch_up():
            self.refresh_settings()
        if not self.session.locked:
            self._do(lambda: change(None), done)
            return

        def answered(code: str | None) -> None:
            if code is not None:
                self._do(lambda: change(code), done)

        ask_passcode(self.app, self.session, question, answered, "nothing changed.")

    @on(Button.Pressed, "#restricted-toggle")
    def _toggle_restricted(self) -> None:
        s = self.session
        if not s.restricted:
            self._do(lambda: s.set_restricted(True), "Restricted mode on: mature videos are hidden.")
        else:
            self._with_passcode(
                "Passcode to turn restricted mode off",
                lambda code: s.set_restricted(False, code),
                "Restricted mode off.",
            )

    @on(Button.Pressed, "#passcode-set")
    def _set_passcode(self) -> None:
        s = self.session

        def chosen(old: str | None, new: str | None) -> None:
            if new is not None:
                self._do(lambda: s.set_passcode(new_hash(new), old), "Passcode saved (only a salted hash is kept).")

        def ask_new(old: str | None) -> None:
            self.app.push_screen(PasscodeScreen("New passcode, twice", new=True), lambda new: chosen(old, new))

        if s.catch_up():
            self.refresh_settings()
        if not s.locked:
            ask_new(None)
            return

        def checked(old: str | None) -> None:
            if old is None:
                return
            if self._do(lambda: s.unlock(old)):  # a wrong one, or a refused write, is said there
                ask_new(old)

        ask_passcode(self.app, s, "Current passcode", checked, "nothing changed.")

    @on(Button.Pressed, "#passcode-remove")
    def _remove_passcode(self) -> None:
        s = self.session
        self._with_passcode("Passcode to remove", lambda code: s.set_passcode(None, code), "Passcode removed.")

    @on(Input.Submitted, "#keyword-add")
    def _add_keyword(self, event: Input.Submitted) -> None:
        text = event.value
        if self._do(lambda: self.session.add_keyword(text)):
            event.input.value = ""
            self.notify("Filtered: videos with that word are hidden.")

    @on(OptionList.OptionSelected, "#keywords")
    def _remove_keyword(self, event: OptionList.OptionSelected) -> None:
        word = event.option.id
        if word is not None:
            s = self.session
            self._with_passcode(
                "Passcode to remove a keyword filter",
                lambda code: s.mute("keyword", word, False, code),
                "Keyword filter removed.",
            )

    @on(OptionList.OptionSelected, "#topics")
    def _cycle_topic(self, event: OptionList.OptionSelected) -> None:
        genre = event.option.id
        if genre is not None:
            self._set_topic(genre, NEXT_TOPIC[self.session.topic(genre)])

    def action_topic(self, level: str) -> None:
        options = self.query_one("#topics", OptionList)
        if options.has_focus and options.highlighted is not None:
            genre = options.get_option_at_index(options.highlighted).id
            if genre is not None:
                self._set_topic(genre, level)

    def _set_topic(self, genre: str, level: str) -> None:
        self._do(lambda: self.session.set_topic(genre, level))

    @on(OptionList.OptionSelected, "#muted")
    def _unmute(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            kind, value = event.option.id.split("\x00", 1)
            sign = {"creator": "@", "hashtag": "#"}.get(kind, "")
            self._do(lambda: self.session.mute(kind, value, False), f"Unmuted {sign}{value}: its videos can come back.")

    @on(Button.Pressed, "#refresh")
    def _refresh(self) -> None:
        self._do(
            self.session.refresh,
            "For You refreshed: learning starts over with the card on screen. Undo refresh puts it back.",
        )

    @on(Button.Pressed, "#refresh-undo")
    def _undo_refresh(self) -> None:
        self._do(self.session.undo_refresh, "Refresh undone: For You knows what it knew before.")

    @on(RadioSet.Changed, "#motion")
    def _motion(self, event: RadioSet.Changed) -> None:
        level = str(event.pressed.label)
        if level in MOTIONS and level != self.session.setting("motion", "full"):
            self.app.set_motion(level)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#screen-time-open")
    def _screen_time(self) -> None:
        self.app.push_screen("screen_time")

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#export-path")
    def _export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        # As typed: a Path drops the slash that asks for a folder of CSV files ("out/" wrote a JSON file "out").
        typed = os.path.expanduser(text)
        data = self.session.store.path
        if typed and not os.path.isabs(typed) and data is not None:
            # A name goes beside the data file, as the heading says (QA: it went to the folder tiktui was started
            # from, and the toast named no folder); joined as text, so a folder's slash stays.
            typed = os.path.join(data.parent, typed)
        self.app.export_data(typed or None)  # type: ignore[attr-defined]
        self.refresh_settings()  # the name below moves on to the next one free

    @on(Button.Pressed, "#forget")
    def _forget(self) -> None:
        self.app.ask_to_forget()  # type: ignore[attr-defined]
