"""An Input that takes a burst of keys in the order they were typed."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.binding import BindingsMap
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Input

from ..safe_text import typed


class TypedInput(Input):
    """An Input whose keys act in the order they were typed, whichever field or screen has them by then.

    Each widget has a queue of its own, so a burst of keys (typed fast, pasted, or on a loaded machine) was handed
    to the field focused as the app read each key, then acted on as each queue got its turn: 'c', Backspace,
    'sourdough bread' read 'csourdough brea' (the Backspace went up to the app's bindings while the letters went
    straight in); in the post form 't1 Enter c1 Enter h1 Enter s1' put h1 and s1 two fields on; and in the comment
    box 'nice Enter j c more Enter' typed 'j c more' into the box its Enter was closing, whose second Enter closed
    the feed under it: a crash. So a key (or a paste) the app hands a TypedInput waits its turn behind the keys
    before it, with a worker of the app's (`_Typist`), then acts where the focus is now: on the field focused then
    (`_take`: a letter, editing, tab, an Enter that moves on or is submitted, the screen hearing of it before the
    next key acts), or through the screen's bindings (Down to a list, Escape), or, on a screen that came
    meanwhile, there.

    Its value holds only what may be drawn as it is (`safe_text.typed`): Input draws its value raw, so a pasted or
    pre-filled ESC reached the terminal.
    """

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)):  # a paste too: 'regex' pasted, then Enter, finds regex
            event._set_forwarded()
            _Typist.of(self.app).put(self.screen, event)
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
        if event.key == "enter":
            if not self.entered():
                await self._submit()
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

    async def _submit(self) -> None:
        """Enter, as Input submits, but heard by the screen before the next key acts (a comment box is closed then,
        and the keys after its Enter go to the feed under it). A screen slow to answer holds the keys SUBMIT_WAIT
        seconds at most."""
        checked = self.validate(self.value) if "submitted" in self.validate_on else None
        self.screen.post_message(self.Submitted(self, self.value, checked))
        await _through(self.screen)

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


def goes_on_in(field: Input, event: events.Key) -> None:
    """A letter or Backspace typed where no field takes it goes on in `field`, which takes the focus now: the keys
    after it (an Enter) go there too (search's results, settings' buttons)."""
    event.stop()
    event.prevent_default()
    field.screen.set_focus(field)
    if event.key == "backspace":
        field.action_delete_left()
    elif event.character:
        field.insert_text_at_cursor(event.character)


_FOCUS_MOVES = frozenset({"focus_next", "focus_previous", "app.focus_next", "app.focus_previous"})
"""What tab and shift+tab do on a screen that gives them no other use."""
_EDITING = BindingsMap(Input.BINDINGS).key_to_bindings
"""The keys Input binds itself (editing, Enter), not those it inherits (up and down scroll, and a screen takes them)."""
SUBMIT_WAIT = 1.0
"""Seconds the keys after an Enter wait at most for the screen to hear of it (`TypedInput._submit`), and after a
key that is not a letter for the app to do what it set going (`_through`)."""
_PASSED_ON = "_tiktui_passed_on"
"""Set on a key `_in_turn` found no field to take: the field it goes on from does not take it again."""


class _Typist:
    """The keys the app handed TypedInputs, acted on one at a time in the order it read them (`_in_turn`), by a
    worker of their own: waiting for a screen to hear of an Enter holds the keys behind it, not the app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.keys: deque[tuple[Screen[Any], events.Key | events.Paste]] = deque()
        self.busy = False

    @classmethod
    def of(cls, app: App[Any]) -> _Typist:
        typist = getattr(app, "_tiktui_typist", None)
        if typist is None:
            typist = cls(app)
            app._tiktui_typist = typist  # type: ignore[attr-defined]
        return typist

    def put(self, screen: Screen[Any], event: events.Key | events.Paste) -> None:
        self.keys.append((screen, event))
        if not self.busy:
            self.busy = True
            self.app.run_worker(self._type(), group="typed keys", exit_on_error=True)

    async def _type(self) -> None:
        try:
            while self.keys:
                screen, event = self.keys.popleft()
                await _in_turn(screen, event)
                # What it set going on the app's queue is done first: a binding's `focus()` is done there, later
                # (Down on a search moved to its results, but the Down after it still found the input focused).
                if isinstance(event, events.Key) and not event.is_printable:
                    await _through(self.app)
        finally:
            self.busy = False


async def _through(pump: MessagePump) -> None:
    """Wait until `pump` has got through what is on its queue now, SUBMIT_WAIT seconds at most."""
    done = asyncio.Event()
    if pump.call_later(done.set):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), SUBMIT_WAIT)


async def _in_turn(screen: Screen[Any], event: events.Key | events.Paste) -> None:
    """One key or paste handed to a TypedInput of `screen`, now that those before it have acted (see TypedInput)."""
    app = screen.app
    again = events.Paste(event.text) if isinstance(event, events.Paste) else events.Key(event.key, event.character)
    if app.screen is not screen:  # the screen was left (Escape, a post made): it goes where the focus is now
        app.post_message(again)
        return
    focused = app.focused
    if not isinstance(focused, TypedInput) or focused.disabled:  # a list or a button has it: as the app sends it
        (focused or screen)._forward_event(again)
    elif isinstance(event, events.Paste):
        focused._on_paste(event)
    elif not await focused._take(event) and not await app._check_bindings(event.key):
        setattr(event, _PASSED_ON, True)
        focused.post_message(event)  # neither the field's nor a binding: on from the field, as Textual sends a key
