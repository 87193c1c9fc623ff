"""Screen time: a daily limit and a break reminder, each in minutes or off; today's and this session's time."""

from __future__ import annotations

import sqlite3

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from recommender.feed import FeedSession, PasscodeRefused
from recommender.screen_time import BREAK_EVERY, DAILY_LIMIT, MAX_MINUTES, clock_text, minutes_setting
from recommender.words import plural

from ..widgets.typed_input import TypedInput
from .passcode import ask_passcode

FIELDS = {
    "daily-limit": (
        DAILY_LIMIT,
        "Daily limit",
        "a reminder when today's watching reaches this, and at each start after",
    ),
    "break-every": (BREAK_EVERY, "Break reminder", "a reminder every this many minutes of a session"),
}
"""Input id -> (setting, name, what it does)."""


class ScreenTimeScreen(ModalScreen[None]):
    """Set the daily limit and the break reminder (both off by default); reminders never stop the feed."""

    BINDINGS = [Binding("escape", "close", "Close", id="screen_time.close")]
    """Enter in a field saves it; Escape closes."""

    def action_close(self) -> None:
        """Close; a field typed in and not saved shows the value in force again when the box next opens (QA: a 45
        typed and left by Escape was there at the next opening, beside "breaks off" in the line above)."""
        for field_id, (key, _, _) in FIELDS.items():
            value = minutes_setting(self.session.setting(key))
            self.query_one(f"#{field_id}", Input).value = "" if value is None else str(value)
        self.query_one("#screen-time-error", Static).update("")
        self.dismiss()

    @property
    def session(self) -> FeedSession:
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(id="screen-time-box"):
            yield Label("Screen time", classes="heading", markup=False)
            yield Static(id="screen-time-now", markup=False)
            for field_id, (key, name, what) in FIELDS.items():
                yield Static(f"{name} in minutes, empty for off: {what}", markup=False)
                value = minutes_setting(self.session.setting(key))
                yield TypedInput(
                    "" if value is None else str(value), placeholder="off", type="integer", id=field_id, max_length=4
                )
            yield Static(id="screen-time-error", markup=False)
            yield Static(
                "Enter saves a field and goes on to the next, Escape closes. Reminders are toasts: the feed keeps "
                "going.",
                classes="dim",
            )

    def on_mount(self) -> None:
        self._show_now()

    def on_screen_resume(self) -> None:
        """The screen is kept once made (the app's named screens): each opening shows the figures as they are now."""
        self._show_now()

    def _show_now(self) -> None:
        today = self.session.watched_today_ms()
        limit = minutes_setting(self.session.setting(DAILY_LIMIT))
        every = minutes_setting(self.session.setting(BREAK_EVERY))
        self.query_one("#screen-time-now", Static).update(
            f"Today {round(today / 60_000)} min · this session {clock_text(self.session.session_seconds())} · "
            f"limit {f'{limit} min' if limit else 'off'} · breaks {f'every {every} min' if every else 'off'}"
        )

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        key, name, _ = FIELDS[event.input.id or ""]
        text = event.value.strip()
        error = self.query_one("#screen-time-error", Static)
        value = None if text == "" else minutes_setting(int(text)) if text.lstrip("-").isdigit() else None
        if text and value is None:
            error.update(f"{name}: {text} is not 1 to {MAX_MINUTES} minutes; leave it empty to turn it off.")
            return
        error.update("")
        self.session.catch_up()  # the limit and passcode on file now (another tiktui may have changed them)
        old = minutes_setting(self.session.setting(key))
        if self.session.locked and old is not None and (value is None or value > old):  # loosening a limit
            field = event.input

            def answered(code: str | None) -> None:
                if code is None:  # cancelled: nothing was refused, and the field shows the limit in force again
                    field.value = str(old)
                    return
                if not self._apply(key, name, value, code):
                    field.value = str(old)

            question = f"Passcode to loosen the {name.lower()}"
            if not ask_passcode(self.app, self.session, question, answered, "nothing changed."):
                field.value = str(old)
            return
        if self._apply(key, name, value, None):
            # On to the next field, as the post form does (QA: '1 Enter 1 Enter' set the limit to 1, then to 11).
            fields = list(self.query(TypedInput))
            at = fields.index(event.input)
            if at + 1 < len(fields):
                self.set_focus(fields[at + 1])

    def _apply(self, key: str, name: str, value: int | None, passcode: str | None) -> bool:
        """Save the limit; say so, or why not (False)."""
        try:
            self.session.set(key, value, passcode)
        except PasscodeRefused as err:
            self.notify(f"{err}: nothing changed.", title="Refused", severity="error")
            return False
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.session.store.path}: {err}", title="Not saved", severity="error")
            return False
        self.notify(f"{name}: {plural(value, 'minute') if value else 'off'}.")
        self._show_now()
        return True
