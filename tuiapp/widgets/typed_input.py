"""An Input that takes a burst of keys in the order they were typed."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import BindingsMap
from textual.screen import Screen
from textual.widgets import Input

from ..safe_text import typed


class TypedInput(Input):
    """An Input whose keys act in the order they were typed, whichever field has the focus by then.

    Each widget has a queue of its own, so a burst of keys (typed fast, pasted, or on a loaded machine) was handed
    to the field focused as the app read each key, then acted on as each queue got its turn: 'c', Backspace,
    'sourdough bread' read 'csourdough brea' (the Backspace went up to the app's bindings while the letters went
    straight in), and in the post form 't1 Enter c1 Enter h1 Enter s1' put h1 and s1 two fields on (the keys after
    each Enter were already the field's it left, and went on through the app behind later ones). So a key the app
    hands a TypedInput goes to the back of its screen's one queue, and when its turn comes it acts on the field
    focused then (`_take`): the keys after an Enter that moves on reach the next field, in order. A key no field
    takes (Escape, a screen's own keys) goes on from that field as Textual sends it, to the screen's bindings.

    Its value holds only what may be drawn as it is (`safe_text.typed`): Input draws its value raw, so a pasted or
    pre-filled ESC reached the terminal.
    """

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.screen.call_later(_in_turn, self.screen, event):
            event._set_forwarded()
            return
        super()._forward_event(event)

    async def _on_key(self, event: events.Key) -> None:
        if not getattr(event, _PASSED_ON, False) and await self._take(event):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    async def _take(self, event: events.Key) -> bool:
        """Act on one key as this field's own (an Enter that moves on, tab, editing, a letter); False leaves it to
        the screen's bindings."""
        if event.key == "enter" and self.entered():
            return True
        if event.key in ("tab", "shift+tab") and all(
            b.action in _FOCUS_MOVES for b in self.screen._bindings.key_to_bindings.get(event.key, ())
        ):  # the focus keys, a screen's own use of tab aside
            (self.screen.focus_next if event.key == "tab" else self.screen.focus_previous)()
            return True
        if event.is_printable:
            await super()._on_key(event)  # Input inserts it
            return True
        for binding in _EDITING.get(event.key, ()):
            if await self.app.run_action(binding.action, self):  # one with nothing to do goes on up
                return True
        return False

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
_PASSED_ON = "_tiktui_passed_on"
"""Set on a key `_in_turn` found no field to take: the field it goes on from does not take it again."""


async def _in_turn(screen: Screen[Any], event: events.Key) -> None:
    """One key handed to a TypedInput of `screen`, now that the keys before it have acted: to the field focused now."""
    app = screen.app
    if app.screen is not screen:  # the screen was left (Escape, a post made): the key goes where the focus is now
        app.post_message(events.Key(event.key, event.character))
        return
    focused = app.focused
    if isinstance(focused, TypedInput) and not focused.disabled:
        if await focused._take(event):
            return
        setattr(event, _PASSED_ON, True)
        focused.post_message(event)  # on from the field, as Textual sends a key: up to the screen's bindings
    else:  # a button or a list has the focus now: the key goes to it as the app would have sent it
        (focused or screen)._forward_event(events.Key(event.key, event.character))
