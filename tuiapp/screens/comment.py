"""A one-line comment box over the card."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ..widgets.typed_input import TypedInput


class CommentScreen(ModalScreen[str | None]):
    """Type a comment; Enter saves it, Escape drops it. `text`: what the box holds at first (a comment the data
    file refused, to try again)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="comment-box"):
            yield Label("Add a comment (Enter to save, Escape to cancel)", markup=False)
            yield TypedInput(self.text, placeholder="Say something nice", max_length=500, id="comment-input")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
