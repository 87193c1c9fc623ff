"""An Input that takes a burst of keys in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.binding import BindingsMap
from textual.widgets import Input

from ..safe_text import typed


class TypedInput(Input):
    """An Input whose own keys (Backspace, the arrows, Enter...) act when they come, as a letter does.

    A plain Input inserts a letter as soon as it gets it, but leaves a key it binds to bubble up to the app, which
    runs the binding later: typed fast or pasted, 'c', Backspace, 'sourdough bread' read 'csourdough brea' (the
    Backspace took the last letter, not the c). A key that reaches a field the focus has left (an Enter moved it on
    while the keys after it were already queued here) goes on to the field that has it, through the app.

    Its value holds only what may be drawn as it is (`safe_text.typed`): Input draws its value raw, so a pasted or
    pre-filled ESC reached the terminal.
    """

    async def _on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if focused is not self and focused is not None and focused.screen is self.screen:
            event.stop()
            event.prevent_default()
            # Back through the app, not straight to the field that has the focus: the app hands keys on in order,
            # so one that must first pass through another field (an Enter) is not overtaken by the letters after it.
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter" and focused is self and self.entered():
            event.stop()
            event.prevent_default()
            return
        if event.key in ("tab", "shift+tab") and all(
            b.action in _FOCUS_MOVES for b in self.screen._bindings.key_to_bindings.get(event.key, ())
        ):  # the focus keys (a screen's own use of tab aside), run now: 'def Tab ghi' put ghi in the field Tab left
            event.stop()
            event.prevent_default()
            (self.screen.focus_next if event.key == "tab" else self.screen.focus_previous)()
            return
        if not event.is_printable:
            for binding in _EDITING.get(event.key, ()):
                if await self.app.run_action(binding.action, self):  # one with nothing to do goes on up, as before
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)

    def validate_value(self, value: str) -> str:
        return typed(value)

    def replace(self, text: str, start: int, end: int) -> None:
        text = typed(text)  # cleaned before the cursor is placed after it
        if self.max_length:
            # A paste longer than the room left was refused whole, with only the terminal's bell (QA: 208 characters
            # pasted into search left it empty): the room's worth goes in, and a toast says the rest did not.
            low, high = sorted((max(0, start), min(len(self.value), end)))  # as Input reads them
            room = max(0, self.max_length - (len(self.value) - (high - low)))
            if len(text) > room and len(text) > 1:
                self.app.notify(
                    f"Only the first {room:,} of the {len(text):,} characters pasted went in: "
                    f"this field holds {self.max_length:,} at most",
                    severity="warning",
                )
                text = text[:room]
        super().replace(text, start, end)

    def entered(self) -> bool:
        """Enter on this field, run as it comes, before the keys typed after it (a form moves on to its next field
        here: moved once the screen heard of the Enter, the keys behind it went into the field left). True when it
        did what Enter does here; False (the default) leaves Enter to Input, which submits."""
        return False


_FOCUS_MOVES = frozenset({"focus_next", "focus_previous", "app.focus_next", "app.focus_previous"})
"""What tab and shift+tab do on a screen that gives them no other use."""
_EDITING = BindingsMap(Input.BINDINGS).key_to_bindings
"""The keys Input binds itself (editing, Enter), not those it inherits (up and down scroll, and a screen takes them)."""
