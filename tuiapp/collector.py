"""When the garbage collector runs while the feed is up: full collections between swipes, not during them.

Left to itself, CPython runs a full collection after every ten young ones,
wherever that falls; during a swipe that scan of everything the session made
since start-up held the new card back by up to 30 ms. While the app runs, full
collections are only started here: right after a card has reached the
terminal (the viewer is looking at it, not waiting for it: `AFTER_DRAW`) and, for a viewer
who does not swipe, from the feed's tick once as many young collections have
passed as would have started one anyway. Young collections run on their own
between swipes (they scan only what is new); from a key that asks for another
card until that card has reached the terminal none runs at all (`hold`): a
swipe made three or four of them, and every few swipes a middle one of 1-2 ms.
"""

from __future__ import annotations

import gc
import sys
import time

AFTER_DRAW = 0.05
"""Seconds after a card's picture is drawn that a full collection may start: the screen update holding it
has been written by then (a collection holds the interpreter, and with it the thread that writes to the
terminal)."""
BY_HAND = 1_000_000
"""The full collection's threshold while the app runs: never reached, so only `collect` starts one."""
DUE = 10
"""Young (generation 1) collections after which a full one is due: CPython's own default."""
SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the interpreter while another waits for it (Python's default: 0.005). Textual writes
each screen update to the terminal from a thread of its own; while the app's thread goes on with the work after an
update (callbacks, the tick, a young collection), that writer waited up to 5 ms for the interpreter before the new
card left the process."""
HOLD_LIMIT = 0.5
"""Seconds after which a `hold` ends even if no card was drawn (a key that brought none, a hidden card)."""
_held: list[float] = []
"""When the collector was held (`hold`), while it is."""
_python: list[tuple[int, int, int]] = []
"""The thresholds before `settle`, for `restore`."""
_switch: list[float] = []
"""The switch interval before `settle`, for `restore`."""


def settle() -> None:
    """The first card is up: what start-up made lives as long as the app, so freeze it; from now on full
    collections are started here, and the collector runs again (held off while tiktui starts)."""
    gc.freeze()
    if not _python:
        _python.append(gc.get_threshold())
    young, middle, _ = _python[0]
    gc.set_threshold(young, middle, BY_HAND)
    gc.enable()
    if not _switch:
        _switch.append(sys.getswitchinterval())
    sys.setswitchinterval(SWITCH_INTERVAL)


def hold() -> None:
    """A key asked for another card: no collection until it is drawn (`collect` after the draw ends the hold;
    `release` when no card comes; a tick after `HOLD_LIMIT`). Only while the app runs the collector (`settle`)."""
    if gc.get_threshold()[2] == BY_HAND and gc.isenabled():
        gc.disable()
        _held.append(time.monotonic())


def release(now: float | None = None) -> None:
    """End a hold (no card is coming); with `now`, only one that has lasted `HOLD_LIMIT`."""
    if _held and (now is None or now - _held[0] >= HOLD_LIMIT):
        _held.clear()
        gc.enable()


def restore() -> None:
    """The app has ended: the collector as Python sets it (tests run many apps in one process)."""
    release()
    if _python:
        gc.set_threshold(*_python.pop())
    if _switch:
        sys.setswitchinterval(_switch.pop())
    gc.unfreeze()


def collect(after_draw: bool) -> None:
    """A full collection if one is waiting: after a card was drawn, as soon as a young collection has
    passed since the last one; from a tick, once one is due. A hold ends here: after a draw, or from a tick
    once it has lasted `HOLD_LIMIT`."""
    release(None if after_draw else time.monotonic())
    if gc.get_threshold()[2] == BY_HAND and gc.get_count()[2] >= (1 if after_draw else DUE):
        gc.collect()
