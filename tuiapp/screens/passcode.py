"""Asking for the restricted-mode passcode, or a new one typed twice; never shown, never kept here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..passcode import problem
from ..safe_text import safe_lines
from ..widgets.typed_input import TypedInput

if TYPE_CHECKING:
    from recommender.feed import FeedSession


class FirstCode(TypedInput):
    """The first passcode field: Enter moves on as it comes, not once the screen hears of it ('4821 Enter 4821'
    typed fast left eight dots in the first field and the second empty)."""

    def entered(self) -> bool:
        screen = self.screen
        if not (isinstance(screen, PasscodeScreen) and screen.new):
            return False
        screen.first_done(self.value)
        return True


class PasscodeScreen(ModalScreen[str | None]):
    """One passcode (`new=False`: to check) or a new one typed twice; Escape cancels.

    It dismisses with what was typed: the caller checks it or hashes it, and
    drops it. Typing is masked.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, *, new: bool = False) -> None:
        super().__init__()
        self.question = question
        self.new = new

    def compose(self) -> ComposeResult:
        with Vertical(id="passcode-box"):
            yield Static(safe_lines(self.question))
            yield FirstCode(password=True, placeholder="passcode", max_length=64, id="passcode-input")
            if self.new:
                yield TypedInput(password=True, placeholder="the same again", max_length=64, id="passcode-again")
            yield Label("", id="passcode-problem", markup=False)
            yield Label("Enter to confirm, Escape to cancel.", classes="dim", markup=False)

    @on(Input.Submitted, "#passcode-input")
    def _first(self, event: Input.Submitted) -> None:
        if not self.new:
            self.dismiss(event.value)
        else:
            self.first_done(event.value)

    def first_done(self, value: str) -> None:
        """The first field's Enter, when the passcode is new: on to "the same again" at once (the keys typed after
        the Enter go there), or say what is wrong with it."""
        if self._say(problem(value)):
            self.set_focus(self.query_one("#passcode-again", Input))

    @on(Input.Submitted, "#passcode-again")
    def _again(self, event: Input.Submitted) -> None:
        first = self.query_one("#passcode-input", Input).value
        if self._say(problem(first)) and self._say("" if event.value == first else "the two do not match"):
            self.dismiss(first)

    def _say(self, trouble: str) -> bool:
        """Show what is wrong ('' clears it); True when nothing is."""
        self.query_one("#passcode-problem", Label).update(trouble)
        return not trouble

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_passcode(
    app: App, session: FeedSession, question: str, answered: Callable[[str | None], None], refused: str
) -> bool:
    """Ask for the passcode (`answered` hears it, or None when cancelled); while too many wrong ones make the next wait
    (`FeedSession.passcode_waiting`), say so instead, with what was `refused`, and return False."""
    if waiting := session.passcode_waiting():
        app.notify(f"{waiting}: {refused}", title="Refused", severity="error")
        return False
    app.push_screen(PasscodeScreen(question), answered)
    return True
