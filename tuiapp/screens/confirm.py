"""Questions before something that cannot be undone: a typed word (deleting the data), or y / n (a history card)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Input, Label, Static

from ..safe_text import safe_lines
from ..widgets.typed_input import TypedInput


class ConfirmScreen(ModalScreen[str | None]):
    """Dismisses with what was typed (the caller compares it with the word), or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="confirm.cancel")]
    AUTO_FOCUS = "#confirm-input"

    def __init__(self, question: str, word: str) -> None:
        super().__init__()
        self.question, self.word = question, word

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(safe_lines(self.question))
            yield TypedInput(placeholder=f"type {self.word}", id="confirm-input", compact=True)
            yield Label("Enter to confirm, Escape to keep everything.", classes="dim", markup=False)

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[bool]):
    """A yes-or-no question before something that cannot be undone: y answers yes; n or Escape, no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="ask.yes"),
        Binding("n,escape", "answer(False)", "No", id="ask.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box"):
            yield Static(safe_lines(self.question))
            yield Static(ANSWERS, id="ask-answers")

    def on_click(self, event: Click) -> None:
        """A click beside the box answers no, as Escape does (the mouse had no way to answer, QA)."""
        if event.widget is self:
            self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


ANSWERS = Content.assemble(
    Content.styled("y: yes", "bold").stylize(Style.from_meta({"@click": "screen.answer(True)"})),
    Content.styled(" · ", "dim"),
    Content.styled("n or Escape: no", "dim").stylize(Style.from_meta({"@click": "screen.answer(False)"})),
)
"""The answers under a yes-or-no question, each a key and a place to click."""
