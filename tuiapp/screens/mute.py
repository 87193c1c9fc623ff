"""Mute from the card: which one, the creator, one of its hashtags or its sound."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from recommender.video import Video

from ..safe_text import safe

KINDS = {"creator": ("@", "creator"), "hashtag": ("#", "hashtag"), "sound": ("♫ ", "sound")}
"""What can be muted from a card: the sign shown before it and the word for it."""


def mute_line(kind: str, value: str) -> Content:
    """`creator  @ana`: what is (or would be) muted, as catalog text cut to a line's worth."""
    sign = KINDS[kind][0] if kind in KINDS else ""
    return Content.assemble((f"{kind:<8} ", "dim"), safe(sign + value, "bold", limit=60))


def choices(video: Video) -> list[tuple[str, str]]:
    """(kind, value) the card offers to mute: its creator, each hashtag, its sound."""
    found = [("creator", video.creator), *(("hashtag", h) for h in video.hashtags), ("sound", video.sound)]
    return [(kind, value) for kind, value in found if value]


class MuteScreen(ModalScreen[tuple[str, str] | None]):
    """Choose what of the card to mute; Enter mutes it, Escape keeps everything."""

    BINDINGS = [Binding("escape,x", "cancel", "Cancel")]

    def __init__(self, video: Video) -> None:
        super().__init__()
        self.options = choices(video)

    def compose(self) -> ComposeResult:
        with Vertical(id="mute-box"):
            yield Static("Mute what? Its videos will not appear again (unmute in settings).", markup=False)
            yield OptionList(
                *(Option(mute_line(kind, value), id=str(i)) for i, (kind, value) in enumerate(self.options)),
                id="mute-choices",
            )
            yield Label("Enter mutes, Escape cancels.", classes="dim", markup=False)

    def on_mount(self) -> None:
        choices = self.query_one("#mute-choices", OptionList)
        choices.focus()
        choices.highlighted = 0  # Enter at once mutes the creator

    @on(OptionList.OptionSelected, "#mute-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
