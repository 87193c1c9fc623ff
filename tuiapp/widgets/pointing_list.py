"""A list whose rows do something the viewer should mean: a click points at a row, Enter does it."""

from __future__ import annotations

from textual.events import Click
from textual.widgets import OptionList


class PointingList(OptionList):
    """An OptionList where a click only highlights its row; Enter (or the screen's key) acts on it.

    For rows that mute, unmute, remove a filter or change a topic: a click that did it at once did what the viewer
    had not asked for, and a double click did it and undid it (QA: a click on a genre muted it; in settings, a
    click on a keyword filter started removing it, one on a mute unmuted it, one on a topic changed it).
    """

    async def _on_click(self, event: Click) -> None:
        event.prevent_default()  # not OptionList's own, which selects
        clicked = event.style.meta.get("option")
        if clicked is not None:
            self.highlighted = clicked
